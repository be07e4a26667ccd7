/**
 * The emulator's in-process request and response: the HTTP server and `$batch` both route through handlers
 * that take an `EmuRequest` and return an `EmuResponse`, so an inner batch request is handled exactly like a
 * top-level one.
 */

export interface EmuRequest {
  method: string;
  /** The path as received (still percent-encoded), without the query. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** `https://127.0.0.1:PORT`: absolute links (nextLink, Azure-AsyncOperation) are built on it. */
  origin: string;
  /** Aborts when the client's connection closes (top-level requests only). */
  signal?: AbortSignal;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** For the request log: the resource the request acted on. */
  target?: string;
  /** For `$batch`: how many inner requests were writes. */
  innerWrites?: number;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): EmuResponse {
  return { status, body, headers };
}

export function noContent(): EmuResponse {
  return { status: 204 };
}

/** ARM error body `{error:{code,message}}`. */
export function armError(status: number, code: string, message: string, headers?: Record<string, string>): EmuResponse {
  return { status, body: { error: { code, message } }, headers };
}

/** Graph error body `{error:{code,message,innerError}}`. */
export function graphError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): EmuResponse {
  const requestId = crypto.randomUUID();
  return {
    status,
    headers: { 'request-id': requestId, ...headers },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          'request-id': requestId,
          'client-request-id': requestId,
        },
      },
    },
  };
}

/** Splits a path into decoded segments; empty segments (from `//`) are dropped. */
export function segments(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

export function eqi(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(s: string | undefined): s is string {
  return s !== undefined && GUID.test(s);
}
