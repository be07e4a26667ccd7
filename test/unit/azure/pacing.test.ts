import { describe, expect, it } from 'vitest';
import { ArmPacer, bucketScopeOf, type PacerClock } from '../../../src/azure/pacing';

const VM = 'https://arm.test/subscriptions/S1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';

/** A clock the test moves by hand; timers fire when it passes them. */
function manualClock() {
  let now = 0;
  let timers: { at: number; fn: () => void }[] = [];
  const clock: PacerClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.push({ at: now + ms, fn });
      return 0 as unknown as ReturnType<typeof setTimeout>;
    },
  };
  const advance = async (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    for (const t of due) t.fn();
    await new Promise((r) => setImmediate(r));
  };
  return { clock, advance };
}

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n.toLowerCase()] });

describe('ARM pacing', () => {
  it('scopes buckets by subscription, else tenant', () => {
    expect(bucketScopeOf(VM)).toBe('sub:s1');
    expect(bucketScopeOf('https://arm.test/subscriptions?api-version=1')).toBe('tenant');
    expect(bucketScopeOf('https://arm.test/providers/Microsoft.Authorization/roleAssignments/x')).toBe('tenant');
  });

  it('sends freely until a header says the bucket is low, then at the refill rate', async () => {
    const { clock, advance } = manualClock();
    const pacer = new ArmPacer(clock);
    await pacer.acquire('PUT', VM);
    pacer.observe('PUT', VM, 200, headers({ 'x-ms-ratelimit-remaining-subscription-writes': '2' }));
    const sent: number[] = [];
    const all = [1, 2, 3, 4].map((i) => pacer.acquire('PUT', VM).then(() => sent.push(i)));
    await advance(0);
    expect(sent).toEqual([1, 2]);
    expect(pacer.waiting()).toBe(2);
    // Writes refill at 10 a second: one more after 100 ms, in arrival order.
    await advance(100);
    expect(sent).toEqual([1, 2, 3]);
    await advance(100);
    await Promise.all(all);
    expect(sent).toEqual([1, 2, 3, 4]);
    expect(pacer.waiting()).toBe(0);
    // Reads are another bucket, still unknown, so not paced.
    await pacer.acquire('GET', VM);
  });

  it('counts the requests sent before the first header among those in flight when it arrives', async () => {
    const { clock, advance } = manualClock();
    const pacer = new ArmPacer(clock);
    // Five reads go out before anything is known about the bucket: none is held back.
    for (let i = 0; i < 5; i++) await pacer.acquire('GET', VM);
    // The first answer says 3 left; the four still in flight may not have been counted yet, so none is left.
    pacer.observe('GET', VM, 200, headers({ 'x-ms-ratelimit-remaining-subscription-reads': '3' }));
    let sent = false;
    const next = pacer.acquire('GET', VM).then(() => {
      sent = true;
    });
    await advance(0);
    expect(sent).toBe(false);
    expect(pacer.waiting()).toBe(1);
    // Reads refill at 25 a second: from -1, a whole token after 80 ms.
    await advance(40);
    expect(sent).toBe(false);
    await advance(40);
    await next;
    expect(sent).toBe(true);
  });

  it('stops a bucket for ARM’s Retry-After when ARM throttled it, and ignores a provider 429', async () => {
    const { clock, advance } = manualClock();
    const pacer = new ArmPacer(clock);
    pacer.observe('GET', VM, 429, headers({ 'x-ms-ratelimit-remaining-subscription-reads': '100' }));
    expect(pacer.throttled).toBe(0);
    pacer.observe('GET', VM, 429, headers({ 'x-ms-ratelimit-remaining-subscription-reads': '0', 'retry-after': '3' }));
    expect(pacer.throttled).toBe(1);
    let sent = false;
    const p = pacer.acquire('GET', VM).then(() => {
      sent = true;
    });
    await advance(2900);
    expect(sent).toBe(false);
    await advance(200);
    await p;
    expect(sent).toBe(true);
  });

  it('polls an operation no sooner than the Retry-After of the answer that named it', async () => {
    const { clock, advance } = manualClock();
    const pacer = new ArmPacer(clock);
    const op =
      'https://arm.test/subscriptions/S1/providers/Microsoft.Compute/locations/x/operations/1?p=a&api-version=2';
    pacer.observe('PUT', VM, 201, headers({ 'azure-asyncoperation': op, 'retry-after': '2' }));
    let polled = false;
    const p = pacer.acquire('GET', op.replace('api-version=2', 'api-version=3')).then(() => {
      polled = true;
    });
    await advance(1999);
    expect(polled).toBe(false);
    await advance(1);
    await p;
    expect(polled).toBe(true);
    // Done: later reads of that URL are not held.
    pacer.observe('GET', op, 200, headers({}));
    await pacer.acquire('GET', op);
  });
});

describe('ARM pacing policy', () => {
  it('counts a write told to come back later until its retry is sent, and tells subscribers', async () => {
    const { clock } = manualClock();
    const pacer = new ArmPacer(clock);
    const policy = pacer.policy();
    let changes = 0;
    const off = pacer.subscribe(() => changes++);
    const request = { method: 'PUT', url: VM } as never;
    const answer = (status: number, h: Record<string, string>) => async () =>
      ({ status, headers: headers(h), request }) as never;
    await policy.sendRequest(request, answer(429, { 'retry-after': '1' }));
    expect(pacer.retryWaits()).toBe(1);
    // The retry is another request object for the same method and URL.
    await policy.sendRequest({ method: 'PUT', url: VM } as never, answer(200, {}));
    expect(pacer.retryWaits()).toBe(0);
    expect(changes).toBeGreaterThanOrEqual(2);
    off();
    // A 429 without a Retry-After parks nothing: the retry policy decides its own wait.
    await policy.sendRequest(request, answer(429, {}));
    expect(pacer.retryWaits()).toBe(0);
    // Nor does a refused read: it may be the poll of an operation that runs on meanwhile.
    await policy.sendRequest({ method: 'GET', url: VM } as never, answer(429, { 'retry-after': '1' }));
    expect(pacer.retryWaits()).toBe(0);
  });
});
