/**
 * The scope `enforce --scope` accepts: a management group, a subscription or a resource group. Pure.
 * Policy belongs at management groups (unlike the login roles); a custom definition can only be saved at a
 * management group or a subscription, so a resource-group enforcement saves it in its subscription.
 */
import { UserError } from '../../src/errors';

export type EnforceScopeKind = 'management-group' | 'subscription' | 'resource-group';

export interface EnforceScope {
  kind: EnforceScopeKind;
  /** The canonical ARM scope id. */
  id: string;
  /** Where the custom definition is saved. */
  definitionScope: string;
  subscriptionId?: string;
  resourceGroup?: string;
  managementGroup?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MG = /^\/providers\/Microsoft\.Management\/managementGroups\/([A-Za-z0-9_().-]{1,90})\/?$/i;
const SUB = /^\/subscriptions\/([0-9a-f-]{36})\/?$/i;
const RG = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/([-\w._()]{1,90})\/?$/i;

export function parseEnforceScope(text: string): EnforceScope {
  const t = text.trim();
  const mg = MG.exec(t);
  if (mg) {
    const id = `/providers/Microsoft.Management/managementGroups/${mg[1]}`;
    return { kind: 'management-group', id, definitionScope: id, managementGroup: mg[1] };
  }
  const sub = SUB.exec(t) ?? (GUID.test(t) ? [t, t] : null);
  if (sub && GUID.test(sub[1]!)) {
    const id = `/subscriptions/${sub[1]!.toLowerCase()}`;
    return { kind: 'subscription', id, definitionScope: id, subscriptionId: sub[1]!.toLowerCase() };
  }
  const rg = RG.exec(t);
  if (rg && GUID.test(rg[1]!)) {
    const subscriptionId = rg[1]!.toLowerCase();
    return {
      kind: 'resource-group',
      id: `/subscriptions/${subscriptionId}/resourceGroups/${rg[2]}`,
      definitionScope: `/subscriptions/${subscriptionId}`,
      subscriptionId,
      resourceGroup: rg[2],
    };
  }
  throw new UserError(
    'bad-input',
    `--scope '${text}' is not a management group, subscription or resource group id`,
    'Use /providers/Microsoft.Management/managementGroups/<id>, a subscription id, or /subscriptions/<id>/resourceGroups/<name>.',
  );
}

/** The `az` flag that names this scope. */
export function azScopeFlag(scope: EnforceScope): string {
  return `--scope ${scope.id}`;
}
