/**
 * What enforcement reads at a scope: the definitions it assigns, its own assignments, their identities' roles,
 * their remediations and latest compliance. A constant number of requests per assignment, none per VM beyond
 * the VM listing that picks the identities' region.
 */
import type { Gateway } from '../../src/azure/operations';
import { BugError } from '../../src/errors';
import type { EnforcementFacts } from '../../src/plan/enforcement';
import { scopeCovers } from '../../src/plan/ids';
import { assignmentId, customDefinitionId, enforcedPolicies } from './definition';
import type { EnforceChoices } from './rules';

/** Region of the assignments' identities when the scope shows no VM to follow. */
export const DEFAULT_LOCATION = 'eastus';

async function pickLocation(
  gateway: Gateway,
  choices: EnforceChoices,
  given: string | undefined,
): Promise<{ location: string; source: string }> {
  if (given) return { location: given, source: 'chosen with --location' };
  const sub = choices.scope.subscriptionId;
  if (!sub) return { location: DEFAULT_LOCATION, source: 'the default; choose another with --location' };
  const vms = (await gateway.arm.listVms(sub)).filter((vm) => scopeCovers(choices.scope.id, vm.id));
  const counts = new Map<string, number>();
  for (const vm of vms) counts.set(vm.location.toLowerCase(), (counts.get(vm.location.toLowerCase()) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return best
    ? { location: best[0], source: `the region of ${best[1]} of the ${vms.length} VMs at this scope` }
    : { location: DEFAULT_LOCATION, source: 'no VM at this scope yet; choose another with --location' };
}

export async function discoverEnforcement(
  gateway: Gateway,
  choices: EnforceChoices,
  options: { location?: string; progress?: (message: string) => void } = {},
): Promise<EnforcementFacts> {
  const policy = gateway.policy;
  if (!policy) throw new BugError('this gateway has no Azure Policy operations');
  const policies = enforcedPolicies(choices.scope, choices.audit);
  const definitionIds = [
    ...new Set([customDefinitionId(choices.scope), ...policies.map((p) => p.definitionId)].map((id) => id)),
  ];
  options.progress?.('Reading policy definitions, assignments and compliance…');
  const [definitions, assignments, location] = await Promise.all([
    Promise.all(
      definitionIds.map(async (id) => [id.toLowerCase(), (await policy.getPolicyDefinition(id)) ?? null] as const),
    ),
    Promise.all(
      policies.map(async (p) => {
        const id = assignmentId(choices.scope, p.assignmentName);
        return [id.toLowerCase(), (await policy.getPolicyAssignment(id)) ?? null] as const;
      }),
    ),
    pickLocation(gateway, choices, options.location),
  ]);
  const facts: EnforcementFacts = {
    scope: choices.scope.id,
    definitions: Object.fromEntries(definitions),
    assignments: Object.fromEntries(assignments),
    identityRoles: {},
    remediations: {},
    states: {},
    location: location.location,
    locationSource: location.source,
  };
  await Promise.all(
    assignments.map(async ([key, a]) => {
      if (!a) return;
      const [roles, remediations, states] = await Promise.all([
        a.principalId ? gateway.arm.listRoleAssignments(choices.scope.id, a.principalId) : Promise.resolve([]),
        policy.listRemediations(choices.scope.id, a.id),
        policy.listPolicyStates(choices.scope.id, a.id),
      ]);
      facts.identityRoles[key] = roles
        .filter((r) => r.principalId.toLowerCase() === a.principalId?.toLowerCase())
        .filter((r) => /^\/providers\/Microsoft\.Management\//i.test(r.scope) || scopeCovers(r.scope, choices.scope.id))
        .map((r) => r.roleDefinitionGuid.toLowerCase());
      facts.remediations[key] = remediations;
      facts.states[key] = states;
    }),
  );
  return facts;
}
