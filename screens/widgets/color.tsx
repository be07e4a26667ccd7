/**
 * Colour is decided once at the root (NO_COLOR, --no-color) and read here: when it is off, no colour prop
 * reaches Ink at all, so frames carry no colour codes whatever the terminal supports.
 */
import { Text, type TextProps } from 'ink';
import { createContext, useContext } from 'react';
import type { Colour } from '../../src/plan/vocabulary';

export const ColorContext = createContext(true);

export function useColor(): boolean {
  return useContext(ColorContext);
}

export interface TxtProps extends Omit<TextProps, 'color' | 'backgroundColor' | 'dimColor'> {
  c?: Colour | 'blue' | 'white';
  dim?: boolean;
}

/** Text that drops colour and dimming when colour is off; bold, inverse and underline stay. */
export function Txt({ c, dim, ...rest }: TxtProps) {
  const color = useColor();
  return color ? <Text color={c} dimColor={dim} {...rest} /> : <Text {...rest} />;
}
