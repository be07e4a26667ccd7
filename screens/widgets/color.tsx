/**
 * Colour is decided once at the root (NO_COLOR, --no-color) and read here: when it is off, no colour prop
 * reaches Ink at all, so frames carry no colour codes whatever the terminal supports.
 */
import { Text, type TextProps } from 'ink';
import { Children, createContext, type ReactNode, useContext } from 'react';
import type { Colour } from '../../src/plan/glyphs-and-wording';
import { terminalSafe } from '../../src/plan/untrusted';
import { redact } from '../../src/redact';

export const ColorContext = createContext(true);

export function useColor(): boolean {
  return useContext(ColorContext);
}

export interface TxtProps extends Omit<TextProps, 'color' | 'backgroundColor' | 'dimColor'> {
  c?: Colour | 'blue' | 'white';
  dim?: boolean;
}

/**
 * Screen text is full of tenant strings (VM, group and policy names, service error messages): every string
 * child is passed through the one terminal-escaping function, so an escape sequence in a name is shown, not
 * obeyed, and any token value this run holds is masked. Line breaks the screens put between lines stay.
 */
function safeChildren(children: ReactNode): ReactNode {
  return Children.map(children, (c) =>
    typeof c === 'string'
      ? c
          .split('\n')
          .map((line) => terminalSafe(redact(line)))
          .join('\n')
      : c,
  );
}

/** Text that drops colour and dimming when colour is off; bold, inverse and underline stay. */
export function Txt({ c, dim, children, ...rest }: TxtProps) {
  const color = useColor();
  const safe = safeChildren(children);
  return color ? (
    <Text color={c} dimColor={dim} {...rest}>
      {safe}
    </Text>
  ) : (
    <Text {...rest}>{safe}</Text>
  );
}
