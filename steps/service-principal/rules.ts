import type { ActionDraft, FindingDraft } from '../../src/plan/types';
import type { StepInputs } from '../shared/contract';
import {
  APP_NAMES,
  appName,
  missingServicePrincipals,
  servicePrincipalKey,
  spTarget,
} from '../shared/sign-in-subjects';
import { createServicePrincipalKind } from './params';

export type ServicePrincipalFacts = StepInputs;

const REQUIRES = 'Cloud Application Administrator or Application Administrator (Application.ReadWrite.All)';

/** Display names the portal may show instead of the documented ones. */
const ALT_NAMES: Record<string, string> = {
  '372140e0-b3b7-4226-8ef9-d57986796201': 'Microsoft Azure Windows Virtual Machine Sign-in',
  'ce6ff14a-7fdc-4685-bbe0-f6afdfcfa8e0': 'Microsoft Azure Linux Virtual Machine Sign-In',
};

export function assess({ snapshot, answers }: ServicePrincipalFacts): FindingDraft[] {
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

export function plan({ snapshot, answers }: ServicePrincipalFacts): ActionDraft[] {
  return missingServicePrincipals(snapshot, answers).map((appId) => {
    const displayName = APP_NAMES[appId] ?? appId;
    return {
      key: servicePrincipalKey(appId),
      kind: 'create-service-principal',
      step: 'service-principal',
      ...createServicePrincipalKind.describe({ appId, displayName }, snapshot.cloud),
      reason: `Conditional Access can only target ${displayName} once the tenant has its service principal.`,
      dependsOn: [],
      requires: REQUIRES,
      params: { appId, displayName },
    };
  });
}
