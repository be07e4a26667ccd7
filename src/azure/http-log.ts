/**
 * Counting and debug logging of every HTTP request the gateway sends (ARM pipeline policy and Graph
 * middleware both report here). Invariant: only method, URL, status and timing are recorded; header values
 * never are, and the debug line shows an Authorization header only as `Bearer [redacted]`.
 */
import { terminalSafe } from '../plan/untrusted';
import { redact } from '../redact';
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
  return terminalSafe(redact(`[entra-vm-login] ${entry.method} ${entry.url} → ${outcome} ${entry.ms} ms${auth}`));
}

/** Failures without a status that no pipeline retries: certificate problems and cancellation. */
const NOT_RETRIED = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|AbortError|aborted/i;

/**
 * One line for an attempt that failed in a way the pipelines retry (429, 5xx, a dropped connection), or
 * undefined for any other outcome. Only the method and the URL path are named: never a query or a header.
 */
export function describeTransientAttempt(entry: Parameters<RequestLog['finished']>[0]): string | undefined {
  const { status } = entry;
  const what =
    status === 429
      ? 'throttled (429)'
      : status !== undefined && status >= 500
        ? `service error (${status})`
        : entry.error === 'RequestTimeoutError'
          ? 'timed out'
          : status === undefined && entry.error !== undefined && !NOT_RETRIED.test(entry.error)
            ? `connection failed (${entry.error})`
            : undefined;
  if (what === undefined) return undefined;
  let path = entry.url;
  try {
    path = new URL(entry.url).pathname;
  } catch {
    // Not a URL: keep what was sent, it carries no query either way.
  }
  return `${entry.method} ${path} ${what}`;
}

export function createRequestLog(
  env: Env,
  write: (line: string) => void = (l) => process.stderr.write(l),
  /** Told about every attempt that failed transiently, so a command can say that it is retrying. */
  onTransient?: (message: string) => void,
): RequestLog {
  let sent = 0;
  const debug = isDebug(env);
  return {
    count: () => sent,
    started: () => {
      sent++;
    },
    finished: (entry) => {
      if (debug) write(`${formatDebugLine(entry)}\n`);
      const transient = onTransient ? describeTransientAttempt(entry) : undefined;
      if (transient !== undefined) onTransient?.(transient);
    },
  };
}
