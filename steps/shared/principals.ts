/**
 * The principals named in the answers: admins (Virtual Machine Administrator Login), users (Virtual Machine
 * User Login) and break-glass exclusions (used by the Conditional Access step), resolved in ONE gateway call.
 */
import { ROLE_IDS } from '../../src/core/well-known-ids';
import { UserError } from '../../src/errors';
import type { Answers } from '../../src/plan/answers';
import type { PrincipalFacts, Snapshot } from '../../src/plan/snapshot';
import type { DiscoverContext } from './contract';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN = /^[^@\s]+@[^@\s]+\.[^@\s.]+$/;

/** Why a ref cannot be a UPN, an object id or a group display name; undefined when it can. */
export function refProblem(ref: string): string | undefined {
  const r = ref.trim();
  if (!r) return 'an empty principal';
  if (r.includes('@')) return UPN.test(r) ? undefined : `'${ref}' is not a valid user principal name`;
  if (/^[0-9a-f-]{8,}$/i.test(r) && r.includes('-') && !GUID.test(r)) return `'${ref}' is not a valid object id`;
  if (r.length > 256 || /[\u0000-\u001f<>]/.test(r)) return `'${ref}' is not a plausible group name`;
  return undefined;
}

/** Every ref in answer order, each once. */
export function principalRefs(answers: Pick<Answers, 'admins' | 'users' | 'exclude'>): string[] {
  return [...new Set([...answers.admins, ...answers.users, ...answers.exclude].map((r) => r.trim()))];
}

/** One resolution per snapshot, shared by every step that needs principals, however concurrently they ask. */
const resolving = new WeakMap<DiscoverContext['snapshot'], Promise<void>>();

/**
 * Resolves all refs once per discovery: discovery starts it beside VM selection, and role assignment,
 * Conditional Access and client readiness each await the same promise.
 */
export function ensurePrincipals(ctx: DiscoverContext): Promise<void> {
  let pending = resolving.get(ctx.snapshot);
  if (!pending) {
    pending = resolvePrincipalRefs(ctx);
    resolving.set(ctx.snapshot, pending);
  }
  return pending;
}

async function resolvePrincipalRefs(ctx: DiscoverContext): Promise<void> {
  const { snapshot, answers } = ctx;
  const refs = principalRefs(answers);
  for (const ref of refs) {
    const problem = refProblem(ref);
    if (problem) {
      throw new UserError('bad-input', problem, 'give a UPN (alice@contoso.com), an object id or a group name');
    }
  }
  const known = (ref: string) => ref in snapshot.principals || snapshot.unresolvedPrincipals.includes(ref);
  if (!refs.length || refs.every(known)) return;
  ctx.progress('Resolving users and groups…');
  const lookups = await ctx.gateway.graph.resolvePrincipals(refs);
  snapshot.principals = {};
  snapshot.unresolvedPrincipals = [];
  for (const { ref, principal } of lookups) {
    if (principal) snapshot.principals[ref] = principal;
    else snapshot.unresolvedPrincipals.push(ref);
  }
}

export const isGuest = (p: PrincipalFacts): boolean =>
  p.kind === 'user' && (p.userType === 'Guest' || /#EXT#/i.test(p.userPrincipalName ?? ''));

export interface LoginGrant {
  principal: PrincipalFacts;
  roleGuid: string;
}

/**
 * The login role each resolved principal should hold, admins first. A principal listed as both gets only
 * Administrator Login (it includes user sign-in).
 */
export function loginGrants(snapshot: Snapshot, answers: Pick<Answers, 'admins' | 'users'>): LoginGrant[] {
  const out = new Map<string, LoginGrant>();
  const add = (refs: string[], roleGuid: string) => {
    for (const ref of refs) {
      const principal = snapshot.principals[ref.trim()];
      if (principal && !out.has(principal.id)) out.set(principal.id, { principal, roleGuid });
    }
  };
  add(answers.admins, ROLE_IDS.vmAdministratorLogin);
  add(answers.users, ROLE_IDS.vmUserLogin);
  return [...out.values()];
}
