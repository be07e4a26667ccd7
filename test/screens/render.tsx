/**
 * The one render helper for screen tests. It follows ink-testing-library's fake streams but sets the terminal
 * width (ink-testing-library's stdout is fixed at 100 columns, and goldens need 80 and 120) and waits for
 * frames by listening to writes instead of sleeping.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Instance, render } from 'ink';
import type { ReactNode } from 'react';
import { expect } from 'vitest';

export class FakeStdout extends EventEmitter {
  readonly frames: string[] = [];
  isTTY = false;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (frame: string, ...rest: unknown[]) => {
    this.frames.push(frame);
    this.emit('frame', frame);
    // Ink waits for write callbacks before it settles an unmount.
    const callback = rest.find((x) => typeof x === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = () => {
    const d = this.data;
    this.data = null;
    return d;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

const KEYS: Record<string, string> = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
  esc: '\u001B',
  space: ' ',
  tab: '\t',
  backspace: '\u007F',
  pageup: '\u001B[5~',
  pagedown: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  'ctrl-c': '\u0003',
};

const ANSI = /\u001B\[[0-9;?]*[ -/]*[@-~]/g;
export const stripAnsi = (s: string) => s.replace(ANSI, '');

/** Lets React run passive effects (useInput subscriptions) before the next key arrives. */
const settle = () => new Promise<void>((r) => setImmediate(r));

const mounted: Instance[] = [];

export interface Rendered {
  /** The last frame without ANSI codes. */
  frame(): string;
  frames: string[];
  stdin: FakeStdin;
  stdout: FakeStdout;
  /** A named key (up, down, enter, esc, space, tab, backspace, pageup, pagedown, ctrl-c) or literal text. */
  press(key: string): Promise<void>;
  type(text: string): Promise<void>;
  waitForFrame(predicate: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
  waitForText(text: string, timeoutMs?: number): Promise<string>;
  /**
   * The frame once drawing has stopped: lists that fill the screen measure their space after the first frame
   * and draw again, so a golden waits for that second frame.
   */
  settled(): Promise<string>;
  /** Renders new props into the same tree: local state (cursors) is kept, as in the running wizard. */
  rerender(node: ReactNode): void;
  unmount(): void;
}

export function renderScreen(node: ReactNode, { columns = 80, rows = 40 } = {}): Rendered {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const stderr = new FakeStdout(columns, rows);
  const instance = render(node, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
    interactive: false,
  });
  mounted.push(instance);
  const frame = () => stripAnsi(stdout.frames.at(-1) ?? '');
  const waitForFrame = (predicate: (f: string) => boolean, timeoutMs = 3000) =>
    new Promise<string>((resolve, reject) => {
      if (predicate(frame())) return resolve(frame());
      const onFrame = () => {
        if (!predicate(frame())) return;
        clearTimeout(timer);
        stdout.off('frame', onFrame);
        resolve(frame());
      };
      const timer = setTimeout(() => {
        stdout.off('frame', onFrame);
        reject(new Error(`No matching frame within ${timeoutMs} ms. Last frame:\n${frame()}`));
      }, timeoutMs);
      stdout.on('frame', onFrame);
    });
  const press = async (key: string) => {
    await settle();
    stdin.write(KEYS[key] ?? key);
    await settle();
  };
  return {
    frame,
    frames: stdout.frames,
    stdin,
    stdout,
    press,
    async type(text) {
      for (const ch of text) await press(ch);
    },
    waitForFrame,
    waitForText: (text, timeoutMs) => waitForFrame((f) => f.includes(text), timeoutMs),
    settled: async () => {
      // No new frame within a few event-loop turns and 30 ms: drawing has stopped.
      for (let seen = -1; seen !== stdout.frames.length; ) {
        seen = stdout.frames.length;
        for (let i = 0; i < 5; i++) await settle();
        await new Promise((r) => setTimeout(r, 30));
      }
      return frame();
    },
    rerender: (node) => instance.rerender(node),
    unmount: () => instance.unmount(),
  };
}

export function cleanup(): void {
  for (const i of mounted.splice(0)) i.unmount();
}

const GOLDEN_DIR = join(import.meta.dirname, '..', 'golden', 'screens');

/** Compares a frame with test/golden/screens/<name>.golden.txt; UPDATE_GOLDEN=1 rewrites it. */
export function expectGolden(name: string, frame: string): void {
  const file = join(GOLDEN_DIR, `${name}.golden.txt`);
  const text = `${frame.replace(/[ \t]+$/gm, '')}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) throw new Error(`Golden ${file} is missing: run the tests with UPDATE_GOLDEN=1.`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}
