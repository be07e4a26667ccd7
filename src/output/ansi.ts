/**
 * The one place that knows ANSI escape codes. Colour names come from the vocabulary; `enabled: false` gives
 * plain text (the caller decides from `--no-color`, NO_COLOR and whether stdout is a terminal).
 */
import type { Colour } from '../plan/glyphs-and-wording';

const CODES: Record<Colour, number> = { red: 31, green: 32, yellow: 33, magenta: 35, cyan: 36, gray: 90 };

export interface Paint {
  colour(colour: Colour, text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

export function paint(enabled: boolean): Paint {
  const wrap = (open: number, close: number) => (text: string) =>
    enabled && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    colour: (colour, text) => wrap(CODES[colour], 39)(text),
    bold: wrap(1, 22),
    dim: wrap(2, 22),
  };
}
