/**
 * Contextual reads (issue #12): everything discovery reads beyond the essentials (the selected subscriptions,
 * their VMs, the principals the admin named) is context, and context a tenant refuses, has deleted, or does not
 * answer for is a finding, not the end of the plan. `readContextual` runs one such read; when it fails it
 * records the fact as unread in the snapshot (with what happened and what would let the tool read it, from the
 * permissions table) and returns the fallback, which the rules must treat as unknown, never as a fact.
 *
 * Failures that are not about the fact still end discovery: a lost sign-in, an interruption, bad input.
 */
import type { OperationName } from '../../src/azure/errors';
import { needsFor, PERMISSIONS } from '../../src/azure/permissions';
import { isUserError } from '../../src/errors';
import type { Snapshot, UnreadFact } from '../../src/plan/snapshot';
import type { StepId } from '../../src/plan/types';

export interface ContextualRead {
  step: StepId;
  /** The fact's key (see `UnreadFact.key`). */
  key: string;
  /** The resource id or Graph path read. */
  resource: string;
  /** The fact in words, for messages: "the virtual network vnet-hub". */
  what: string;
  /** The operation, for the permission it needs. */
  operation: OperationName;
  /** The scope named in "needs …" when it differs from `resource` (a subscription, a resource group). */
  scope?: string;
}

const ENDS_DISCOVERY = new Set(['auth-failed', 'auth-required', 'interrupted', 'bad-input', 'no-terminal']);

/** What happened, in a few words, for the finding. */
export function describeFailure(e: unknown): string {
  if (!isUserError(e)) {
    const message = e instanceof Error ? e.message : String(e);
    return `an answer it could not parse (${message.split('\n')[0]})`;
  }
  const code = e.details?.serviceCode ?? (e.details?.status !== undefined ? `HTTP ${e.details.status}` : undefined);
  const tag = code ? ` (${code})` : '';
  switch (e.code) {
    case 'forbidden':
      return `refused${tag}`;
    case 'not-found':
      return `not found${tag}`;
    case 'timeout':
      return e.message.replace(/^No answer/, 'no answer').replace(/ while .*$/, '');
    case 'network':
      return `the connection failed${tag}`;
    case 'throttled':
    case 'service-unavailable':
      return `still failing after retries${tag}`;
    default:
      return `an answer it could not use${tag}`;
  }
}

/** True when a failed read is about the fact (refused, missing, no answer) rather than about the whole run. */
export function isContextualFailure(e: unknown): boolean {
  if (isUserError(e)) return !ENDS_DISCOVERY.has(e.code);
  // A body that does not parse surfaces as a TypeError or SyntaxError from the mappers.
  return e instanceof TypeError || e instanceof SyntaxError;
}

/** Records `fact` as unread (once per key). */
export function recordUnread(snapshot: Snapshot, fact: UnreadFact): void {
  snapshot.unread ??= [];
  if (snapshot.unread.some((f) => f.key.toLowerCase() === fact.key.toLowerCase())) return;
  snapshot.unread.push(fact);
}

export function unreadFrom(read: ContextualRead, error: unknown): UnreadFact {
  const licence = PERMISSIONS[read.operation].licence;
  return {
    key: read.key.toLowerCase(),
    step: read.step,
    resource: read.resource,
    what: read.what,
    reason: describeFailure(error),
    needs: `${needsFor(read.operation, read.scope ?? read.resource)}${licence ? `, in a tenant with ${licence}` : ''}`,
  };
}

/**
 * Runs a contextual read. On a contextual failure the fact is recorded as unread, a progress line says so, and
 * `fallback` is returned; any other failure is rethrown.
 */
export async function readContextual<T>(
  ctx: { snapshot: Snapshot; progress(message: string): void },
  read: ContextualRead,
  work: () => Promise<T>,
  fallback: T,
): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!isContextualFailure(e)) throw e;
    const fact = unreadFrom(read, e);
    recordUnread(ctx.snapshot, fact);
    ctx.progress(`Could not read ${fact.what} (${fact.reason}): it is treated as unknown.`);
    return fallback;
  }
}
