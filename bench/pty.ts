/**
 * A pseudo-terminal whose output feeds a headless xterm, timed precisely: a wait resolves with the arrival
 * time of the output chunk that made the screen match, checked after xterm parsed that chunk. No polling, so
 * a keystroke-to-frame latency is not rounded up to a poll interval.
 */
import xterm from '@xterm/headless';
import * as pty from 'node-pty';

export interface TimedTerminal {
  pid: number;
  /** performance.now() just before the process was spawned. */
  spawnedAt: number;
  /** The visible screen, one string per row, trailing spaces trimmed. */
  screen(): string;
  /** Resolves with the arrival time (performance.now()) of the chunk after which `predicate` held. */
  until(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<number>;
  write(data: string): void;
  exited: Promise<number>;
  kill(): void;
}

interface Waiter {
  predicate: (screen: string) => boolean;
  resolve: (at: number) => void;
}

export function spawnTimed(
  command: string,
  args: string[],
  options: { cols?: number; rows?: number; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): TimedTerminal {
  const cols = options.cols ?? 120;
  const rows = options.rows ?? 40;
  const term = new xterm.Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true });
  const screen = () => {
    const buffer = term.buffer.active;
    const out: string[] = [];
    for (let i = buffer.viewportY; i < buffer.viewportY + rows; i++) {
      out.push(buffer.getLine(i)?.translateToString(true) ?? '');
    }
    return out.join('\n');
  };
  let waiters: Waiter[] = [];
  const check = (at: number) => {
    if (waiters.length === 0) return;
    const s = screen();
    waiters = waiters.filter((w) => {
      if (!w.predicate(s)) return true;
      w.resolve(at);
      return false;
    });
  };
  const spawnedAt = performance.now();
  const child = pty.spawn(command, args, {
    name: 'xterm-256color',
    cols,
    rows,
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env } as Record<string, string>,
  });
  child.onData((data) => {
    const at = performance.now();
    term.write(data, () => check(at));
  });
  let done = false;
  const exited = new Promise<number>((resolve) =>
    child.onExit((e) => {
      done = true;
      resolve(e.exitCode);
    }),
  );
  return {
    pid: child.pid,
    spawnedAt,
    screen,
    until: (predicate, what, timeoutMs = 30_000) =>
      new Promise<number>((resolve, reject) => {
        if (predicate(screen())) {
          resolve(performance.now());
          return;
        }
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`timed out waiting for ${what}; screen was:\n${screen()}`));
        }, timeoutMs);
        const waiter: Waiter = {
          predicate,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
        waiters.push(waiter);
        void exited.then(() =>
          setTimeout(() => {
            if (!waiters.includes(waiter)) return;
            waiters = waiters.filter((w) => w !== waiter);
            clearTimeout(timer);
            reject(new Error(`the program exited while waiting for ${what}; screen was:\n${screen()}`));
          }, 50),
        );
      }),
    write: (data) => child.write(data),
    exited,
    kill: () => {
      if (!done) child.kill();
    },
  };
}

/** A non-blank screen: the first frame of anything. */
export const hasContent = (screen: string): boolean => /\S/.test(screen);
