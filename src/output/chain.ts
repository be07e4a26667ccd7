/**
 * The sign-in chain as a picture for a terminal: one box per link (client PC → Entra ID token → Bastion → VM)
 * with its state in a glyph and a word, the failing link marked "FAILS HERE", then one paragraph per link with
 * what it is and the prediction's reasons about it. Glyphs and words carry the meaning, colour only repeats it,
 * so the picture reads the same under NO_COLOR. Fits `width` columns: titles are shortened in the boxes (the
 * paragraphs below give them whole), and below the width of the boxes the links are drawn one under another.
 */
import type { ChainLink, LinkState, SignInChain } from '../checks/signin-chain';
import type { Colour } from '../plan/glyphs-and-wording';
import { terminalSafeDeep } from '../plan/untrusted';
import { type Paint, paint } from './ansi';

const STATE: Record<LinkState, { glyph: string; word: string; colour: Colour }> = {
  ok: { glyph: '✔', word: 'ok', colour: 'green' },
  'no-mfa': { glyph: '▲', word: 'no MFA', colour: 'yellow' },
  unknown: { glyph: '?', word: 'unknown', colour: 'yellow' },
  fail: { glyph: '✖', word: 'FAILS', colour: 'red' },
};

const ARROW = '──▶';
/** Shortest a box title is cut to before the picture goes vertical. */
const MIN_TITLE = 9;

const len = (s: string) => [...s].length;

function cut(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(1, width - 1)).join('')}…`;
}

function stateWord(link: ChainLink): string {
  const s = STATE[link.state];
  return `${s.glyph} ${link.decisive ? 'FAILS HERE' : s.word}`;
}

/** Words wrapped to `width`; a word longer than a line is cut across lines. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (len(w) > width) {
      if (line) lines.push(line);
      line = '';
      lines.push([...w].slice(0, width).join(''));
      w = [...w].slice(width).join('');
    }
    if (!w) continue;
    if (!line) line = w;
    else if (len(line) + 1 + len(w) <= width) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** Box widths (inner) for the titles cut to `titleMax`; the state words are never cut. */
function innerWidths(links: readonly ChainLink[], titleMax: number): number[] {
  return links.map((l) => Math.max(len(stateWord(l)), Math.min(len(l.title), titleMax)) + 2);
}

const total = (inner: number[]) => inner.reduce((s, w) => s + w + 2, 0) + (inner.length - 1) * len(ARROW);

function boxes(links: readonly ChainLink[], width: number, p: Paint): string[] | undefined {
  let titleMax = Math.max(...links.map((l) => len(l.title)));
  while (total(innerWidths(links, titleMax)) > width && titleMax > MIN_TITLE) titleMax--;
  const inner = innerWidths(links, titleMax);
  if (total(inner) > width) return undefined;
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - len(s)));
  const top = inner.map((w) => `┌${'─'.repeat(w)}┐`).join(' '.repeat(len(ARROW)));
  const bottom = inner.map((w) => `└${'─'.repeat(w)}┘`).join(' '.repeat(len(ARROW)));
  const titles = links.map((l, i) => `│ ${pad(cut(l.title, inner[i]! - 2), inner[i]! - 2)} │`).join(ARROW);
  const states = links
    .map((l, i) => {
      const s = STATE[l.state];
      const word = stateWord(l);
      const shown = p.colour(s.colour, s.glyph) + word.slice(s.glyph.length);
      return `│ ${shown}${' '.repeat(Math.max(0, inner[i]! - 2 - len(word)))} │`;
    })
    .join(' '.repeat(len(ARROW)));
  return [top, titles, states, bottom];
}

function column(links: readonly ChainLink[], width: number, p: Paint): string[] {
  return links.flatMap((l, i) => {
    const s = STATE[l.state];
    const line = cut(`${l.title}: ${stateWord(l)}`, width - 2);
    const shown = line.replace(stateWord(l), p.colour(s.colour, s.glyph) + stateWord(l).slice(s.glyph.length));
    return [...(i > 0 ? ['  ↓'] : []), `  ${shown}`];
  });
}

/** The picture and the paragraphs, as lines no wider than `width` (at least 40). */
export function renderChainLines(input: SignInChain, options: { color: boolean; width: number }): string[] {
  const chain = terminalSafeDeep(input);
  const p = paint(options.color);
  const width = Math.max(40, options.width);
  const out = wrapWords(`Sign-in chain: ${chain.user} to ${chain.vm} by ${chain.method}`, width).map((l) => p.bold(l));
  out.push(...(boxes(chain.links, width, p) ?? column(chain.links, width, p)));
  const label = Math.min(20, Math.max(...chain.links.map((l) => len(l.title))) + 4);
  const text = width - label - 4;
  for (const l of chain.links) {
    const s = STATE[l.state];
    // A title too long for the label column gets a line of its own, whole (the box above may have cut it).
    const own = len(l.title) > label - 4;
    const title = own ? '' : l.title;
    const head = `${p.colour(s.colour, s.glyph)} ${title}`;
    const headWidth = 2 + len(title);
    const indent = ' '.repeat(label + 2);
    if (own) {
      for (const line of wrapWords(l.title, width - 4)) out.push(`  ${p.colour(s.colour, s.glyph)} ${line}`);
    }
    const mark = (kind: string) => (kind === 'fails' ? '✖' : kind === 'unknown' ? '?' : '·');
    const paragraph = [l.facts.join('; '), ...l.notes.map((n) => `${mark(n.kind)} ${n.text}`)];
    paragraph.forEach((para, k) => {
      // Continuation lines hang two columns in, under the text after the mark.
      wrapWords(para, k > 0 ? text - 2 : text).forEach((line, j) => {
        const lead =
          k === 0 && j === 0 && !own
            ? `  ${head}${' '.repeat(label - headWidth)}`
            : `${indent}${j > 0 && k > 0 ? '  ' : ''}`;
        out.push(`${lead}${line}`);
      });
    });
  }
  return out;
}

export function renderChainText(chain: SignInChain, options: { color: boolean; width: number }): string {
  return `${renderChainLines(chain, options).join('\n')}\n`;
}
