/**
 * A shell command folded to the terminal's width so that it can be copied and pasted whole into bash or zsh:
 * every line but the last ends in a backslash (line continuation), breaks fall between arguments where they
 * can, and an argument longer than a line is split where the shell joins it back: after `\` outside quotes and
 * inside double quotes (the shell drops backslash-newline), or by closing and reopening single quotes
 * (`'abc'\` + newline + `'def'` is `abcdef`). No line is indented: indentation inside an argument would change it.
 */

type Quote = 'none' | 'single' | 'double';

/** The command's arguments as written, split at spaces outside quotes. */
function words(command: string): string[] {
  const out: string[] = [];
  let word = '';
  let quote: Quote = 'none';
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote === 'none' && c === ' ') {
      if (word) out.push(word);
      word = '';
      continue;
    }
    word += c;
    if (c === '\\' && quote !== 'single' && i + 1 < command.length) {
      word += command[++i];
      continue;
    }
    if (quote === 'none' && (c === "'" || c === '"')) quote = c === "'" ? 'single' : 'double';
    else if ((quote === 'single' && c === "'") || (quote === 'double' && c === '"')) quote = 'none';
  }
  if (word) out.push(word);
  return out;
}

/** One argument longer than a line, in pieces of at most `width` characters each with its continuation. */
function splitWord(word: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let quote: Quote = 'none';
  const room = Math.max(4, width - 2);
  for (let i = 0; i < word.length; i++) {
    let c = word[i]!;
    // An escape and the character it escapes stay together.
    if (c === '\\' && quote !== 'single' && i + 1 < word.length) c += word[++i];
    if (line.length + c.length > room) {
      if (quote === 'single') {
        lines.push(`${line}'\\`);
        line = "'";
      } else {
        lines.push(`${line}\\`);
        line = '';
      }
    }
    line += c;
    if (quote === 'none' && (c === "'" || c === '"')) quote = c === "'" ? 'single' : 'double';
    else if ((quote === 'single' && c === "'") || (quote === 'double' && c === '"')) quote = 'none';
  }
  lines.push(line);
  return lines;
}

export function foldCommand(command: string, width: number): string[] {
  const room = Math.max(8, width);
  if (command.length <= room) return [command];
  const lines: string[] = [];
  let line = '';
  for (const w of words(command)) {
    // Room for " \" at the end of every line but the last.
    if (line && line.length + 1 + w.length + 2 <= room) {
      line += ` ${w}`;
      continue;
    }
    if (line) lines.push(`${line} \\`);
    if (w.length + 2 <= room) {
      line = w;
      continue;
    }
    const pieces = splitWord(w, room);
    lines.push(...pieces.slice(0, -1));
    line = pieces.at(-1)!;
  }
  if (line) lines.push(line);
  return lines;
}
