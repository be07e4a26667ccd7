/**
 * Step 4: the VM Sign-In apps' service principals. Conditional Access can only target an app that has a service
 * principal in the tenant; some tenants (Azure Government in particular) lack one, and the app is then missing
 * from the CA app picker (reference §2.1).
 */
import { UserError } from '../../src/errors';
import type { Answers } from '../../src/plan/answers';
import type { Snapshot } from '../../src/plan/snapshot';
import type { ActionDraft, FindingDraft } from '../../src/plan/types';
import { APP_NAMES, appName, servicePrincipalApps, spTarget } from '../shared/sign-in-subjects';
import { type ActionHandler, type ActionVerifier, actionKey, type StepModule } from '../shared/contract';

/** The draft key of the action creating `appId`'s service principal; the CA step depends on it. */
export const servicePrincipalKey = (appId: string): string => actionKey('create-service-principal', appId);

/** Apps this step will create a service principal for (needed, read, and found missing). */
export function missingServicePrincipals(snapshot: Snapshot, answers: Answers): string[] {
  return servicePrincipalApps(snapshot, answers).filter((a) => snapshot.servicePrincipals[a] === null);
}

const REQUIRES = 'Cloud Application Administrator or Application Administrator (Application.ReadWrite.All)';

/** Display names the portal may show instead of the documented ones. */
const ALT_NAMES: Record<string, string> = {
  '372140e0-b3b7-4226-8ef9-d57986796201': 'Microsoft Azure Windows Virtual Machine Sign-in',
  'ce6ff14a-7fdc-4685-bbe0-f6afdfcfa8e0': 'Microsoft Azure Linux Virtual Machine Sign-In',
};

function assess(snapshot: Snapshot, answers: Answers): FindingDraft[] {
  return missingServicePrincipals(snapshot, answers).map((appId) => {
    const alt = ALT_NAMES[appId];
    return {
      code: 'service-principal-missing',
      severity: 'error',
      step: 'service-principal',
      target: spTarget(appId),
      message:
        `The tenant has no service principal for ${appName(appId)} (${appId}), so the app does not appear in ` +
        `the Conditional Access app picker and no policy can target it` +
        (alt ? ` (once created, its display name may show as "${alt}").` : '.'),
      remediation: `Create it: az ad sp create --id ${appId}`,
      fixedBy: [servicePrincipalKey(appId)],
    };
  });
}

function plan(snapshot: Snapshot, answers: Answers): ActionDraft[] {
  return missingServicePrincipals(snapshot, answers).map((appId) => {
    const displayName = APP_NAMES[appId] ?? appId;
    return {
      key: servicePrincipalKey(appId),
      kind: 'create-service-principal',
      step: 'service-principal',
      target: spTarget(appId),
      summary: `Create the ${displayName} service principal`,
      reason: `Conditional Access can only target ${displayName} once the tenant has its service principal.`,
      dependsOn: [],
      requires: REQUIRES,
      command: `az ad sp create --id ${appId}  # Graph: POST /v1.0/servicePrincipals {"appId":"${appId}"}`,
      params: { appId, displayName },
    };
  });
}

function appIdOf(params: Record<string, unknown>): string {
  const appId = params.appId;
  if (typeof appId !== 'string' || appId === '') {
    throw new UserError('plan-invalid', 'a create-service-principal action has no appId', 'Re-create the plan.');
  }
  return appId;
}

const createServicePrincipal: ActionHandler = async (action, ctx) => {
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

const verifyServicePrincipal: ActionVerifier = async (action, gateway) => {
  const appId = appIdOf(action.params);
  const found = await gateway.graph.getServicePrincipals([appId]);
  return found[appId] ? undefined : `the service principal for ${appName(appId)} is still missing`;
};

export const servicePrincipalStep: StepModule = {
  id: 'service-principal',
  title: 'Service principals',
  async discover(ctx) {
    const apps = servicePrincipalApps(ctx.snapshot, ctx.answers);
    ctx.progress('Reading the VM Sign-In service principals…');
    const found = await ctx.gateway.graph.getServicePrincipals(apps);
    for (const appId of apps) ctx.snapshot.servicePrincipals[appId] = found[appId] ?? null;
  },
  assess,
  plan,
  handlers: { 'create-service-principal': createServicePrincipal },
  verifiers: { 'create-service-principal': verifyServicePrincipal },
};

export default servicePrincipalStep;
