import { Box } from 'ink';
import { Txt } from './color';

export interface MenuOption<V extends string> {
  value: V;
  label: string;
  /** Shown under the menu for the highlighted option: what choosing it does. */
  explain: string;
}

/** A vertical menu whose highlighted choice is explained below it, so the admin knows what enter will do. */
export function ConfirmMenu<V extends string>({
  options,
  cursor,
}: {
  options: readonly MenuOption<V>[];
  cursor: number;
}) {
  const active = options[cursor];
  return (
    <Box flexDirection="column" marginTop={1}>
      {options.map((o, i) => (
        <Txt key={o.value} c={i === cursor ? 'cyan' : undefined} bold={i === cursor}>
          {`${i === cursor ? '❯' : ' '} ${o.label}`}
        </Txt>
      ))}
      {active ? <Txt dim>{`  ${active.explain}`}</Txt> : null}
    </Box>
  );
}
