import { Box } from 'ink';
import type { ConnectInfo } from '../src/machine/services';
import { type Binding, useKeys } from './use-keys';
import { Txt } from './widgets/color';
import { Frame } from './widgets/Frame';

export interface WorkingProps {
  title: string;
  /** What is happening, e.g. "Reading the selected VMs and planning…". */
  doing: string;
  connection?: ConnectInfo;
  progress: readonly string[];
  onQuit: () => void;
}

/** A busy screen for planning and verifying: the latest progress lines. */
export function Working(p: WorkingProps) {
  const bindings: Binding[] = [{ keys: ['q'], run: p.onQuit }];
  const { help } = useKeys(bindings);
  return (
    <Frame title={p.title} connection={p.connection} bindings={bindings} help={help}>
      <Txt>{p.doing}</Txt>
      <Box flexDirection="column">
        {p.progress.length ? (
          <Txt dim>
            {p.progress
              .slice(-6)
              .map((line) => `  ${line}`)
              .join('\n')}
          </Txt>
        ) : null}
      </Box>
    </Frame>
  );
}
