/**
 * Pacing by ARM's own signals (docs/reference/arm-throttling.md). ARM keeps a token bucket per caller, per
 * subscription (or tenant) and per operation type, and says on every answer how many tokens are left
 * (`x-ms-ratelimit-remaining-subscription-reads`, `-writes`, `-deletes`, their `-global-` counterparts shared by
 * every caller, and `x-ms-ratelimit-remaining-tenant-*`). The pacer keeps an estimate of each bucket from those
 * headers and the documented refill rate, and holds a request back until the estimate says a token is there,
 * so a large apply runs at the rate ARM refills instead of learning about the limit from 429s.
 *
 * A 429 that comes with an empty bucket is ARM's own throttling: every request to that bucket waits for the
 * Retry-After (not only the one being retried) and the assumed refill rate is halved, because the bucket then
 * refills more slowly than documented (trial subscriptions have lower limits). A 429 with tokens left comes
 * from a resource provider: only that request is retried, as the retry policies already do.
 *
 * It also spaces long-running-operation polls as the service asks: core-lro honours Retry-After on status
 * answers but polls once straight after the first answer, whose Retry-After it ignores, so a status request
 * to an operation URL waits until the last Retry-After that named that URL has passed.
 *
 * Buckets never seen in a header are not paced: nothing is known about them yet.
 */
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';

export type OperationType = 'reads' | 'writes' | 'deletes';

/** The documented limits per caller and operation type: a full bucket, and tokens added per second. */
export const DOCUMENTED_LIMITS: Readonly<Record<OperationType, { size: number; refillPerSecond: number }>> = {
  reads: { size: 250, refillPerSecond: 25 },
  writes: { size: 200, refillPerSecond: 10 },
  deletes: { size: 200, refillPerSecond: 10 },
};

/** The slowest refill the pacer will assume after ARM throttled it, in tokens per second. */
const MIN_REFILL_PER_SECOND = 0.5;

export function operationTypeOf(method: string): OperationType {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD') return 'reads';
  if (m === 'DELETE') return 'deletes';
  return 'writes';
}

/** `sub:<id>` for a subscription request, `tenant` for one without a subscription in its path. */
export function bucketScopeOf(url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  const m = /^\/subscriptions\/([^/?#]+)/i.exec(path);
  return m ? `sub:${decodeURIComponent(m[1]!).toLowerCase()}` : 'tenant';
}

interface Bucket {
  /**
   * False until a header has said how many tokens are left: the bucket is not paced yet, but its requests in
   * flight are counted, so that the first header's count is not taken as the tokens they have not yet spent.
   */
  known: boolean;
  /** Estimated tokens at `atMs`. */
  tokens: number;
  atMs: number;
  size: number;
  refillPerSecond: number;
  /** Requests let through and not answered yet. */
  inFlight: number;
  /** Nothing is sent before this (ARM's Retry-After after it throttled us). */
  blockedUntilMs: number;
  /** Requests waiting for a token, in arrival order. */
  queue: (() => void)[];
  timer?: ReturnType<typeof setTimeout>;
}

export interface PacerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): ReturnType<typeof setTimeout>;
}

const realClock: PacerClock = { now: () => Date.now(), setTimeout: (fn, ms) => setTimeout(fn, ms) };

/** Reads an integer header; undefined when absent or not a number. */
function intHeader(headers: { get(name: string): string | undefined }, name: string): number | undefined {
  const v = headers.get(name);
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function retryAfterMsOf(headers: { get(name: string): string | undefined }): number | undefined {
  const ms = intHeader(headers, 'retry-after-ms') ?? intHeader(headers, 'x-ms-retry-after-ms');
  if (ms !== undefined) return ms;
  const v = headers.get('retry-after');
  if (v === undefined) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** An operation URL without its api-version, so the SDK's re-spelling of the query still matches. */
function operationKey(url: string): string {
  try {
    const u = new URL(url);
    u.searchParams.delete('api-version');
    return `${u.origin}${u.pathname.toLowerCase()}?${u.searchParams.toString()}`;
  } catch {
    return url;
  }
}

export class ArmPacer {
  private readonly buckets = new Map<string, Bucket>();
  /** Operation URL → the earliest time to ask about it again. */
  private readonly pollNotBefore = new Map<string, number>();
  private readonly idleWaiters = new Set<() => void>();
  /** 429s that were ARM's bucket running dry (zero is the goal). */
  throttled = 0;
  /** Requests told to come back later (429 or 503 with Retry-After) whose retry has not been sent yet. */
  private readonly parked = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly clock: PacerClock = realClock) {}

  /** Requests currently held back waiting for a token or a Retry-After. */
  waiting(): number {
    let n = 0;
    for (const b of this.buckets.values()) n += b.queue.length;
    return n;
  }

  /**
   * Writes that were refused (429 or 503 with Retry-After) and wait for their retry. Nothing runs in Azure for
   * their action meanwhile, so the executor may run another one in its place.
   */
  retryWaits(): number {
    return this.parked.size;
  }

  /** Calls `listener` whenever requests are parked or held back or let go; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Resolves once no request is held back (at once when none is). */
  whenClear(): Promise<void> {
    if (this.waiting() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  /** Waits until the request may be sent; then counts it as in flight. */
  async acquire(method: string, url: string, signal?: AbortSignal): Promise<void> {
    await this.waitForPoll(method, url, signal);
    const b = this.bucket(`${bucketScopeOf(url)}|${operationTypeOf(method)}`, operationTypeOf(method));
    if (!b.known) {
      b.inFlight++;
      return;
    }
    if (b.queue.length === 0 && this.take(b)) return;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        b.queue = b.queue.filter((w) => w !== go);
        this.notifyIfClear();
        reject(signal?.reason ?? new Error('aborted'));
      };
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      b.queue.push(go);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.schedule(b);
    });
  }

  /** Learns from an answer: the bucket's remaining tokens, ARM's throttling, an operation's Retry-After. */
  observe(method: string, url: string, status: number | undefined, headers: { get(name: string): string | undefined }) {
    const type = operationTypeOf(method);
    const scope = bucketScopeOf(url);
    const key = `${scope}|${type}`;
    const level = scope === 'tenant' ? 'tenant' : 'subscription';
    const own = intHeader(headers, `x-ms-ratelimit-remaining-${level}-${type}`);
    const global =
      level === 'subscription' ? intHeader(headers, `x-ms-ratelimit-remaining-subscription-global-${type}`) : undefined;
    const b = this.bucket(key, type);
    if (b.inFlight > 0) b.inFlight--;
    if (own !== undefined || global !== undefined) {
      const remaining = Math.min(own ?? Number.POSITIVE_INFINITY, global ?? Number.POSITIVE_INFINITY);
      b.known = true;
      // A remaining count above the documented bucket means this caller's bucket is larger.
      b.size = Math.max(b.size, remaining);
      // Requests still in flight may not be counted in this header yet: assume they were not.
      b.tokens = remaining - b.inFlight;
      b.atMs = this.clock.now();
      if (status === 429 && remaining < 1) {
        this.throttled++;
        const wait = retryAfterMsOf(headers) ?? 1000 / b.refillPerSecond;
        b.blockedUntilMs = Math.max(b.blockedUntilMs, this.clock.now() + wait);
        b.refillPerSecond = Math.max(MIN_REFILL_PER_SECOND, b.refillPerSecond / 2);
      }
      this.schedule(b);
    }
    this.notePoll(headers, url, status);
  }

  /** A pipeline policy (per retry: every attempt is paced and counted) for every ARM client. */
  policy(): PipelinePolicy {
    return {
      name: 'entraVmLoginArmPacing',
      sendRequest: async (request: PipelineRequest, next): Promise<PipelineResponse> => {
        this.unpark(`${request.method} ${request.url}`);
        await this.acquire(request.method, request.url, request.abortSignal as AbortSignal | undefined);
        let response: PipelineResponse;
        try {
          response = await next(request);
        } catch (e) {
          const status = (e as { statusCode?: number }).statusCode;
          const headers = (e as { response?: PipelineResponse }).response?.headers;
          this.observe(request.method, request.url, status, headers ?? { get: () => undefined });
          throw e;
        }
        this.observe(request.method, request.url, response.status, response.headers);
        this.park(`${request.method} ${request.url}`, request.method, response);
        return response;
      },
    };
  }

  /**
   * A retry (by the gateway's read retry or the executor) sends the same method and URL again after the
   * Retry-After; should nobody retry, the entry lapses shortly after the wait it was told.
   */
  private park(key: string, method: string, response: PipelineResponse): void {
    // Only a refused write: nothing is running in Azure for it. A refused read may belong to an operation
    // (a poll) that goes on meanwhile, so its action still occupies Azure's side.
    if (operationTypeOf(method) === 'reads') return;
    if (response.status !== 429 && response.status !== 503) return;
    const wait = retryAfterMsOf(response.headers);
    if (wait === undefined) return;
    const previous = this.parked.get(key);
    if (previous !== undefined) clearTimeout(previous);
    const timer = this.clock.setTimeout(() => {
      this.parked.delete(key);
      this.changed();
    }, wait + 1000);
    this.parked.set(key, timer);
    this.changed();
  }

  private unpark(key: string): void {
    const timer = this.parked.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.parked.delete(key);
    this.changed();
  }

  private bucket(key: string, type: OperationType): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      const limit = DOCUMENTED_LIMITS[type];
      b = {
        known: false,
        tokens: 0,
        atMs: 0,
        size: limit.size,
        refillPerSecond: limit.refillPerSecond,
        inFlight: 0,
        blockedUntilMs: 0,
        queue: [],
      };
      this.buckets.set(key, b);
    }
    return b;
  }

  private refill(b: Bucket): void {
    const now = this.clock.now();
    b.tokens = Math.min(b.size, b.tokens + ((now - b.atMs) / 1000) * b.refillPerSecond);
    b.atMs = now;
  }

  /** Takes a token when the estimate has a whole one and the bucket is not blocked. */
  private take(b: Bucket): boolean {
    this.refill(b);
    if (this.clock.now() < b.blockedUntilMs || b.tokens < 1) return false;
    b.tokens -= 1;
    b.inFlight++;
    return true;
  }

  /** Lets queued requests through as tokens allow; sets a timer for when the next token is due. */
  private schedule(b: Bucket): void {
    while (b.queue.length > 0 && this.take(b)) b.queue.shift()!();
    this.notifyIfClear();
    if (b.queue.length === 0 || b.timer) return;
    const now = this.clock.now();
    const dueMs = Math.max(b.blockedUntilMs - now, ((1 - b.tokens) / b.refillPerSecond) * 1000, 1);
    b.timer = this.clock.setTimeout(() => {
      b.timer = undefined;
      this.schedule(b);
    }, Math.ceil(dueMs));
  }

  private notifyIfClear(): void {
    if (this.waiting() > 0) return;
    this.changed();
    if (this.idleWaiters.size === 0) return;
    const waiters = [...this.idleWaiters];
    this.idleWaiters.clear();
    for (const w of waiters) w();
  }

  /** Remembers the Retry-After of an answer that names an operation to poll (or of a status answer itself). */
  private notePoll(headers: { get(name: string): string | undefined }, url: string, status: number | undefined) {
    const wait = status !== undefined && status < 300 ? retryAfterMsOf(headers) : undefined;
    const target = headers.get('azure-asyncoperation') ?? headers.get('location');
    if (target) {
      if (wait !== undefined && wait > 0) this.pollNotBefore.set(operationKey(target), this.clock.now() + wait);
      return;
    }
    // A status answer: its Retry-After (core-lro also waits for it) or, once done, nothing more to wait for.
    const key = operationKey(url);
    if (!this.pollNotBefore.has(key)) return;
    if (wait !== undefined && wait > 0) this.pollNotBefore.set(key, this.clock.now() + wait);
    else this.pollNotBefore.delete(key);
  }

  private async waitForPoll(method: string, url: string, signal?: AbortSignal): Promise<void> {
    if (method.toUpperCase() !== 'GET' || this.pollNotBefore.size === 0) return;
    const notBefore = this.pollNotBefore.get(operationKey(url));
    const wait = notBefore === undefined ? 0 : notBefore - this.clock.now();
    if (wait <= 0) return;
    await new Promise<void>((resolve) => {
      const timer = this.clock.setTimeout(done, wait);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
