/**
 * A real pseudo-terminal (node-pty) whose output feeds a headless xterm, so tests read the screen a person
 * would see, and type keystroke by keystroke. Waits poll the rendered screen; there are no fixed sleeps.
 */
import xterm from '@xterm/headless';
import * as pty from 'node-pty';

export const KEYS = {
  enter: '\r',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  esc: '\x1b',
  space: ' ',
  tab: '\t',
  backspace: '\x7f',
  ctrlC: '\x03',
} as const;

export interface TerminalSession {
  /** The visible screen, one string per row, trailing spaces trimmed. */
  screen(): string;
  /** Everything the program wrote, scrollback included. */
  history(): string;
  /** The raw bytes the program wrote (escape sequences included), for colour and width checks. */
  raw(): string;
  waitForText(text: string | RegExp, timeoutMs?: number): Promise<void>;
  waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<void>;
  press(...keys: string[]): void;
  type(text: string): void;
  exited: Promise<number>;
  kill(): void;
}

export function spawnTerminal(
  command: string,
  args: string[],
  options: { cols?: number; rows?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): TerminalSession {
  const cols = options.cols ?? 100;
  const rows = options.rows ?? 40;
  const term = new xterm.Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
  // The session models an admin's terminal, not the CI job around the tests: CI (and CI=true) makes chalk drop
  // every style, which an admin's terminal would show. A test that wants it sets it in `options.env`.
  const { CI: _ci, ...inherited } = process.env;
  const child = pty.spawn(command, args, {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: options.cwd ?? process.cwd(),
    env: { ...inherited, ...options.env } as Record<string, string>,
  });
  let pendingWrites = 0;
  const rawChunks: string[] = [];
  child.onData((data) => {
    rawChunks.push(data);
    pendingWrites++;
    term.write(data, () => {
      pendingWrites--;
    });
  });
  const exited = new Promise<number>((resolve) => child.onExit((e) => resolve(e.exitCode)));
  let done = false;
  void exited.then(() => {
    done = true;
  });

  const lines = (from: number, to: number) => {
    const buffer = term.buffer.active;
    const out: string[] = [];
    for (let i = from; i < to; i++) out.push(buffer.getLine(i)?.translateToString(true) ?? '');
    return out.join('\n');
  };
  const screen = () => {
    const buffer = term.buffer.active;
    return lines(buffer.viewportY, buffer.viewportY + rows);
  };
  const history = () => lines(0, term.buffer.active.length);

  const waitFor = async (predicate: (s: string) => boolean, what: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (pendingWrites === 0 && predicate(screen())) return;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; screen was:\n${screen()}`);
      }
      if (done && pendingWrites === 0 && !predicate(screen())) {
        throw new Error(`program exited while waiting for ${what}; screen was:\n${screen()}`);
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  };

  return {
    screen,
    history,
    raw: () => rawChunks.join(''),
    waitFor,
    waitForText: (text, timeoutMs) =>
      waitFor((s) => (typeof text === 'string' ? s.includes(text) : text.test(s)), `text ${String(text)}`, timeoutMs),
    press: (...keys) => {
      for (const k of keys) child.write(k);
    },
    type: (text) => child.write(text),
    exited,
    kill: () => {
      if (!done) child.kill();
    },
  };
}
