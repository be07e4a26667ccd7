/**
 * Counting and debug logging of every HTTP request the gateway sends (ARM pipeline policy and Graph
 * middleware both report here). Invariant: only method, URL, status and timing are recorded; header values
 * never are, and the debug line shows an Authorization header only as `Bearer [redacted]`.
 */
import { ENV, type Env } from './clouds';

export interface RequestLog {
  /** Requests sent so far, retries included. */
  count(): number;
  /** Called once per attempt, before it is sent. */
  started(): void;
  /** Called once per attempt, after its response or failure. */
  finished(entry: { method: string; url: string; status?: number; error?: string; ms: number; auth: boolean }): void;
}

export function isDebug(env: Env): boolean {
  const v = env[ENV.debug]?.trim().toLowerCase();
  return v === '1' || v === 'true' || v === 'yes';
}

/** Formats one debug line; exported for tests. */
export function formatDebugLine(entry: Parameters<RequestLog['finished']>[0]): string {
  const outcome = entry.status !== undefined ? String(entry.status) : `failed (${entry.error ?? 'error'})`;
  const auth = entry.auth ? ' authorization: Bearer [redacted]' : '';
  return `[entra-vm-login] ${entry.method} ${entry.url} → ${outcome} ${entry.ms} ms${auth}`;
}

export function createRequestLog(env: Env, write: (line: string) => void = (l) => process.stderr.write(l)): RequestLog {
  let sent = 0;
  const debug = isDebug(env);
  return {
    count: () => sent,
    started: () => {
      sent++;
    },
    finished: (entry) => {
      if (debug) write(`${formatDebugLine(entry)}\n`);
    },
  };
}
