import { Box } from 'ink';
import { Txt } from './color';

export type BannerKind = 'simulated' | 'notice' | 'error' | 'success';

const STYLE = {
  simulated: { c: 'magenta', glyph: '◆' },
  notice: { c: 'yellow', glyph: '▲' },
  error: { c: 'red', glyph: '✖' },
  success: { c: 'green', glyph: '✔' },
} as const;

/** One highlighted line (and an optional hint line below it). */
export function Banner({ kind, text, hint }: { kind: BannerKind; text: string; hint?: string }) {
  const s = STYLE[kind];
  return (
    <Box flexDirection="column">
      <Box>
        <Txt c={s.c} bold>{`${s.glyph} `}</Txt>
        <Txt c={s.c} bold>
          {text}
        </Txt>
      </Box>
      {hint ? (
        <Box paddingLeft={2}>
          <Txt dim>{hint}</Txt>
        </Box>
      ) : null}
    </Box>
  );
}

export const SIMULATED_TEXT = 'Simulated tenant: nothing here touches Azure.';
