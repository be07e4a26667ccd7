/** Service principal handler and verifier: create the app's service principal ("already exists" is done). */
import type { ActionHandler, ActionVerifier } from '../../src/apply/contract';
import { UserError } from '../../src/errors';
import { appName } from '../shared/sign-in-subjects';

function appIdOf(params: Record<string, unknown>): string {
  const appId = params.appId;
  if (typeof appId !== 'string' || appId === '') {
    throw new UserError('plan-invalid', 'a create-service-principal action has no appId', 'Re-create the plan.');
  }
  return appId;
}

export const createServicePrincipal: ActionHandler = async (action, ctx) => {
  const appId = appIdOf(action.params);
  ctx.progress(`Creating the service principal for ${appName(appId)}…`);
  const { sp, created } = await ctx.gateway.graph.createServicePrincipal(appId);
  return {
    outcome: created ? 'done' : 'already-done',
    detail: created
      ? `Service principal ${sp.displayName} created`
      : `Service principal ${sp.displayName} already exists`,
    outputs: { servicePrincipalId: sp.id },
  };
};

export const verifyServicePrincipal: ActionVerifier = async (action, gateway) => {
  const appId = appIdOf(action.params);
  const found = await gateway.graph.getServicePrincipals([appId]);
  return found[appId] ? undefined : `the service principal for ${appName(appId)} is still missing`;
};
