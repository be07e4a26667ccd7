/**
 * ARM's request throttling as Microsoft documents the current (regional, token bucket) model; the numbers and
 * their sources are in docs/reference/arm-throttling.md. Every ARM request takes one token from two buckets:
 * the caller's own bucket for its subscription (or its tenant, for requests without a subscription) and
 * operation type, and, for subscription requests, the subscription's global bucket that every caller shares
 * (15 times the size and refill of a caller's bucket). A request that finds either bucket without a whole
 * token is refused with 429 and a Retry-After saying when one will be there. Every answer carries the
 * remaining counts in the `x-ms-ratelimit-remaining-*` headers, as ARM sends them.
 *
 * Buckets refill continuously at their rate and start full. The clock is injected so tests can step it.
 */
import { armError, type EmuResponse } from '../http';

export type OperationType = 'reads' | 'writes' | 'deletes';

export interface BucketLimit {
  /** Tokens a full bucket holds. */
  size: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/** Per caller, per subscription (or tenant), per operation type. */
export const PRINCIPAL_LIMITS: Readonly<Record<OperationType, BucketLimit>> = {
  reads: { size: 250, refillPerSecond: 25 },
  writes: { size: 200, refillPerSecond: 10 },
  deletes: { size: 200, refillPerSecond: 10 },
};

/** The subscription-wide bucket all callers share is this many times a caller's. */
export const GLOBAL_FACTOR = 15;

interface Bucket {
  limit: BucketLimit;
  tokens: number;
  atMs: number;
}

export interface ThrottleDecision {
  /** Headers for the answer, whichever it is. */
  headers: Record<string, string>;
  /** Set when the request is refused. */
  refused?: EmuResponse;
}

export function operationTypeOf(method: string): OperationType {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD') return 'reads';
  if (m === 'DELETE') return 'deletes';
  return 'writes';
}

/** The subscription a request path is scoped to, or undefined for a tenant-level request. */
export function subscriptionOfPath(path: string): string | undefined {
  const m = /^\/subscriptions\/([^/?]+)/i.exec(path);
  return m ? decodeURIComponent(m[1]!).toLowerCase() : undefined;
}

const scaled = (limit: BucketLimit, factor: number): BucketLimit => ({
  size: limit.size * factor,
  refillPerSecond: limit.refillPerSecond * factor,
});

export class ArmThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limits: Readonly<Record<OperationType, BucketLimit>> = PRINCIPAL_LIMITS,
  ) {}

  /** Takes the request's tokens, or refuses it; `principal` is the caller's object id. */
  take(method: string, path: string, principal: string): ThrottleDecision {
    const type = operationTypeOf(method);
    const subscription = subscriptionOfPath(path);
    const scope = subscription ? 'subscription' : 'tenant';
    const own = this.bucket(`${principal}|${subscription ?? 'tenant'}|${type}`, this.limits[type]);
    const global = subscription
      ? this.bucket(`*|${subscription}|${type}`, scaled(this.limits[type], GLOBAL_FACTOR))
      : undefined;
    const short = [own, global].filter((b): b is Bucket => b !== undefined && b.tokens < 1);
    if (short.length === 0) {
      own.tokens -= 1;
      if (global) global.tokens -= 1;
    }
    const headers: Record<string, string> = {
      [`x-ms-ratelimit-remaining-${scope}-${type}`]: String(Math.floor(own.tokens)),
    };
    if (global) headers[`x-ms-ratelimit-remaining-subscription-global-${type}`] = String(Math.floor(global.tokens));
    if (short.length === 0) return { headers };
    const waitSeconds = Math.max(...short.map((b) => Math.ceil((1 - b.tokens) / b.limit.refillPerSecond)));
    headers['Retry-After'] = String(waitSeconds);
    const operation = type === 'reads' ? 'read' : type === 'writes' ? 'write' : 'delete';
    const message = subscription
      ? `Number of '${operation}' requests for subscription '${subscription}' actor '${principal}' exceeded. ` +
        `Please try again after '${waitSeconds}' seconds after additional tokens are available. ` +
        'Refer to https://aka.ms/arm-throttling'
      : `Number of '${operation}' requests for tenant actor '${principal}' exceeded. ` +
        `Please try again after '${waitSeconds}' seconds after additional tokens are available. ` +
        'Refer to https://aka.ms/arm-throttling';
    return {
      headers,
      refused: armError(429, subscription ? 'SubscriptionRequestsThrottled' : 'TenantRequestsThrottled', message, {
        ...headers,
      }),
    };
  }

  /** Forgets every bucket (all full again): for the admin surface between benchmark runs. */
  reset(): void {
    this.buckets.clear();
  }

  private bucket(key: string, limit: BucketLimit): Bucket {
    const now = this.now();
    let b = this.buckets.get(key);
    if (!b) {
      b = { limit, tokens: limit.size, atMs: now };
      this.buckets.set(key, b);
      return b;
    }
    b.tokens = Math.min(limit.size, b.tokens + ((now - b.atMs) / 1000) * limit.refillPerSecond);
    b.atMs = now;
    return b;
  }
}
