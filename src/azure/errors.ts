/**
 * The one translator from SDK, Graph and network failures to `UserError`. Keyed on HTTP status
 * and service error code; a 403 names what the operation needs. Messages are one line and never carry a token
 * or a header value: only status, service code, the service's message (flattened, truncated) and our words.
 */
import { UserError } from '../errors';
import { formatSeconds } from './deadline';
import { needsFor, type OperationName, PERMISSIONS } from './permissions';

export type { OperationName } from './permissions';

/** What was being attempted, on what: the translator's only context. */
export interface OperationDescriptor {
  name: OperationName;
  /** ARM scope or resource id, or a Graph object, named in the message. */
  target?: string;
}

export function describeOperation(op: OperationDescriptor): { doing: string; needs: string } {
  return { doing: PERMISSIONS[op.name].doing, needs: needsFor(op.name, op.target) };
}

/** Service error codes that mean "try again later" even though the status is not 429 or 5xx. */
const TRANSIENT_CODES = new Set([
  'PrincipalNotFound',
  'AnotherOperationInProgress',
  'RetryableError',
  'RetryableErrorDueToAnotherOperation',
  'OperationPreempted',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  'REQUEST_SEND_ERROR',
]);

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const CREDENTIAL_ERROR_NAMES = new Set([
  'CredentialUnavailableError',
  'AuthenticationRequiredError',
  'AuthenticationError',
  'AggregateAuthenticationError',
]);

export const AUTH_REQUIRED_HINT =
  'Run `az login` (add --tenant for another tenant), or rerun with --device-code to sign in with a code';

/** The error a credential failure becomes: shared by the credential wrapper and the translator. */
export function authRequiredError(cause?: string, hint: string = AUTH_REQUIRED_HINT): UserError {
  // A browser sign-in on a machine without one fails deep in MSAL with the launcher's spawn error.
  const noBrowser = cause !== undefined && /\bspawn \S*(xdg-open|open|start|cmd)\S* ENOENT\b/i.test(cause);
  const why = noBrowser ? ': no web browser can be opened here' : cause ? `: ${oneLine(cause, 160)}` : '';
  return new UserError('auth-required', `Sign-in is needed to continue${why}`, hint);
}

/** Collapses whitespace, removes anything that looks like a bearer token, and truncates. */
export function oneLine(text: string, max = 240): string {
  const flat = text
    .replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/gi, 'Bearer [redacted]')
    .replace(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Milliseconds from a Retry-After value: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when absent
 * or unparseable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

type HeaderBag = { get(name: string): string | null | undefined } | Record<string, unknown> | undefined | null;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const v = (headers as { get(n: string): string | null | undefined }).get(name);
    return v ?? undefined;
  }
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
    if (k.toLowerCase() === lower) return Array.isArray(v) ? String(v[0]) : String(v);
  }
  return undefined;
}

/** Retry delay from response headers: `retry-after-ms`, `x-ms-retry-after-ms`, then `Retry-After`. */
export function retryAfterFromHeaders(headers: HeaderBag, now: number = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = header(headers, name);
    if (ms !== undefined && /^\d+$/.test(ms.trim())) return Number(ms.trim());
  }
  return parseRetryAfter(header(headers, 'retry-after'), now);
}

/** The parts of a failed HTTP exchange the translator looks at, whatever library produced it. */
export interface HttpFailure {
  status: number;
  serviceCode?: string;
  serviceMessage?: string;
  headers?: HeaderBag;
}

function serviceErrorFromBody(body: unknown): { code?: string; message?: string } {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return {};
    }
  }
  const err = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error ?? parsed;
  const code = (err as { code?: unknown })?.code;
  const message = (err as { message?: unknown })?.message;
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

/** A failed `$batch` inner response (`{ status, headers, body }`) as an HttpFailure. */
export function batchFailure(inner: { status: number; headers?: Record<string, string>; body?: unknown }): HttpFailure {
  const { code, message } = serviceErrorFromBody(inner.body);
  return { status: inner.status, serviceCode: code, serviceMessage: message, headers: inner.headers };
}

function isRestError(e: unknown): e is {
  name: string;
  statusCode?: number;
  code?: string;
  message: string;
  response?: { headers?: HeaderBag; bodyAsText?: string | null };
  details?: unknown;
} {
  return (e as { name?: string } | null)?.name === 'RestError';
}

/** Duck-typed: the Graph client may be loaded twice (CJS and ESM builds), so `instanceof` is unreliable. */
function isGraphError(e: unknown): e is {
  statusCode: number;
  code: string | null;
  message: string;
  headers?: HeaderBag;
  body?: unknown;
} {
  const g = e as { statusCode?: unknown; requestId?: unknown; constructor?: { name?: string } } | null;
  return (
    !!g && typeof g.statusCode === 'number' && ('requestId' in (g as object) || g.constructor?.name === 'GraphError')
  );
}

function errnoCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || TLS_CODES.has(code))) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  const message = (e as { message?: unknown } | null)?.message;
  if (typeof message === 'string') {
    if (/socket hang up/i.test(message)) return 'ECONNRESET';
    for (const code of [...NETWORK_CODES, ...TLS_CODES]) if (message.includes(code)) return code;
  }
  return undefined;
}

function networkError(code: string, op: OperationDescriptor): UserError {
  const { doing } = describeOperation(op);
  if (TLS_CODES.has(code)) {
    return new UserError(
      'bad-input',
      `The server's certificate is not trusted while ${doing} (${code})`,
      'Set ENTRA_VM_LOGIN_CA_FILE to the PEM file of the CA that issued it',
      2,
      { serviceCode: code, operation: op.name },
    );
  }
  return new UserError(
    'network',
    `The connection failed while ${doing} (${code})`,
    'Check the network or proxy and try again',
    2,
    { serviceCode: code, operation: op.name },
  );
}

/** Maps one failed HTTP exchange to a UserError; the heart of the translator, exported for $batch and tests. */
export function translateHttpFailure(f: HttpFailure, op: OperationDescriptor, service: 'arm' | 'graph'): UserError {
  const { doing, needs } = describeOperation(op);
  const code = f.serviceCode;
  const said = f.serviceMessage ? `: ${oneLine(f.serviceMessage, 200)}` : '';
  const tag = code ? ` (${code})` : ` (HTTP ${f.status})`;
  const details = { status: f.status, serviceCode: code, operation: op.name };
  const capital = doing.charAt(0).toUpperCase() + doing.slice(1);

  if (f.status === 401) {
    return new UserError(
      'auth-failed',
      `The ${service === 'arm' ? 'Azure' : 'Microsoft Graph'} sign-in was rejected while ${doing}${tag}`,
      'Sign in again: run `az login` (or rerun to sign in in the browser), then retry',
      2,
      details,
    );
  }
  if (code === 'RoleAssignmentLimitExceeded') {
    // Not a missing permission whatever its status: the subscription holds Azure's fixed maximum.
    return new UserError(
      'azure-error',
      `${capital} failed${tag}: the subscription already holds Azure's maximum of 4,000 role assignments`,
      'Grant sign-in to groups and at a wider scope (--scope resource-group or subscription), or remove unused assignments, then plan again',
      2,
      details,
    );
  }
  if (f.status === 403) {
    return new UserError(
      'forbidden',
      `${capital} needs ${needs}${tag}`,
      'Ask an administrator for that access, or sign in as someone who has it',
      2,
      { ...details, missing: needs },
    );
  }
  if (f.status === 429) {
    const e = new UserError(
      'throttled',
      `Azure is throttling requests while ${doing}${tag}`,
      'Wait a moment and retry',
      2,
      details,
    );
    return withRetryAfter(e, retryAfterFromHeaders(f.headers));
  }
  if (code && TRANSIENT_CODES.has(code)) {
    const e = new UserError(
      'service-unavailable',
      code === 'PrincipalNotFound'
        ? `The principal is not visible to Azure RBAC yet while ${doing}${tag}; new principals take minutes to replicate`
        : `Another operation is still running while ${doing}${tag}`,
      'Retry in a minute',
      2,
      details,
    );
    return withRetryAfter(e, retryAfterFromHeaders(f.headers));
  }
  if (f.status >= 500) {
    const e = new UserError(
      'service-unavailable',
      `${service === 'arm' ? 'Azure' : 'Microsoft Graph'} failed while ${doing}${tag}${said}`,
      'Retry in a minute',
      2,
      details,
    );
    return withRetryAfter(e, retryAfterFromHeaders(f.headers));
  }
  if (f.status === 404) {
    return new UserError(
      'not-found',
      `Not found while ${doing}${op.target ? ` ${op.target}` : ''}${tag}`,
      'Check the name or id',
      2,
      details,
    );
  }
  if (f.status === 409 || f.status === 412) {
    return new UserError('conflict', `Conflict while ${doing}${tag}${said}`, 'Re-read and retry', 2, details);
  }
  return new UserError(
    service === 'arm' ? 'azure-error' : 'graph-error',
    `${capital} failed${tag}${said}`,
    undefined,
    2,
    details,
  );
}

function withRetryAfter(e: UserError, ms: number | undefined): UserError {
  if (ms !== undefined) Object.defineProperty(e, 'retryAfterMs', { value: ms, enumerable: true });
  return e;
}

/**
 * Any failure from an SDK call → UserError. UserErrors pass through unchanged; anything unrecognised becomes
 * a generic azure-error / graph-error with its one-line message, never a stack or headers.
 */
function timeoutError(op: OperationDescriptor, ms: number | undefined): UserError {
  const { doing } = describeOperation(op);
  const within = ms !== undefined ? ` within ${formatSeconds(ms)}` : '';
  return new UserError(
    'timeout',
    `No answer${within} while ${doing}${op.target ? ` ${op.target}` : ''}`,
    'Check the network or proxy, or allow more time with --request-timeout <seconds>',
    2,
    { serviceCode: 'RequestTimeout', operation: op.name },
  );
}

function interruptedError(op: OperationDescriptor): UserError {
  const { doing } = describeOperation(op);
  return new UserError('interrupted', `Interrupted while ${doing}`, undefined, 130, { operation: op.name });
}

export function translateError(e: unknown, op: OperationDescriptor, service: 'arm' | 'graph' = 'arm'): UserError {
  if (e instanceof UserError) return e;
  const name = (e as { name?: string } | null)?.name;
  if (name === 'RequestTimeoutError') return timeoutError(op, (e as { timeoutMs?: number }).timeoutMs);
  if (name === 'AbortError') return interruptedError(op);
  if (name && CREDENTIAL_ERROR_NAMES.has(name)) return authRequiredError((e as Error).message);

  if (isRestError(e)) {
    if (e.statusCode === undefined) {
      const code = errnoCode(e) ?? 'REQUEST_SEND_ERROR';
      return networkError(code, op);
    }
    const body = e.response?.bodyAsText ?? undefined;
    const fromBody = serviceErrorFromBody(body ?? e.details);
    return translateHttpFailure(
      {
        status: e.statusCode,
        serviceCode: fromBody.code ?? (e.code && e.code !== 'REQUEST_SEND_ERROR' ? e.code : undefined),
        serviceMessage: fromBody.message ?? e.message,
        headers: e.response?.headers,
      },
      op,
      'arm',
    );
  }

  if (isGraphError(e)) {
    if (e.statusCode <= 0) {
      if (e.code === 'RequestTimeoutError') {
        // The Graph client keeps only the name and message of what its middleware threw.
        const seconds = /within ([\d.]+) s/.exec(e.message)?.[1];
        return timeoutError(op, seconds ? Number(seconds) * 1000 : undefined);
      }
      if (e.code === 'AbortError') return interruptedError(op);
      // Not an HTTP failure: the Graph client wraps whatever its middleware threw, keeping name as `code`.
      if (e.code && CREDENTIAL_ERROR_NAMES.has(e.code)) return authRequiredError(e.message);
      // Our guarded credential's UserError, flattened by the Graph client to its name and message.
      if (e.code === 'UserError' && /^sign-in is needed/i.test(e.message)) {
        return new UserError('auth-required', oneLine(e.message), AUTH_REQUIRED_HINT);
      }
      return networkError(errnoCode(e) ?? errnoCode({ message: e.message }) ?? 'ECONNRESET', op);
    }
    const fromBody = serviceErrorFromBody(e.body);
    return translateHttpFailure(
      {
        status: e.statusCode,
        serviceCode: e.code ?? fromBody.code,
        serviceMessage: e.message || fromBody.message,
        headers: e.headers,
      },
      op,
      'graph',
    );
  }

  const net = errnoCode(e);
  if (net) return networkError(net, op);
  const { doing } = describeOperation(op);
  const message = (e as { message?: unknown } | null)?.message;
  return new UserError(
    service === 'arm' ? 'azure-error' : 'graph-error',
    `Failed while ${doing}: ${oneLine(typeof message === 'string' ? message : String(e), 200)}`,
    undefined,
    2,
    { operation: op.name },
  );
}
