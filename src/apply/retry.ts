/**
 * Retries for writes (the executor owns write retries; see src/azure/operations.ts). The SDK pipelines do not
 * retry (src/azure/clients.ts), so a write is sent at most `maxAttempts` times in all. Only transient failures
 * (throttling, 5xx, dropped connections: `isTransient`) are retried. A `Retry-After` the service sent is
 * honoured exactly; otherwise the wait is capped exponential backoff with full jitter, which spreads retries
 * of many concurrent actions instead of sending them back in lockstep.
 */
import { isTransient, retriesExhausted, retryAfterMs, UserError } from '../errors';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryInfo {
  /** The attempt about to be made (2 for the first retry). */
  attempt: number;
  delayMs: number;
  error: unknown;
  message: string;
}

export interface RetryOptions {
  /** Total attempts including the first. */
  maxAttempts?: number;
  baseMs?: number;
  capMs?: number;
  sleep?: Sleep;
  /** In [0, 1): the jitter source. */
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
  /** When aborted, no further attempt starts: the wait ends and an `interrupted` UserError is thrown. */
  signal?: AbortSignal;
}

export const RETRY_DEFAULTS = { maxAttempts: 6, baseMs: 500, capMs: 30_000 } as const;

/** Waits `ms`, ending early (resolved) when `signal` aborts. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/** Full-jitter backoff for the retry after failed attempt `attempt` (1-based): uniform in [0, min(cap, base·2^(attempt-1))). */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Calls `fn(attempt)` until it resolves, a non-transient error is thrown, or `maxAttempts` is reached
 * (then the last error is thrown unchanged).
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts;
  const baseMs = options.baseMs ?? RETRY_DEFAULTS.baseMs;
  const capMs = options.capMs ?? RETRY_DEFAULTS.capMs;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;

  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      // A read the gateway already retried to its limit is not started over: one owner per retried request.
      if (!isTransient(e) || retriesExhausted(e) || attempt >= maxAttempts) throw e;
      if (options.signal?.aborted) throw interruptedWhileWaiting(e);
      const delayMs = retryAfterMs(e) ?? backoffMs(attempt, baseMs, capMs, random);
      options.onRetry?.({ attempt: attempt + 1, delayMs, error: e, message: errorMessage(e) });
      await sleep(delayMs, options.signal);
      if (options.signal?.aborted) throw interruptedWhileWaiting(e);
    }
  }
}

function interruptedWhileWaiting(e: unknown): UserError {
  return new UserError(
    'interrupted',
    `interrupted while waiting to retry (${errorMessage(e)})`,
    'Run apply again to resume.',
  );
}
