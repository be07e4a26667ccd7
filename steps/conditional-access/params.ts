/**
 * Closed parameters of the Conditional Access kinds. A new policy carries only the tool's naming, the VM
 * sign-in apps, the tool's two grant shapes and the principals the answers chose; an update changes only the
 * users, apps, client app types, grant and state of a policy this tool manages (or the one --ca-policy names),
 * and only by adding what the answers chose; per-user MFA is only ever turned off, for a selected user; security
 * defaults only turned off, and only when the answers opted in.
 */
import * as z from 'zod';
import { CLOUDS } from '../../src/core/cloud-profiles';
import {
  APP_IDS,
  AUTH_STRENGTH_IDS,
  AZURE_MANAGEMENT_APP_ID,
  REGISTER_SECURITY_INFO_ACTION,
  SECURITY_DEFAULTS_ADMIN_ROLE_IDS,
} from '../../src/core/well-known-ids';
import type { Answers } from '../../src/plan/answers';
import { canonicalJson } from '../../src/plan/digest';
import { CA_POLICIES_KEY, SECURITY_DEFAULTS_KEY } from '../../src/plan/fingerprint';
import { sameId } from '../../src/plan/ids';
import type { CaPolicyFacts, Snapshot } from '../../src/plan/snapshot';
import { actionKind, guid } from '../shared/action-params';
import {
  appName,
  excludedPrincipals,
  neededApps,
  policyTarget,
  selectedPrincipals,
  selectedUsers,
  userTarget,
} from '../shared/sign-in-subjects';
import { BASELINE_NAMES, BASELINE_PREFIX, baselinePolicies, isBaselinePolicy } from './baseline';
import { grantFor, isToolPolicy, toolPolicyName } from './coverage';

const VM_SIGN_IN_APPS = Object.values(APP_IDS) as [string, ...string[]];
const STRENGTHS = Object.values(AUTH_STRENGTH_IDS) as [string, ...string[]];
const TOOL_NAMES = (['mfa', 'phishing-resistant', 'passwordless'] as const).map(toolPolicyName) as [
  string,
  ...string[],
];

/** The two grant shapes this tool writes: built-in MFA, or one of the built-in authentication strengths. */
const grantSchema = z.union([
  z.object({ operator: z.literal('OR'), builtInControls: z.tuple([z.literal('mfa')]) }).strict(),
  z
    .object({ operator: z.literal('OR'), authenticationStrength: z.object({ id: z.enum(STRENGTHS) }).strict() })
    .strict(),
]);

const newPolicySchema = z
  .object({
    displayName: z.enum(TOOL_NAMES),
    // `disabled` only while security defaults are on: Graph refuses `enabled` then, and the chain turns it on.
    state: z.enum(['enabled', 'enabledForReportingButNotEnforced', 'disabled']),
    conditions: z
      .object({
        users: z
          .object({
            includeUsers: z.array(z.union([guid, z.literal('All')])),
            includeGroups: z.array(guid),
            excludeUsers: z.array(guid),
            excludeGroups: z.array(guid),
          })
          .strict(),
        applications: z
          .object({ includeApplications: z.array(z.enum(VM_SIGN_IN_APPS, { error: 'not a VM sign-in app' })).min(1) })
          .strict(),
        clientAppTypes: z.tuple([z.literal('all')]),
      })
      .strict(),
    grantControls: grantSchema,
  })
  .strict();

/**
 * A baseline policy replacing security defaults: the shapes of the tool's five, strict; apply also requires it
 * to equal, field for field, the baseline the plan's answers give for the tenant as re-read.
 */
const baselinePolicySchema = z
  .object({
    displayName: z.enum(Object.values(BASELINE_NAMES) as [string, ...string[]]),
    state: z.literal('disabled'),
    conditions: z
      .object({
        users: z
          .object({
            includeUsers: z.array(z.literal('All')).max(1),
            includeGroups: z.array(guid).max(0),
            includeRoles: z
              .array(z.enum(SECURITY_DEFAULTS_ADMIN_ROLE_IDS as unknown as [string, ...string[]]))
              .optional(),
            excludeUsers: z.array(guid),
            excludeGroups: z.array(guid),
          })
          .strict(),
        applications: z
          .object({
            includeApplications: z.array(z.enum(['All', AZURE_MANAGEMENT_APP_ID])).max(1),
            includeUserActions: z.tuple([z.literal(REGISTER_SECURITY_INFO_ACTION)]).optional(),
          })
          .strict(),
        clientAppTypes: z.array(z.enum(['all', 'exchangeActiveSync', 'other'])).min(1),
      })
      .strict(),
    grantControls: z
      .object({ operator: z.literal('OR'), builtInControls: z.tuple([z.enum(['mfa', 'block'])]) })
      .strict(),
  })
  .strict();

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const lowerSet = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const graph = (cloud: keyof typeof CLOUDS) => CLOUDS[cloud].graphEndpoint;

/** `field` when a list holds an entry that is neither in `was` nor in `allowed`. */
function onlyAdds(next: unknown, was: unknown, allowed: readonly string[]): boolean {
  const ok = lowerSet([...strings(was), ...allowed]);
  return Array.isArray(next) && next.every((x) => typeof x === 'string' && ok.has(x.toLowerCase()));
}

function ids(snapshot: Snapshot, answers: Answers) {
  const selected = selectedPrincipals(snapshot, answers);
  const excluded = excludedPrincipals(snapshot, answers);
  return {
    users: selected.filter((p) => p.kind === 'user').map((p) => p.id),
    groups: selected.filter((p) => p.kind === 'group').map((p) => p.id),
    exUsers: excluded.filter((p) => p.kind === 'user').map((p) => p.id),
    exGroups: excluded.filter((p) => p.kind === 'group').map((p) => p.id),
    any: selected.length === 0,
  };
}

const stateWords = (state: string) =>
  state === 'enabled' ? 'on' : state === 'disabled' ? 'off until security defaults are off, then on' : 'report-only';

export const createCaPolicyKind = actionKind({
  params: z
    .object({
      body: z.discriminatedUnion('displayName', [newPolicySchema, baselinePolicySchema], {
        error: 'not a name this tool gives its policies',
      }),
    })
    .strict(),
  describe: (p, cloud) => ({
    target: CA_POLICIES_KEY,
    summary: isBaselinePolicy(p.body)
      ? `Create baseline policy "${p.body.displayName}" (off until security defaults are off)`
      : `Create policy "${p.body.displayName}" (${stateWords(p.body.state)})`,
    command: `az rest --method POST --url ${graph(cloud)}/v1.0/identity/conditionalAccess/policies --body @policy.json`,
  }),
  inScope(p, snapshot, answers) {
    if (isBaselinePolicy(p.body)) {
      if (!answers.disableSecurityDefaults || answers.withoutBaselineOk) {
        return 'body: the answers did not choose the baseline replacing security defaults';
      }
      const expected = baselinePolicies(snapshot, answers).find((b) => b.body.displayName === p.body.displayName);
      if (!expected) return 'body.displayName: not a baseline policy these answers create';
      return same(p.body, expected.body) ? undefined : 'body: not the baseline policy this tool writes';
    }
    if (answers.ca === 'none') return 'body: the answers chose no Conditional Access grant';
    const b = p.body as z.infer<typeof newPolicySchema>;
    if (b.displayName !== toolPolicyName(answers.ca)) return 'body.displayName: not the name for the chosen grant';
    if (!same(b.grantControls, grantFor(answers.ca))) return 'body.grantControls: not the grant the answers chose';
    // Off is the on-state deferred: created while security defaults are on, turned on by the chain once they go
    // (a resumed apply re-reads a tenant where they may already be off, so the answers decide, not the tenant).
    const deferred = b.state === 'disabled' && answers.disableSecurityDefaults;
    const on = b.state === 'enabled' || deferred;
    if (b.state === 'disabled' && !deferred) return 'body.state: off only while security defaults are turned off';
    if (on !== (answers.caState === 'on')) return 'body.state: not the state the answers chose';
    const who = ids(snapshot, answers);
    const u = b.conditions.users;
    const everyone = u.includeUsers.includes('All');
    if (everyone ? !who.any || u.includeUsers.length !== 1 : !onlyAdds(u.includeUsers, [], who.users)) {
      return 'body.conditions.users.includeUsers: not the selected users';
    }
    if (!onlyAdds(u.includeGroups, [], who.groups))
      return 'body.conditions.users.includeGroups: not the selected groups';
    if (!onlyAdds(u.excludeUsers, [], who.exUsers) || !onlyAdds(u.excludeGroups, [], who.exGroups)) {
      return 'body.conditions.users: excludes someone --exclude did not name';
    }
    if (!onlyAdds(b.conditions.applications.includeApplications, [], neededApps(snapshot, answers))) {
      return 'body.conditions.applications: an app the chosen connections do not sign in to';
    }
    return undefined;
  },
});

const UPDATABLE_CONDITIONS = new Set(['users', 'applications', 'clientAppTypes']);

/** Why a new `conditions` object changes more than adding what the answers chose, or undefined. */
function conditionsProblem(
  next: Record<string, unknown>,
  now: CaPolicyFacts['conditions'],
  snapshot: Snapshot,
  answers: Answers,
): string | undefined {
  const was = now as Record<string, unknown>;
  for (const key of new Set([...Object.keys(next), ...Object.keys(was)])) {
    if (!UPDATABLE_CONDITIONS.has(key) && !same(next[key], was[key]))
      return `${key}: not a condition this tool changes`;
  }
  const who = ids(snapshot, answers);
  const users = (next.users ?? {}) as Record<string, unknown>;
  const wasUsers = (was.users ?? {}) as Record<string, unknown>;
  const adds: Record<string, string[]> = {
    includeUsers: who.users,
    includeGroups: who.groups,
    excludeUsers: who.exUsers,
    excludeGroups: who.exGroups,
  };
  for (const key of new Set([...Object.keys(users), ...Object.keys(wasUsers)])) {
    const allowed = adds[key];
    const ok = allowed
      ? users[key] === undefined || onlyAdds(users[key], wasUsers[key], allowed)
      : same(users[key], wasUsers[key]);
    if (!ok) return `users.${key}: adds someone the answers did not choose`;
  }
  const apps = (next.applications ?? {}) as Record<string, unknown>;
  const wasApps = (was.applications ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(apps), ...Object.keys(wasApps)])) {
    const ok =
      key === 'includeApplications'
        ? onlyAdds(apps[key], wasApps[key], neededApps(snapshot, answers))
        : key === 'excludeApplications'
          ? apps[key] === undefined || onlyAdds(apps[key], wasApps[key], [])
          : same(apps[key], wasApps[key]);
    if (!ok) return `applications.${key}: not the VM sign-in apps`;
  }
  if (!same(next.clientAppTypes, was.clientAppTypes) && !same(next.clientAppTypes, ['all'])) {
    return 'clientAppTypes: not all client apps';
  }
  return undefined;
}

/** "2 users, 1 group", "all users": who a users condition names. */
function whoWords(users: Record<string, unknown> | undefined): string {
  const inc = strings(users?.includeUsers);
  if (inc.includes('All')) return 'all users';
  const n = (k: string, one: string) => {
    const c = strings(users?.[k]).filter((x) => x.toLowerCase() !== 'none').length;
    return c > 0 ? [`${c} ${one}${c === 1 ? '' : 's'}`] : [];
  };
  return [...n('includeUsers', 'user'), ...n('includeGroups', 'group')].join(', ') || 'no one';
}

const STRENGTH_WORDS: Record<string, string> = {
  [AUTH_STRENGTH_IDS.mfa]: 'MFA (authentication strength)',
  [AUTH_STRENGTH_IDS.passwordless]: 'passwordless MFA',
  [AUTH_STRENGTH_IDS.phishingResistant]: 'phishing-resistant MFA',
};

/** What an update patch sets, from the patch alone. */
function patchWords(patch: { conditions?: Record<string, unknown>; grantControls?: unknown; state?: string }): string {
  const words: string[] = [];
  const c = patch.conditions;
  if (c) {
    const users = c.users as Record<string, unknown> | undefined;
    const excluded = strings(users?.excludeUsers).length + strings(users?.excludeGroups).length;
    const apps = strings((c.applications as Record<string, unknown> | undefined)?.includeApplications);
    words.push(
      `cover ${whoWords(users)}${excluded > 0 ? ` except ${excluded}` : ''} on ${apps.includes('All') ? 'all apps' : apps.map(appName).join(', ') || 'no app'}`,
    );
  }
  const g = patch.grantControls as { builtInControls?: string[]; authenticationStrength?: { id: string } } | undefined;
  if (g) words.push(`require ${g.authenticationStrength ? STRENGTH_WORDS[g.authenticationStrength.id] : 'MFA'}`);
  if (patch.state === 'enabled') words.push('turn it on');
  return words.join('; ');
}

export const updateCaPolicyKind = actionKind({
  params: z
    .object({
      policyId: guid,
      displayName: z.string(),
      patch: z
        .object({
          /** Checked against the policy re-read before the first write: only additions the answers chose. */
          conditions: z.record(z.string(), z.unknown()).optional(),
          grantControls: grantSchema.optional(),
          state: z.literal('enabled').optional(),
        })
        .strict()
        .refine((p) => Object.keys(p).length > 0, 'the patch changes nothing'),
      /**
       * The values the patch replaces, as read when planning: shown as the rollback, never written. Only the
       * patched properties.
       */
      before: z.partialRecord(z.enum(['conditions', 'grantControls', 'state']), z.unknown()).optional(),
    })
    .strict()
    .refine((p) => Object.keys(p.before ?? {}).every((k) => k in p.patch), {
      message: 'names a property the patch does not change',
      path: ['before'],
    }),
  describe: (p, cloud) => ({
    target: policyTarget(p.policyId),
    summary: `Update policy "${p.displayName}": ${patchWords(p.patch)}`,
    command: `az rest --method PATCH --url ${graph(cloud)}/v1.0/identity/conditionalAccess/policies/${p.policyId} --body @policy-patch.json`,
  }),
  inScope(p, snapshot, answers) {
    const policy = snapshot.caPolicies.find((x) => sameId(x.id, p.policyId));
    if (!policy) return 'policyId: no such policy';
    const owned = answers.caPolicyId ? sameId(answers.caPolicyId, policy.id) : isToolPolicy(policy);
    if (!owned) return 'policyId: not a policy this tool manages or --ca-policy names';
    if (policy.displayName !== p.displayName) return 'displayName: not the name of that policy';
    if (p.patch.grantControls && (answers.ca === 'none' || !same(p.patch.grantControls, grantFor(answers.ca)))) {
      return 'patch.grantControls: not the grant the answers chose';
    }
    if (p.patch.state && answers.caState !== 'on') return 'patch.state: the answers keep the policy report-only';
    const why = p.patch.conditions
      ? conditionsProblem(p.patch.conditions, policy.conditions, snapshot, answers)
      : undefined;
    return why ? `patch.conditions.${why}` : undefined;
  },
});

export const disablePerUserMfaKind = actionKind({
  params: z
    .object({
      userId: guid,
      userPrincipalName: z.string().optional(),
      body: z.object({ perUserMfaState: z.literal('disabled') }).strict(),
    })
    .strict(),
  describe: (p, cloud) => ({
    target: `${userTarget(p.userId)}/authentication/requirements`,
    summary: `Disable legacy per-user MFA for ${p.userPrincipalName ?? p.userId}`,
    command: `az rest --method PATCH --url ${graph(cloud)}/beta/users/${p.userId}/authentication/requirements --body '{"perUserMfaState":"disabled"}'`,
  }),
  inScope(p, snapshot, answers) {
    const user = selectedUsers(snapshot, answers).find((u) => sameId(u.id, p.userId));
    if (!user) return 'userId: not a selected user';
    return user.userPrincipalName === p.userPrincipalName ? undefined : 'userPrincipalName: not that user’s UPN';
  },
});

export const disableSecurityDefaultsKind = actionKind({
  params: z
    .object({
      body: z.object({ isEnabled: z.literal(false) }).strict(),
      /** What replaces them: the tool's baseline, or nothing (acknowledged with --without-baseline-unprotected-ok). */
      replacement: z.enum(['baseline', 'none']),
    })
    .strict(),
  describe: (p, cloud) => ({
    target: SECURITY_DEFAULTS_KEY,
    summary:
      p.replacement === 'baseline'
        ? 'Turn security defaults off (tenant-wide), replaced at once by the baseline policies'
        : 'Turn security defaults off (tenant-wide) WITHOUT a replacement: nothing will require MFA',
    command: `az rest --method PATCH --url ${graph(cloud)}/v1.0/policies/identitySecurityDefaultsEnforcementPolicy --body '{"isEnabled":false}'`,
  }),
  inScope(p, _snapshot, answers) {
    if (!answers.disableSecurityDefaults) return 'kind: the answers did not opt in to turning security defaults off';
    if (p.replacement === 'none' && !answers.withoutBaselineOk) {
      return 'replacement: no baseline without --without-baseline-unprotected-ok';
    }
    if (p.replacement === 'baseline' && answers.withoutBaselineOk) return 'replacement: the answers chose no baseline';
    return undefined;
  },
});

/**
 * The chain's last link: turn on, together, policies this tool created off (its baseline, its VM policy). Only
 * the tool's own names: it never turns on an admin's policy.
 */
export const enableCaPoliciesKind = actionKind({
  params: z
    .object({
      displayNames: z
        .array(
          z
            .string()
            .refine(
              (n) => n.startsWith(BASELINE_PREFIX) || (TOOL_NAMES as string[]).includes(n),
              'not a policy this tool creates',
            ),
        )
        .min(1),
    })
    .strict(),
  describe: (p, cloud) => ({
    target: CA_POLICIES_KEY,
    summary: `Turn on ${p.displayNames.length} ${p.displayNames.length === 1 ? 'policy' : 'policies'} at once: ${p.displayNames.join(', ')}`,
    command: `az rest --method PATCH --url ${graph(cloud)}/v1.0/identity/conditionalAccess/policies/<id> --body '{"state":"enabled"}'  # for each policy`,
  }),
  inScope(p, snapshot, answers) {
    const baseline = new Set(baselinePolicies(snapshot, answers).map((b) => b.body.displayName));
    const existing = new Set(snapshot.caPolicies.map((x) => x.displayName));
    for (const n of p.displayNames) {
      if (n.startsWith(BASELINE_PREFIX)) {
        if (!baseline.has(n) && !existing.has(n)) return `displayNames: "${n}" is not a baseline policy of this tenant`;
      } else if (answers.caState !== 'on' || answers.ca === 'none' || n !== toolPolicyName(answers.ca)) {
        return `displayNames: "${n}" is not the VM policy the answers turn on`;
      }
    }
    return undefined;
  },
});
