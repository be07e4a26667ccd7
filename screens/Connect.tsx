import { Box } from 'ink';
import type { ConnectInfo } from '../src/machine/services';
import { type Binding, useKeys } from './use-keys';
import { Txt } from './widgets/color';
import { Frame } from './widgets/Frame';

export interface ConnectProps {
  phase: 'signing-in' | 'discovering';
  connection?: ConnectInfo;
  progress: readonly string[];
  /** The built-in simulated tenant, before its connection info is known. */
  demo?: boolean;
  onQuit: () => void;
}

/** Sign-in, then the tenant and its subscriptions while the VM inventory is read. */
export function Connect(p: ConnectProps) {
  const bindings: Binding[] = [{ keys: ['q'], run: p.onQuit }];
  const { help } = useKeys(bindings);
  const c = p.connection;
  return (
    <Frame title="Connect" connection={c} bindings={bindings} help={help}>
      {p.phase === 'signing-in' || !c ? (
        <Txt>
          {p.demo
            ? 'Starting the simulated tenant…'
            : 'Signing in… (like az: Azure CLI, then the browser or a device code)'}
        </Txt>
      ) : (
        <Box flexDirection="column">
          <Txt>{`Signed in${c.account ? ` as ${c.account}` : ''} · ${c.cloud} · tenant ${c.tenantName} (${c.tenantId})`}</Txt>
          <Txt>{`Subscriptions (${c.subscriptions.length}): ${c.subscriptions.map((s) => s.displayName).join(', ') || 'none visible'}`}</Txt>
          <Box marginTop={1} flexDirection="column">
            <Txt>Reading VMs…</Txt>
            {p.progress.length ? (
              <Txt dim>
                {p.progress
                  .slice(-4)
                  .map((line) => `  ${line}`)
                  .join('\n')}
              </Txt>
            ) : null}
          </Box>
        </Box>
      )}
    </Frame>
  );
}
