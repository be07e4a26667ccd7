/**
 * Two kinds of error. A `UserError` is expected: one line saying what is wrong, a next step,
 * and an exit code (2 for bad input). A `BugError` is ours: the CLI says it is a bug. Only `src/cli.ts` turns
 * these into output and exit codes; everything else throws or returns them.
 */

export type ErrorCode =
  | 'bad-input'
  | 'no-terminal'
  | 'plan-tampered'
  | 'plan-version'
  | 'plan-invalid'
  | 'plan-stale'
  | 'plan-tenant-mismatch'
  | 'plan-scope-mismatch'
  | 'plan-unsigned'
  | 'plan-signature-invalid'
  | 'plan-params-invalid'
  | 'apply-locked'
  | 'not-found'
  | 'auth-required'
  | 'auth-failed'
  | 'forbidden'
  | 'conflict'
  | 'throttled'
  | 'service-unavailable'
  | 'network'
  | 'timeout'
  | 'azure-error'
  | 'graph-error'
  | 'action-failed'
  | 'interrupted';

export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What to do next, one line. */
    readonly hint?: string,
    readonly exitCode: number = code === 'interrupted' ? 130 : 2,
    /** HTTP status and service error code, when the error came from Azure or Graph. */
    readonly details?: { status?: number; serviceCode?: string; operation?: string; missing?: string },
  ) {
    super(message);
  }
}

export class BugError extends Error {
  override readonly name = 'BugError';
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** True for failures worth retrying: throttling, 5xx, dropped connections. */
export function isTransient(e: unknown): boolean {
  if (e instanceof UserError) {
    return e.code === 'throttled' || e.code === 'service-unavailable' || e.code === 'network' || e.code === 'timeout';
  }
  const status =
    (e as { statusCode?: number; status?: number } | undefined)?.statusCode ?? (e as { status?: number })?.status;
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  const code = (e as { code?: string } | undefined)?.code;
  return (
    code === 'ECONNRESET' ||
    code === 'ECONNREFUSED' ||
    code === 'EPIPE' ||
    code === 'ETIMEDOUT' ||
    code === 'UND_ERR_SOCKET'
  );
}

/** Seconds the service asked us to wait, when a transient error carried Retry-After. */
export function retryAfterMs(e: unknown): number | undefined {
  const v = (e as { retryAfterMs?: number } | undefined)?.retryAfterMs;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * One owner for retries: the gateway retries reads and marks the error it finally gives up with, so that the
 * apply executor (which retries whole actions) does not start the same read's retries over again.
 */
const EXHAUSTED = Symbol('retries-exhausted');

export function markRetriesExhausted<E>(e: E): E {
  if (e !== null && typeof e === 'object') Object.defineProperty(e, EXHAUSTED, { value: true });
  return e;
}

export function retriesExhausted(e: unknown): boolean {
  return e !== null && typeof e === 'object' && (e as Record<symbol, unknown>)[EXHAUSTED] === true;
}

/** The exit code of a command ended by a signal: 128 + the signal's number, as a shell reports it. */
export function signalExitCode(reason: unknown): number {
  if (reason === 'SIGTERM') return 143;
  if (reason === 'SIGHUP') return 129;
  return 130;
}
