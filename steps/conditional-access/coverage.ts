/**
 * The Conditional Access step's pure core: how well existing policies cover the selected users on the apps the
 * chosen connection methods sign in to, the body of the policy this tool creates, and the patch that brings a
 * policy it owns (or the one the admin named) up to the answers.
 */

import {
  appsForConnection,
  type CaOutcome,
  type CaRequirement,
  type ClientAppType,
  clientAppTypeFor,
  evaluateCa,
  grantRequirement,
  requirementRank,
} from '../../src/checks/ca-evaluator';
import { TOOL_CA_BASELINE_PREFIX, TOOL_CA_POLICY_PREFIX } from '../../src/core/well-known-ids';
import { UserError } from '../../src/errors';
import type { Answers } from '../../src/plan/answers';
import type { CaPolicyFacts, PrincipalFacts, Snapshot } from '../../src/plan/snapshot';
import {
  excludedPrincipals,
  neededApps,
  osTypes,
  selectedPrincipals,
  subjectOf,
  wantedRequirement,
} from '../shared/sign-in-subjects';

export type CaPolicyBody = Omit<CaPolicyFacts, 'id' | 'modifiedDateTime'>;

const GRANT_WORDS: Record<Exclude<Answers['ca'], 'none'>, string> = {
  mfa: 'require MFA',
  passwordless: 'require passwordless MFA',
  'phishing-resistant': 'require phishing-resistant MFA',
};

/** The display name of the policy this tool creates; CA create is idempotent on it. */
export function toolPolicyName(ca: Exclude<Answers['ca'], 'none'>): string {
  return `${TOOL_CA_POLICY_PREFIX} VM sign-in – ${GRANT_WORDS[ca]}`;
}

/** The VM policy this tool created (its baseline policies carry the same prefix but are not it). */
export const isToolPolicy = (p: CaPolicyFacts): boolean =>
  p.displayName.startsWith(TOOL_CA_POLICY_PREFIX) && !p.displayName.startsWith(TOOL_CA_BASELINE_PREFIX);

/** MFA as a built-in control, or an authentication strength; never both (their combination is unverified). */
export function grantFor(ca: Exclude<Answers['ca'], 'none'>): NonNullable<CaPolicyFacts['grantControls']> {
  const wanted = wantedRequirement(ca);
  if (wanted.level === 'strength') return { operator: 'OR', authenticationStrength: { id: wanted.strengthId } };
  return { operator: 'OR', builtInControls: ['mfa'] };
}

/** With no principals selected, coverage is judged for an arbitrary member user. */
const ANY_MEMBER: PrincipalFacts = {
  ref: '(any user)',
  kind: 'user',
  id: '(any user)',
  displayName: 'any user',
  userType: 'Member',
  memberOf: [],
  roleTemplateIds: [],
};

export interface CoverageRow {
  principal: PrincipalFacts;
  appId: string;
  outcome: CaOutcome;
  /** Enabled, unconditional policies enforce at least what the admin asked for. */
  satisfied: boolean;
}

export interface CaAnalysis {
  wanted: CaRequirement;
  apps: string[];
  principals: PrincipalFacts[];
  rows: CoverageRow[];
  covered: boolean;
  /** The policy this tool may change: the one named by `caPolicyId`, else one it created. */
  owned?: CaPolicyFacts;
  /** Set when `caPolicyId` names no policy: `plan` throws it, `assess` carries on without it. */
  ownedError?: UserError;
}

/** The client app types the chosen connection methods sign in to `appId` as (desktop first). */
function clientTypesFor(snapshot: Snapshot, answers: Answers, appId: string): ClientAppType[] {
  const types = new Set<ClientAppType>();
  for (const os of osTypes(snapshot, answers))
    for (const m of answers.connections) if (appsForConnection(m, os).includes(appId)) types.add(clientAppTypeFor(m));
  return types.size > 0 ? [...types].sort().reverse() : ['mobileAppsAndDesktopClients'];
}

export function analyseCa(snapshot: Snapshot, answers: Answers): CaAnalysis {
  const wanted = wantedRequirement(answers.ca);
  const apps = neededApps(snapshot, answers);
  const principals = selectedPrincipals(snapshot, answers);
  const judged = principals.length > 0 ? principals : [ANY_MEMBER];
  const rows: CoverageRow[] = [];
  for (const principal of judged) {
    for (const appId of apps) {
      // A policy scoped to desktop clients does not cover Bastion in the portal (a browser), and the reverse.
      const outcomes = clientTypesFor(snapshot, answers, appId).map((clientAppType) =>
        evaluateCa(snapshot.caPolicies, subjectOf(principal), appId, { clientAppType }),
      );
      const outcome = outcomes[0]!;
      const satisfied =
        wanted.level !== 'none' && outcomes.every((o) => requirementRank(o.enforced) >= requirementRank(wanted));
      rows.push({ principal, appId, outcome, satisfied });
    }
  }
  const owned = ownedPolicy(snapshot, answers);
  const covered = rows.every((r) => r.satisfied);
  return { wanted, apps, principals, rows, covered, owned: owned.policy, ownedError: owned.error };
}

function ownedPolicy(snapshot: Snapshot, answers: Answers): { policy?: CaPolicyFacts; error?: UserError } {
  if (answers.caPolicyId) {
    const id = answers.caPolicyId.toLowerCase();
    const policy = snapshot.caPolicies.find((x) => x.id.toLowerCase() === id);
    if (policy) return { policy };
    const error = new UserError(
      'bad-input',
      `Conditional Access policy ${answers.caPolicyId} was not found`,
      'Check the id in the Entra admin center (Protection > Conditional Access > Policies) or drop --ca-policy.',
    );
    return { error };
  }
  if (answers.ca === 'none') return {};
  const name = toolPolicyName(answers.ca);
  const mine = snapshot.caPolicies.filter(isToolPolicy).sort((a, b) => a.displayName.localeCompare(b.displayName));
  return { policy: mine.find((p) => p.displayName === name) ?? mine[0] };
}

const ids = (ps: PrincipalFacts[], kind: PrincipalFacts['kind']) => ps.filter((p) => p.kind === kind).map((p) => p.id);

/** The body of the policy this tool creates. State is report-only unless the admin chose on. */
export function newPolicyBody(snapshot: Snapshot, answers: Answers): CaPolicyBody {
  if (answers.ca === 'none') throw new UserError('bad-input', 'no Conditional Access grant was chosen');
  const selected = selectedPrincipals(snapshot, answers);
  const excluded = excludedPrincipals(snapshot, answers);
  return {
    displayName: toolPolicyName(answers.ca),
    state: answers.caState === 'on' ? 'enabled' : 'enabledForReportingButNotEnforced',
    conditions: {
      users: {
        // With no principals chosen the policy covers everyone signing in to the VM apps (and only those apps).
        includeUsers: selected.length === 0 ? ['All'] : ids(selected, 'user'),
        includeGroups: ids(selected, 'group'),
        excludeUsers: ids(excluded, 'user'),
        excludeGroups: ids(excluded, 'group'),
      },
      applications: { includeApplications: neededApps(snapshot, answers) },
      clientAppTypes: ['all'],
    },
    grantControls: grantFor(answers.ca),
  };
}

const lower = (xs: string[] | undefined) => new Set((xs ?? []).map((x) => x.toLowerCase()));
const without = (xs: string[] | undefined, drop: Set<string>) => (xs ?? []).filter((x) => !drop.has(x.toLowerCase()));

/**
 * The patch that makes `policy` target the needed apps and the selected principals, exclude the break-glass
 * ones, demand at least the wanted grant, and be on when the admin asked. Undefined when nothing changes.
 * Selected principals excluded through some other group or role stay excluded: exclusion wins, and widening
 * someone else's exclusion is not this tool's call (the finding says so).
 */
export function policyPatch(
  policy: CaPolicyFacts,
  snapshot: Snapshot,
  answers: Answers,
): { patch: Partial<CaPolicyBody>; changes: string[] } | undefined {
  const changes: string[] = [];
  const users = { ...(policy.conditions.users ?? {}) };
  const selected = selectedPrincipals(snapshot, answers);
  const excluded = excludedPrincipals(snapshot, answers);
  const selectedIds = new Set(selected.map((p) => p.id.toLowerCase()));
  const directlyExcluded = [...lower(users.excludeUsers), ...lower(users.excludeGroups)].filter((x) =>
    selectedIds.has(x),
  );
  if (directlyExcluded.length > 0) {
    users.excludeUsers = without(users.excludeUsers, new Set(directlyExcluded));
    users.excludeGroups = without(users.excludeGroups, new Set(directlyExcluded));
    changes.push(`stop excluding ${directlyExcluded.length} selected principal(s)`);
  }
  if (!users.includeUsers?.includes('All')) {
    const incU = lower(users.includeUsers);
    const incG = lower(users.includeGroups);
    const addU = ids(selected, 'user').filter((id) => !incU.has(id.toLowerCase()));
    const addG = ids(selected, 'group').filter((id) => !incG.has(id.toLowerCase()));
    if (addU.length + addG.length > 0) {
      users.includeUsers = [...without(users.includeUsers, new Set(['none'])), ...addU];
      users.includeGroups = [...(users.includeGroups ?? []), ...addG];
      changes.push(`include ${addU.length + addG.length} more selected principal(s)`);
    }
  }
  const exU = lower(users.excludeUsers);
  const exG = lower(users.excludeGroups);
  const bgU = ids(excluded, 'user').filter((id) => !exU.has(id.toLowerCase()));
  const bgG = ids(excluded, 'group').filter((id) => !exG.has(id.toLowerCase()));
  if (bgU.length + bgG.length > 0) {
    users.excludeUsers = [...(users.excludeUsers ?? []), ...bgU];
    users.excludeGroups = [...(users.excludeGroups ?? []), ...bgG];
    changes.push(`exclude ${bgU.length + bgG.length} break-glass principal(s)`);
  }

  const apps = { ...(policy.conditions.applications ?? {}) };
  const needed = neededApps(snapshot, answers);
  const exA = lower(apps.excludeApplications);
  const unexclude = needed.filter((a) => exA.has(a));
  if (unexclude.length > 0) {
    apps.excludeApplications = without(apps.excludeApplications, new Set(unexclude));
    changes.push(`stop excluding ${unexclude.length} VM sign-in app(s)`);
  }
  if (!apps.includeApplications?.includes('All')) {
    const inc = lower(apps.includeApplications);
    const add = needed.filter((a) => !inc.has(a));
    if (add.length > 0) {
      apps.includeApplications = [...without(apps.includeApplications, new Set(['none'])), ...add];
      changes.push(`target ${add.length} more VM sign-in app(s)`);
    }
  }

  const patch: Partial<CaPolicyBody> = {};
  if (changes.length > 0) patch.conditions = { ...policy.conditions, users, applications: apps };
  const types = policy.conditions.clientAppTypes ?? [];
  if (types.length > 0 && !types.some((t) => t === 'all' || t === 'mobileAppsAndDesktopClients')) {
    patch.conditions = { ...(patch.conditions ?? policy.conditions), clientAppTypes: ['all'] };
    changes.push('cover all client apps');
  }
  if (
    answers.ca !== 'none' &&
    requirementRank(grantRequirement(policy)) < requirementRank(wantedRequirement(answers.ca))
  ) {
    patch.grantControls = grantFor(answers.ca);
    changes.push(`require ${answers.ca === 'mfa' ? 'MFA' : `${answers.ca} MFA`}`);
  }
  if (answers.caState === 'on' && policy.state !== 'enabled') {
    patch.state = 'enabled';
    changes.push('turn it on');
  }
  return changes.length > 0 ? { patch, changes } : undefined;
}
