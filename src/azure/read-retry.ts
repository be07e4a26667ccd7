/**
 * Retries for reads (DESIGN §4.6, reference §1.10, §2.8). A read is retried on throttling (with or without
 * Retry-After), 5xx and dropped connections, with capped exponential backoff and jitter; a Retry-After
 * from the service wins when it is longer. A paged listing resumes from the page that failed and either returns
 * every page or throws: never a partial list as if it were whole. Writes are not retried here: the executor
 * owns write retries.
 */
import { isTransient, retryAfterMs } from '../errors';

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injectable for tests; resolves after `ms`. */
  sleep: (ms: number) => Promise<void>;
  /** Injectable for tests; returns [0, 1). */
  random: () => number;
  /** Called before each wait, for progress ("Throttled, retrying in 2 s"). */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** A Retry-After longer than this is treated as this: a wizard should not sit silent for an hour. */
const MAX_RETRY_AFTER_MS = 120_000;

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  sleep: defaultSleep,
  random: Math.random,
};

/**
 * The wait before retry number `attempt` (1-based): between half and all of a capped exponential ("equal
 * jitter": never a near-zero wait that would just earn another 429), or the service's Retry-After.
 */
export function backoffDelay(attempt: number, error: unknown, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
  const asked = retryAfterMs(error);
  // Honour the service's wait even above our cap (asking sooner only earns another 429), within reason.
  return asked !== undefined ? Math.min(asked, MAX_RETRY_AFTER_MS) : jittered;
}

/**
 * Runs `fn` until it succeeds, fails with a non-transient error, or runs out of attempts. `translate` turns a
 * raw failure into the error to classify and rethrow (the gateway passes its UserError translator).
 */
export async function withReadRetry<T>(
  fn: () => Promise<T>,
  translate: (e: unknown) => unknown = (e) => e,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (raw) {
      const error = translate(raw);
      if (!isTransient(error) || attempt >= policy.maxAttempts) throw error;
      const delayMs = backoffDelay(attempt, error, policy);
      policy.onRetry?.({ attempt, delayMs, error });
      await policy.sleep(delayMs);
    }
  }
}

/**
 * Collects every page of a listing. `pages(token)` starts (or resumes at `token`) a page iterator; `tokenOf`
 * gives the continuation token of a page (undefined on the last). A failed page is retried from the token of
 * the page before it, so pages already read are neither lost nor duplicated.
 */
export async function collectAllPages<T, P extends T[] = T[]>(
  pages: (continuationToken: string | undefined) => AsyncIterable<P>,
  tokenOf: (page: P) => string | undefined,
  translate: (e: unknown) => unknown = (e) => e,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  let failures = 0;
  for (;;) {
    try {
      for await (const page of pages(token)) {
        items.push(...page);
        failures = 0;
        token = tokenOf(page);
        if (token === undefined) return items;
      }
      return items;
    } catch (raw) {
      const error = translate(raw);
      failures++;
      if (!isTransient(error) || failures >= policy.maxAttempts) throw error;
      const delayMs = backoffDelay(failures, error, policy);
      policy.onRetry?.({ attempt: failures, delayMs, error });
      await policy.sleep(delayMs);
    }
  }
}
