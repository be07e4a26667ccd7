/** Service principal discovery: one batched lookup of the VM sign-in apps the answers need. */
import type { DiscoverContext } from '../shared/contract';
import { servicePrincipalApps } from '../shared/sign-in-subjects';

export async function discover(ctx: DiscoverContext): Promise<void> {
  const apps = servicePrincipalApps(ctx.snapshot, ctx.answers);
  ctx.progress('Reading the VM Sign-In service principals…');
  const found = await ctx.gateway.graph.getServicePrincipals(apps);
  for (const appId of apps) ctx.snapshot.servicePrincipals[appId] = found[appId] ?? null;
}
