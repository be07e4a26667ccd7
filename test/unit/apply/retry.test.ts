import { describe, expect, it } from 'vitest';
import { backoffMs, type RetryInfo, withRetry } from '../../../src/apply/retry';
import { UserError } from '../../../src/errors';

const throttled = (retryAfterMs?: number) =>
  Object.assign(
    new UserError('throttled', 'Azure is throttling requests'),
    retryAfterMs === undefined ? {} : { retryAfterMs },
  );

/** A function failing with the given errors in turn, then resolving 'ok'. */
function failing(...errors: unknown[]) {
  const calls: number[] = [];
  const fn = async (attempt: number) => {
    calls.push(attempt);
    const e = errors[calls.length - 1];
    if (e !== undefined) throw e;
    return 'ok';
  };
  return { fn, calls };
}

function recorder() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

describe('withRetry', () => {
  it('honours Retry-After exactly', async () => {
    const { fn, calls } = failing(throttled(7000), throttled(1500), throttled(0));
    const { sleeps, sleep } = recorder();
    expect(await withRetry(fn, { sleep, random: () => 0.99 })).toBe('ok');
    expect(sleeps).toEqual([7000, 1500, 0]);
    expect(calls).toEqual([1, 2, 3, 4]);
  });

  it('backs off exponentially with full jitter when there is no Retry-After', async () => {
    const { fn } = failing(throttled(), { statusCode: 503 }, { code: 'ECONNRESET' }, { status: 500 });
    const { sleeps, sleep } = recorder();
    await withRetry(fn, { sleep, random: () => 0.5, baseMs: 500, capMs: 30_000 });
    expect(sleeps).toEqual([250, 500, 1000, 2000]);
  });

  it('caps the backoff', async () => {
    const errors = Array.from({ length: 11 }, () => throttled());
    const { fn } = failing(...errors);
    const { sleeps, sleep } = recorder();
    await withRetry(fn, { sleep, random: () => 0.999, maxAttempts: 12, baseMs: 500, capMs: 30_000 });
    expect(sleeps).toEqual([499, 999, 1998, 3996, 7992, 15984, 29970, 29970, 29970, 29970, 29970]);
  });

  it('does not retry other errors', async () => {
    const err = new UserError('forbidden', 'creating role assignments needs Owner');
    const { fn, calls } = failing(err);
    const { sleeps, sleep } = recorder();
    await expect(withRetry(fn, { sleep })).rejects.toBe(err);
    expect(calls).toEqual([1]);
    expect(sleeps).toEqual([]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const errors = Array.from({ length: 6 }, (_, i) => throttled(i * 10));
    const { fn, calls } = failing(...errors);
    const { sleeps, sleep } = recorder();
    await expect(withRetry(fn, { sleep })).rejects.toBe(errors[5]);
    expect(calls).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sleeps).toEqual([0, 10, 20, 30, 40]);
  });

  it('reports each retry with the next attempt, the delay and the message', async () => {
    const { fn } = failing(throttled(100), new UserError('service-unavailable', 'ARM returned 503'));
    const seen: Omit<RetryInfo, 'error'>[] = [];
    await withRetry(fn, {
      sleep: async () => undefined,
      random: () => 0.25,
      onRetry: ({ attempt, delayMs, message }) => seen.push({ attempt, delayMs, message }),
    });
    expect(seen).toEqual([
      { attempt: 2, delayMs: 100, message: 'Azure is throttling requests' },
      { attempt: 3, delayMs: 250, message: 'ARM returned 503' },
    ]);
  });

  it('stops waiting and starts no further attempt once aborted', async () => {
    const controller = new AbortController();
    const { fn, calls } = failing(throttled(60_000), throttled());
    const sleep = async (_ms: number, signal?: AbortSignal) => {
      controller.abort();
      expect(signal?.aborted).toBe(true);
    };
    const e = await withRetry(fn, { sleep, signal: controller.signal }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).code).toBe('interrupted');
    expect((e as UserError).message).toBe('interrupted while waiting to retry (Azure is throttling requests)');
    expect(calls).toEqual([1]);
  });

  it('computes full-jitter bounds', () => {
    expect(backoffMs(1, 500, 30_000, () => 0)).toBe(0);
    expect(backoffMs(3, 500, 30_000, () => 0.5)).toBe(1000);
    expect(backoffMs(20, 500, 30_000, () => 0.5)).toBe(15_000);
  });
});
