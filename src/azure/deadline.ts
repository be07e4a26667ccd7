/**
 * Every request ends: it gets its own timeout (`--request-timeout`, 30 s by default), and the command's cancel
 * signal (Ctrl-C, SIGTERM, SIGHUP) aborts it at once. A request that runs out of time fails with
 * `RequestTimeoutError`, which the translator turns into a transient `timeout` error: retried like a dropped
 * connection, then reported. A cancelled one fails with the platform's AbortError, which becomes `interrupted`.
 */

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Thrown when a single request got no complete answer within the request timeout. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${formatSeconds(timeoutMs)}`);
  }
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

export interface RequestDeadline {
  /** Aborts on the timeout, on `cancel`, or on the caller's own signal. */
  signal: AbortSignal;
  /** True once the timeout (not a cancellation) fired. */
  timedOut(): boolean;
  /** Stops the timer; call when the response is complete. */
  clear(): void;
}

export function startDeadline(
  timeoutMs: number,
  cancel: AbortSignal | undefined,
  own?: AbortSignal | null,
): RequestDeadline {
  const timer = new AbortController();
  let fired = false;
  const handle = setTimeout(() => {
    fired = true;
    timer.abort(new RequestTimeoutError(timeoutMs));
  }, timeoutMs);
  // A pending timer must not keep a finished command alive.
  handle.unref?.();
  const signals = [timer.signal, cancel, own ?? undefined].filter((s): s is AbortSignal => s !== undefined);
  return {
    signal: signals.length === 1 ? timer.signal : AbortSignal.any(signals),
    timedOut: () => fired,
    clear: () => clearTimeout(handle),
  };
}

/** An AbortError for a request that was cancelled, whatever library raised it. */
export function cancelledError(): Error {
  const e = new Error('The operation was cancelled.');
  e.name = 'AbortError';
  return e;
}

/**
 * A signal that aborts `graceMs` after `signal` does: apply lets in-flight actions finish for that long after
 * Ctrl-C (or SIGTERM/SIGHUP) before it cancels their requests, so every wait still ends within about 2 s.
 */
export function afterGrace(signal: AbortSignal, graceMs: number): AbortSignal {
  const later = new AbortController();
  const fire = () => {
    const handle = setTimeout(() => later.abort(signal.reason), graceMs);
    handle.unref?.();
  };
  if (signal.aborted) fire();
  else signal.addEventListener('abort', fire, { once: true });
  return later.signal;
}
