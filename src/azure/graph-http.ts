/**
 * Graph request plumbing over the SDK client: retried reads, complete paged listings (`@odata.nextLink`),
 * and `$batch` with at most 20 requests per batch whose throttled or failed inner requests are retried on
 * their own (docs/reference/azure-facts.md §2.8: a 200 batch can hold inner 429s). Writes are sent once and translated.
 */
import type { Client, GraphRequest } from '@microsoft/microsoft-graph-client';
import { mapConcurrently } from '../core/concurrently';
import { isTransient, markRetriesExhausted } from '../errors';
import { batchFailure, type OperationDescriptor, translateError, translateHttpFailure } from './errors';
import { collectAllPages, nextRetry, type RetryPolicy, waitToRetry, withReadRetry } from './read-retry';

export type GraphVersion = 'v1.0' | 'beta';

export const MAX_BATCH = 20;

export interface BatchRequest {
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to the version root, starting with '/', query values already encoded. */
  url: string;
  body?: unknown;
  /** Headers of this inner request only (`ConsistencyLevel: eventual` for an advanced query). */
  headers?: Record<string, string>;
}

export interface BatchResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** OData string literal: single quotes doubled, then URL-encoded for use inside a query value. */
export function odataString(value: string): string {
  return encodeURIComponent(`'${value.replaceAll("'", "''")}'`);
}

export function odataFilter(expression: string): string {
  return encodeURIComponent(expression);
}

export interface GraphHttp {
  read<T>(op: OperationDescriptor, path: string, version?: GraphVersion): Promise<T>;
  /** Every item of a collection, following `@odata.nextLink`; throws rather than return part of it. */
  list<T>(op: OperationDescriptor, path: string, version?: GraphVersion): Promise<T[]>;
  /**
   * Items of a collection newest-first as the service orders them, following `@odata.nextLink` until `max` items
   * are read (`truncated` then says whether more were there). `headers` go on every page request.
   */
  listUpTo<T>(
    op: OperationDescriptor,
    path: string,
    options: { version?: GraphVersion; max: number; headers?: Record<string, string> },
  ): Promise<{ items: T[]; truncated: boolean }>;
  /** One POST that only reads (What-If): retried like a read. */
  query<T>(op: OperationDescriptor, path: string, body: unknown, version?: GraphVersion): Promise<T>;
  write<T>(
    op: OperationDescriptor,
    send: (request: (path: string, version?: GraphVersion) => GraphRequest) => Promise<T>,
  ): Promise<T>;
  /**
   * Sends the requests in batches of at most 20 (concurrently, a few at a time). Inner 429/5xx responses are
   * retried with backoff; if they still fail the whole call throws. Other statuses (200, 404, 403, …) are
   * returned for the caller to interpret.
   */
  batch(op: OperationDescriptor, requests: BatchRequest[], version?: GraphVersion): Promise<Map<string, BatchResponse>>;
}

const BATCH_CONCURRENCY = 4;

export function createGraphHttp(client: Client, baseUrl: string, retry: RetryPolicy): GraphHttp {
  const root = baseUrl.replace(/\/+$/, '');

  /** A request for a relative path, or for an absolute nextLink under the endpoint (any version). */
  function request(path: string, version: GraphVersion = 'v1.0'): GraphRequest {
    if (/^https?:\/\//i.test(path)) {
      if (!path.toLowerCase().startsWith(`${root.toLowerCase()}/`)) {
        throw new Error(`Graph link outside the endpoint: ${new URL(path).host}`);
      }
      const rest = path.slice(root.length + 1);
      const slash = rest.indexOf('/');
      return client.api(rest.slice(slash)).version(rest.slice(0, slash));
    }
    return client.api(path).version(version);
  }

  const tr = (op: OperationDescriptor) => (e: unknown) => translateError(e, op, 'graph');

  async function sendBatch(requests: BatchRequest[], version: GraphVersion, op: OperationDescriptor) {
    const response = await withReadRetry(
      () => request('/$batch', version).post({ requests }) as Promise<{ responses?: BatchResponse[] }>,
      tr(op),
      retry,
    );
    return response.responses ?? [];
  }

  async function runChunk(
    chunk: BatchRequest[],
    version: GraphVersion,
    op: OperationDescriptor,
    out: Map<string, BatchResponse>,
  ) {
    let pending = chunk;
    const startedAt = Date.now();
    for (let attempt = 1; pending.length > 0; attempt++) {
      const responses = await sendBatch(pending, version, op);
      const byId = new Map(responses.map((r) => [String(r.id), r]));
      const again: BatchRequest[] = [];
      let worst: unknown;
      for (const req of pending) {
        const res = byId.get(req.id);
        if (!res) {
          // A batch that silently dropped an item is not a whole answer: ask again.
          again.push(req);
          worst ??= translateHttpFailure({ status: 503, serviceCode: 'MissingBatchResponse' }, op, 'graph');
          continue;
        }
        const failure =
          res.status === 429 || res.status >= 500 ? translateHttpFailure(batchFailure(res), op, 'graph') : undefined;
        if (failure && isTransient(failure)) {
          again.push(req);
          const wait = (failure as { retryAfterMs?: number }).retryAfterMs ?? 0;
          const prev = (worst as { retryAfterMs?: number } | undefined)?.retryAfterMs ?? -1;
          if (worst === undefined || wait > prev) worst = failure;
        } else {
          out.set(req.id, res);
        }
      }
      if (again.length === 0) return;
      const delayMs = nextRetry(attempt, worst, retry, startedAt);
      if (delayMs === undefined) throw markRetriesExhausted(worst);
      // The batch itself answered 200, so no HTTP-level notice was given: say which inner requests wait.
      retry.onBatchRetry?.({
        failed: again.length,
        of: pending.length,
        delayMs,
        error: worst,
        paths: again.map((r) => r.url),
      });
      await waitToRetry(delayMs, retry);
      pending = again;
    }
  }

  return {
    read<T>(op: OperationDescriptor, path: string, version: GraphVersion = 'v1.0') {
      return withReadRetry(() => request(path, version).get() as Promise<T>, tr(op), retry);
    },

    list<T>(op: OperationDescriptor, path: string, version: GraphVersion = 'v1.0') {
      async function* pages(token: string | undefined): AsyncGenerator<T[] & { next?: string }> {
        let link: string | undefined = token ?? path;
        while (link) {
          const body = (await request(link, version).get()) as { value?: T[]; '@odata.nextLink'?: string };
          const page = Object.assign([...(body.value ?? [])], { next: body['@odata.nextLink'] });
          yield page;
          link = page.next;
        }
      }
      return collectAllPages<T, T[] & { next?: string }>(pages, (page) => page.next, tr(op), retry);
    },

    async listUpTo<T>(
      op: OperationDescriptor,
      path: string,
      options: { version?: GraphVersion; max: number; headers?: Record<string, string> },
    ) {
      let read = 0;
      let truncated = false;
      async function* pages(token: string | undefined): AsyncGenerator<T[] & { next?: string }> {
        let link: string | undefined = token ?? path;
        while (link) {
          let req = request(link, options.version);
          for (const [name, value] of Object.entries(options.headers ?? {})) req = req.header(name, value);
          const body = (await req.get()) as { value?: T[]; '@odata.nextLink'?: string };
          const room = options.max - read;
          const value = body.value ?? [];
          const page = Object.assign(value.slice(0, room), { next: body['@odata.nextLink'] });
          read += page.length;
          if (value.length > room || (read >= options.max && page.next)) {
            truncated = true;
            page.next = undefined;
          }
          yield page;
          link = page.next;
        }
      }
      const items = await collectAllPages<T, T[] & { next?: string }>(pages, (page) => page.next, tr(op), retry);
      return { items, truncated };
    },

    query<T>(op: OperationDescriptor, path: string, body: unknown, version: GraphVersion = 'v1.0') {
      return withReadRetry(() => request(path, version).post(body) as Promise<T>, tr(op), retry);
    },

    async write(op, send) {
      try {
        return await send(request);
      } catch (e) {
        throw translateError(e, op, 'graph');
      }
    },

    async batch(op, requests, version = 'v1.0') {
      const out = new Map<string, BatchResponse>();
      const chunks: BatchRequest[][] = [];
      for (let i = 0; i < requests.length; i += MAX_BATCH) chunks.push(requests.slice(i, i + MAX_BATCH));
      await mapConcurrently(chunks, BATCH_CONCURRENCY, (chunk) => runChunk(chunk, version, op, out));
      return out;
    },
  };
}
