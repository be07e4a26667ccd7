import { describe, expect, it } from 'vitest';
import { translateHttpFailure } from '../../src/azure/errors';
import { backoffDelay, collectAllPages, type RetryPolicy, withReadRetry } from '../../src/azure/read-retry';
import { UserError } from '../../src/errors';

function policy(overrides: Partial<RetryPolicy> = {}) {
  const sleeps: number[] = [];
  const p: RetryPolicy = {
    maxAttempts: 4,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  };
  return { p, sleeps };
}

const throttled = (retryAfter?: string) =>
  translateHttpFailure(
    { status: 429, serviceCode: 'TooManyRequests', headers: retryAfter ? { 'retry-after': retryAfter } : {} },
    { name: 'vm.read' },
    'arm',
  );
const unavailable = () => translateHttpFailure({ status: 503 }, { name: 'vm.read' }, 'arm');
const forbidden = () => translateHttpFailure({ status: 403 }, { name: 'vm.read', target: '/subscriptions/s' }, 'arm');

/** A paged source over `pages`, failing with `failures[i]` the given number of times before serving page i. */
function pagedSource(pages: string[][], failures: Record<number, (() => unknown)[]>) {
  const calls: (string | undefined)[] = [];
  const remaining = Object.fromEntries(Object.entries(failures).map(([k, v]) => [k, [...v]]));
  const source = (token: string | undefined) =>
    (async function* () {
      let i = token === undefined ? 0 : Number(token);
      for (;;) {
        calls.push(String(i));
        const fail = remaining[i]?.shift();
        if (fail) throw fail();
        const page = Object.assign([...pages[i]!], { next: i + 1 < pages.length ? String(i + 1) : undefined });
        yield page;
        if (page.next === undefined) return;
        i++;
      }
    })();
  return { source, calls };
}

describe('backoff', () => {
  it('grows exponentially with jitter under the cap, and honours Retry-After', () => {
    const { p } = policy({ random: () => 1 });
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, unavailable(), p))).toEqual([100, 200, 400, 800, 1000]);
    const { p: low } = policy({ random: () => 0 });
    expect(backoffDelay(3, unavailable(), low)).toBe(200);
    expect(backoffDelay(1, throttled('3'), p)).toBe(3000);
  });
});

describe('withReadRetry', () => {
  it('retries a 429 without Retry-After and 5xx, then succeeds', async () => {
    const { p, sleeps } = policy();
    const errors = [throttled(), unavailable()];
    let calls = 0;
    const value = await withReadRetry(
      async () => {
        calls++;
        const e = errors.shift();
        if (e) throw e;
        return 'ok';
      },
      undefined,
      p,
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(sleeps).toEqual([75, 150]);
  });

  it('does not retry a permanent failure', async () => {
    const { p, sleeps } = policy();
    let calls = 0;
    await expect(
      withReadRetry(
        async () => {
          calls++;
          throw forbidden();
        },
        undefined,
        p,
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { p, sleeps } = policy({ maxAttempts: 3 });
    await expect(withReadRetry(async () => Promise.reject(unavailable()), undefined, p)).rejects.toMatchObject({
      code: 'service-unavailable',
    });
    expect(sleeps.length).toBe(2);
  });

  it('translates raw errors before classifying them', async () => {
    const { p } = policy();
    let calls = 0;
    const value = await withReadRetry(
      async () => {
        calls++;
        if (calls === 1) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
        return calls;
      },
      (e) => (e instanceof Error && 'code' in e ? new UserError('network', 'reset') : e),
      p,
    );
    expect(value).toBe(2);
  });
});

describe('collectAllPages', () => {
  const pages = [['a', 'b'], ['c', 'd'], ['e']];

  it('recovers from a 429 without Retry-After in the middle of a listing, resuming at the failed page', async () => {
    const { p, sleeps } = policy();
    const { source, calls } = pagedSource(pages, { 1: [() => throttled()] });
    const items = await collectAllPages<string, string[] & { next?: string }>(source, (pg) => pg.next, undefined, p);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(calls).toEqual(['0', '1', '1', '2']);
    expect(sleeps).toEqual([75]);
  });

  it('honours Retry-After between pages', async () => {
    const { p, sleeps } = policy();
    const { source } = pagedSource(pages, { 2: [() => throttled('2')] });
    const items = await collectAllPages<string, string[] & { next?: string }>(source, (pg) => pg.next, undefined, p);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sleeps).toEqual([2000]);
  });

  it('throws on persistent failure rather than return a partial list', async () => {
    const { p } = policy({ maxAttempts: 3 });
    const always = Array.from({ length: 10 }, () => unavailable);
    const { source } = pagedSource(pages, { 1: always });
    await expect(
      collectAllPages<string, string[] & { next?: string }>(source, (pg) => pg.next, undefined, p),
    ).rejects.toMatchObject({ code: 'service-unavailable' });
  });

  it('throws at once on a permanent failure mid-listing', async () => {
    const { p, sleeps } = policy();
    const { source } = pagedSource(pages, { 2: [forbidden] });
    await expect(
      collectAllPages<string, string[] & { next?: string }>(source, (pg) => pg.next, undefined, p),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect(sleeps).toEqual([]);
  });

  it('resets the attempt budget after each page that succeeds', async () => {
    const { p } = policy({ maxAttempts: 2 });
    const { source } = pagedSource(pages, { 0: [unavailable], 1: [unavailable], 2: [unavailable] });
    const items = await collectAllPages<string, string[] & { next?: string }>(source, (pg) => pg.next, undefined, p);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
