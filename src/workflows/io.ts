/** What a command needs from the process, injected so that commands run in tests without a real terminal. */
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type { CloudName } from '../plan/types';
import { terminalSafe } from '../plan/untrusted';
import { redact } from '../redact';

export interface CliIO {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  env: NodeJS.ProcessEnv;
  /** Aborted on the first SIGINT, SIGTERM or SIGHUP; the reason is the signal's name. */
  interrupt: AbortSignal;
}

export interface GlobalOptions {
  demo: boolean;
  cloud?: CloudName;
  tenant?: string;
  subscription: string[];
  clientId?: string;
  deviceCode: boolean;
  /** False with --no-color or NO_COLOR. */
  color: boolean;
  /** `--request-timeout` in milliseconds; the gateway's default (30 s) when absent. */
  requestTimeoutMs?: number;
}

/** Colour only when asked for, not disabled by NO_COLOR (https://no-color.org), and writing to a terminal. */
export function wantsColor(globals: GlobalOptions, io: CliIO, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
  if (!globals.color) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return Boolean(io[stream].isTTY);
}

/** One line for stderr: tenant strings in it cannot drive the terminal, and no token survives in it. */
export function stderrLine(message: string): string {
  return `${terminalSafe(redact(message))}\n`;
}

/** Progress goes to stderr so that stdout stays a clean result. */
export function progressTo(io: CliIO): (message: string) => void {
  return (message: string) => {
    io.stderr.write(stderrLine(message));
  };
}

/** Writes text given in blocks, waiting whenever the stream asks to (a slow pipe), so blocks are not queued up. */
export async function writeBlocks(out: Writable, blocks: Iterable<string>): Promise<void> {
  for (const block of blocks) {
    if (!out.write(block)) await once(out, 'drain');
  }
}
