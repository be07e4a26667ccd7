/**
 * Service principal discovery: one batched lookup of the VM sign-in apps. Which of them the answers need
 * depends on the selected VMs, but the lookup of all four costs the same single `$batch`, so it starts with
 * discovery (`prefetch`) and overlaps the VM lists; `discover` keeps the ones needed. Contextual: when it
 * cannot be read, the service principals are left out (not null), so nothing treats them as missing.
 */
import type { ServicePrincipalFacts, Snapshot } from '../../src/plan/snapshot';
import { FACT_KEYS } from '../../src/plan/unread';
import { readContextual } from '../shared/contextual-read';
import type { DiscoverContext } from '../shared/contract';
import { SIGN_IN_APPS, servicePrincipalApps } from '../shared/sign-in-subjects';

type Found = Record<string, ServicePrincipalFacts | null>;

/** The lookup `prefetch` started, per discovery (keyed by its snapshot). */
const started = new WeakMap<Snapshot, Promise<Found>>();

export function prefetch(ctx: DiscoverContext): void {
  const lookup = ctx.gateway.graph.getServicePrincipals([...SIGN_IN_APPS]);
  // Awaited by `discover`; until then a failure must not surface as an unhandled rejection.
  lookup.catch(() => {});
  started.set(ctx.snapshot, lookup);
}

export async function discover(ctx: DiscoverContext): Promise<void> {
  const apps = servicePrincipalApps(ctx.snapshot, ctx.answers);
  ctx.progress('Reading the VM Sign-In service principals…');
  const early = started.get(ctx.snapshot);
  const found = await readContextual(
    ctx,
    {
      step: 'service-principal',
      key: FACT_KEYS.servicePrincipals,
      resource: 'graph:/servicePrincipals',
      what: 'the VM Sign-In service principals',
      operation: 'graph.servicePrincipals.read',
    },
    () => (early && apps.every((a) => SIGN_IN_APPS.includes(a)) ? early : ctx.gateway.graph.getServicePrincipals(apps)),
    undefined,
  );
  if (found) for (const appId of apps) ctx.snapshot.servicePrincipals[appId] = found[appId] ?? null;
}
