/**
 * Service principal discovery: one batched lookup of the VM sign-in apps the answers need. Contextual: when it
 * cannot be read, the service principals are left out (not null), so nothing treats them as missing.
 */
import { FACT_KEYS } from '../../src/plan/unread';
import { readContextual } from '../shared/contextual-read';
import type { DiscoverContext } from '../shared/contract';
import { servicePrincipalApps } from '../shared/sign-in-subjects';

export async function discover(ctx: DiscoverContext): Promise<void> {
  const apps = servicePrincipalApps(ctx.snapshot, ctx.answers);
  ctx.progress('Reading the VM Sign-In service principals…');
  const found = await readContextual(
    ctx,
    {
      step: 'service-principal',
      key: FACT_KEYS.servicePrincipals,
      resource: 'graph:/servicePrincipals',
      what: 'the VM Sign-In service principals',
      operation: 'graph.servicePrincipals.read',
    },
    () => ctx.gateway.graph.getServicePrincipals(apps),
    undefined,
  );
  if (found) for (const appId of apps) ctx.snapshot.servicePrincipals[appId] = found[appId] ?? null;
}
