/** In-memory CliIO for running `main()` in-process. */
import { PassThrough, Writable } from 'node:stream';
import type { CliIO } from '../../src/workflows/io';

export interface CapturedIO extends CliIO {
  out(): string;
  err(): string;
  abort(): void;
}

function sink(isTTY: boolean): Writable & { text: string; isTTY: boolean } {
  const s = new Writable({
    write(chunk, _enc, cb) {
      s.text += chunk.toString();
      cb();
    },
  }) as Writable & { text: string; isTTY: boolean };
  s.text = '';
  s.isTTY = isTTY;
  return s;
}

export function captureIO(options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}): CapturedIO {
  const stdout = sink(Boolean(options.tty));
  const stderr = sink(Boolean(options.tty));
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = Boolean(options.tty);
  const controller = new AbortController();
  return {
    stdout,
    stderr,
    stdin,
    env: options.env ?? {},
    interrupt: controller.signal,
    out: () => stdout.text,
    err: () => stderr.text,
    abort: () => controller.abort(),
  };
}
