import { describe, expect, it } from 'vitest';
import { ArmThrottle, GLOBAL_FACTOR, PRINCIPAL_LIMITS } from '../../src/emulator/arm/throttle';

const SUB =
  '/subscriptions/d005fb96-b800-48d5-acf6-3f2d0dd5e2fc/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';

describe('emulator: ARM token buckets', () => {
  it('counts reads and writes in separate buckets and says what is left, caller and global', () => {
    const t = new ArmThrottle(() => 0);
    expect(t.take('GET', SUB, 'p1').headers).toEqual({
      'x-ms-ratelimit-remaining-subscription-reads': '249',
      'x-ms-ratelimit-remaining-subscription-global-reads': String(250 * GLOBAL_FACTOR - 1),
    });
    expect(t.take('PUT', `${SUB}/extensions/x`, 'p1').headers).toEqual({
      'x-ms-ratelimit-remaining-subscription-writes': '199',
      'x-ms-ratelimit-remaining-subscription-global-writes': String(200 * GLOBAL_FACTOR - 1),
    });
    expect(t.take('GET', '/subscriptions?api-version=2022-12-01', 'p1').headers).toEqual({
      'x-ms-ratelimit-remaining-tenant-reads': '249',
    });
  });

  it('refuses once the caller bucket is empty, with a Retry-After until the next token, then refills', () => {
    let now = 0;
    const t = new ArmThrottle(() => now);
    for (let i = 0; i < PRINCIPAL_LIMITS.writes.size; i++) expect(t.take('PUT', SUB, 'p1').refused).toBeUndefined();
    const refused = t.take('PUT', SUB, 'p1');
    expect(refused.refused?.status).toBe(429);
    expect(refused.refused?.headers?.['Retry-After']).toBe('1');
    expect(refused.refused?.body).toMatchObject({ error: { code: 'SubscriptionRequestsThrottled' } });
    expect(refused.headers['x-ms-ratelimit-remaining-subscription-writes']).toBe('0');
    // Another caller has its own bucket; the global one is 15 times larger.
    expect(t.take('PUT', SUB, 'p2').refused).toBeUndefined();
    now += 1000;
    for (let i = 0; i < PRINCIPAL_LIMITS.writes.refillPerSecond; i++) {
      expect(t.take('PUT', SUB, 'p1').refused).toBeUndefined();
    }
    expect(t.take('PUT', SUB, 'p1').refused?.status).toBe(429);
  });

  it('refills no further than a full bucket', () => {
    let now = 0;
    const t = new ArmThrottle(() => now);
    t.take('GET', SUB, 'p1');
    now += 3_600_000;
    expect(t.take('GET', SUB, 'p1').headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('249');
  });
});
