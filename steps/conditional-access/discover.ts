/**
 * Conditional Access discovery: the tenant's policies, security defaults and Entra ID P1 licence, and legacy
 * per-user MFA of the selected users. Per-user MFA is read for directly selected users only: it is a per-user
 * setting and the gateway lists no group members (the doctor checks the user it is given).
 *
 * All of it is context: what cannot be read is recorded as unread, and the rules plan nothing on it.
 */
import type { OperationName } from '../../src/azure/errors';
import type { Snapshot } from '../../src/plan/snapshot';
import { FACT_KEYS } from '../../src/plan/unread';
import { readContextual } from '../shared/contextual-read';
import type { DiscoverContext } from '../shared/contract';
import { ensurePrincipals } from '../shared/principals';
import { selectedUsers } from '../shared/sign-in-subjects';

type TenantWide = [
  policies: Snapshot['caPolicies'] | undefined,
  securityDefaults: boolean | undefined,
  p1: boolean | undefined,
];

/** The tenant-wide reads started by `prefetch`, per discovery (keyed by its snapshot). */
const started = new WeakMap<Snapshot, Promise<TenantWide>>();

/** One of this step's reads: what it cannot read is recorded as unread and comes back undefined. */
function readFact<T>(
  ctx: DiscoverContext,
  key: string,
  resource: string,
  what: string,
  operation: OperationName,
  work: () => Promise<T>,
): Promise<T | undefined> {
  return readContextual(ctx, { step: 'conditional-access', key, resource, what, operation }, work, undefined);
}

/** Policies, security defaults and licences: tenant-wide, so they need no VM and start with discovery. */
function readTenantWide(ctx: DiscoverContext): Promise<TenantWide> {
  const { graph } = ctx.gateway;
  return Promise.all([
    readFact(
      ctx,
      FACT_KEYS.caPolicies,
      'graph:/identity/conditionalAccess/policies',
      'the Conditional Access policies',
      'graph.ca.read',
      () => graph.listCaPolicies(),
    ),
    readFact(
      ctx,
      FACT_KEYS.securityDefaults,
      'graph:/policies/identitySecurityDefaultsEnforcementPolicy',
      'whether security defaults are on',
      'graph.securityDefaults.read',
      () => graph.getSecurityDefaults(),
    ),
    readFact(ctx, FACT_KEYS.licences, 'graph:/subscribedSkus', "the tenant's licences", 'graph.licences.read', () =>
      graph.hasEntraP1(),
    ),
  ]);
}

export function prefetch(ctx: DiscoverContext): void {
  const reads = readTenantWide(ctx);
  // Awaited by `discover`; until then a failure must not surface as an unhandled rejection.
  reads.catch(() => {});
  started.set(ctx.snapshot, reads);
}

export async function discover(ctx: DiscoverContext): Promise<void> {
  const { graph } = ctx.gateway;
  ctx.progress('Reading Conditional Access policies, security defaults, licences and per-user MFA…');
  // Per-user MFA waits only for the principals it is about.
  const perUserMfa = async () => {
    await ensurePrincipals(ctx);
    const userIds = selectedUsers(ctx.snapshot, ctx.answers).map((u) => u.id);
    if (userIds.length === 0) return {};
    return readFact(
      ctx,
      FACT_KEYS.perUserMfa,
      'graph:/beta/users/{id}/authentication/requirements',
      'legacy per-user MFA (Microsoft Graph beta)',
      'graph.perUserMfa.read',
      () => graph.getPerUserMfa(userIds),
    );
  };
  const [[policies, securityDefaults, p1], perUser] = await Promise.all([
    started.get(ctx.snapshot) ?? readTenantWide(ctx),
    perUserMfa(),
  ]);
  if (policies) ctx.snapshot.caPolicies = policies;
  if (securityDefaults !== undefined) ctx.snapshot.securityDefaultsEnabled = securityDefaults;
  if (p1 !== undefined) ctx.snapshot.licenceP1 = p1;
  ctx.snapshot.perUserMfa = { ...ctx.snapshot.perUserMfa, ...perUser };
}
