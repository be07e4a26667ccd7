/**
 * Retries for reads (docs/reference/azure-facts.md §1.10, §2.8). A read is retried on throttling (with or without
 * Retry-After), 5xx and dropped connections, with capped exponential backoff and jitter; a Retry-After
 * from the service wins when it is longer. A paged listing resumes from the page that failed and either returns
 * every page or throws: never a partial list as if it were whole. Writes are not retried here: the executor
 * owns write retries.
 */
import { isTransient, markRetriesExhausted, retryAfterMs, UserError } from '../errors';

export interface RetryPolicy {
  /**
   * Attempts in total, the first included. This is every HTTP attempt of one logical read: the SDK pipelines
   * do not retry on their own (see clients.ts), so nothing multiplies it.
   */
  maxAttempts: number;
  /**
   * Time bound of one logical read, waits included: no retry starts once it has passed (nor one whose wait
   * would end beyond it). Undefined: no bound beyond `maxAttempts`.
   */
  budgetMs?: number;
  /** Aborts waits between attempts (Ctrl-C, SIGTERM, SIGHUP); no attempt starts after it fired. */
  signal?: AbortSignal;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Injectable for tests; resolves after `ms`, or early when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable for tests; returns [0, 1). */
  random: () => number;
  /** Called before each wait, for progress ("Throttled, retrying in 2 s"). */
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  /**
   * Called before inner `$batch` requests are sent again: the batch answered 200, so the HTTP-level notice
   * never saw these failures. `paths` are the inner requests' URLs relative to the Graph version root.
   */
  onBatchRetry?: (info: { failed: number; of: number; delayMs: number; error: unknown; paths: string[] }) => void;
}

/** A Retry-After longer than this is treated as this: a wizard should not sit silent for an hour. */
const MAX_RETRY_AFTER_MS = 120_000;

export const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

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

function interrupted(): UserError {
  return new UserError('interrupted', 'Interrupted while waiting to retry a read', undefined, 130);
}

/**
 * Whether to retry after failed attempt `attempt` (1-based), and how long to wait first. Gives up (undefined) on
 * a permanent error, after the last attempt, or when the wait would end beyond the operation's time budget.
 */
export function nextRetry(attempt: number, error: unknown, policy: RetryPolicy, startedAt: number): number | undefined {
  if (!isTransient(error) || attempt >= policy.maxAttempts) return undefined;
  const delayMs = backoffDelay(attempt, error, policy);
  if (policy.budgetMs !== undefined && Date.now() + delayMs - startedAt > policy.budgetMs) return undefined;
  return delayMs;
}

/** Waits before a retry, ending with `interrupted` when the cancel signal fires. */
export async function waitToRetry(delayMs: number, policy: RetryPolicy): Promise<void> {
  if (policy.signal?.aborted) throw interrupted();
  await policy.sleep(delayMs, policy.signal);
  if (policy.signal?.aborted) throw interrupted();
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
  const startedAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (raw) {
      const error = translate(raw);
      const delayMs = nextRetry(attempt, error, policy, startedAt);
      if (delayMs === undefined) throw markRetriesExhausted(error);
      policy.onRetry?.({ attempt, delayMs, error });
      await waitToRetry(delayMs, policy);
    }
  }
}

/**
 * Collects every page of a listing. `pages(token)` starts (or resumes at `token`) a page iterator; `tokenOf`
 * gives the continuation token of a page (undefined on the last). A failed page is retried from the token of
 * the page before it, so pages already read are neither lost nor duplicated.
 */
export async function collectAllPages<T, P extends T[] = T[], R = T>(
  pages: (continuationToken: string | undefined) => AsyncIterable<P>,
  tokenOf: (page: P) => string | undefined,
  translate: (e: unknown) => unknown = (e) => e,
  policy: RetryPolicy = DEFAULT_RETRY,
  /** Applied to each item as its page arrives, so a page's SDK models can be dropped before the next. */
  map: (item: T) => R = (item) => item as unknown as R,
): Promise<R[]> {
  const items: R[] = [];
  let token: string | undefined;
  let failures = 0;
  let startedAt = Date.now();
  for (;;) {
    try {
      const iterator = pages(token)[Symbol.asyncIterator]();
      let next = iterator.next();
      for (;;) {
        const result = await next;
        if (result.done) return items;
        const page = result.value;
        failures = 0;
        startedAt = Date.now();
        token = tokenOf(page);
        if (token === undefined) {
          for (const item of page) items.push(map(item));
          await iterator.return?.();
          return items;
        }
        // The next page is asked for before this one is mapped, so its round trip overlaps the mapping: a
        // listing's pages can only come one after another, and a fleet's subscription has dozens of them.
        next = iterator.next();
        // Awaited on the next turn; if mapping throws first, its failure must not go unhandled.
        next.catch(() => {});
        for (const item of page) items.push(map(item));
      }
    } catch (raw) {
      const error = translate(raw);
      failures++;
      const delayMs = nextRetry(failures, error, policy, startedAt);
      if (delayMs === undefined) throw markRetriesExhausted(error);
      policy.onRetry?.({ attempt: failures, delayMs, error });
      await waitToRetry(delayMs, policy);
    }
  }
}
