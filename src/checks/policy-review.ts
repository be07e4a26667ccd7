/**
 * Review before turning on: what a (report-only) Conditional Access policy did to real sign-ins, per user and VM
 * sign-in app, and a recommendation. The logged result of the policy on each sign-in decides:
 * `reportOnlySuccess`/`success` → required and satisfied, `reportOnlyFailure`/`failure` → would fail (block),
 * `reportOnlyInterrupted` → would prompt for MFA, `reportOnlyNotApplied`/`notApplied` → not covered. Why a user
 * would fail comes from their registered methods, per-user MFA and the device, as the product's checks judge them.
 * Pure.
 */
import { APP_IDS, appName } from '../core/well-known-ids';
import type { AuthMethodFacts, CaPolicyFacts, PerUserMfaState, SignInFacts, Snapshot } from '../plan/snapshot';
import type { ConnectionMethod, Plan } from '../plan/types';
import { satisfiesRequirement } from './auth-methods';
import { describeRequirement, grantRequirement } from './ca-evaluator';
import { describeSignInResult } from './signin-codes';

export type ReviewOutcome = 'satisfied' | 'would-fail' | 'would-prompt' | 'not-covered' | 'unknown';

export interface ReviewRow {
  userId: string;
  user: string;
  appId: string;
  signIns: number;
  counts: Record<ReviewOutcome, number>;
}

export interface UserVerdict {
  userId: string;
  user: string;
  verdict: 'ready' | 'would-fail' | 'would-prompt' | 'not-covered';
  /** Why, for would-fail and not-covered. */
  reason?: string;
}

export interface PolicyReview {
  policyId: string;
  policyName: string;
  state: CaPolicyFacts['state'];
  /** The VM sign-in apps the policy targets. */
  targetApps: string[];
  requirement: string;
  signInCount: number;
  rows: ReviewRow[];
  users: UserVerdict[];
  /** Lines, the first one the headline ("Safe to turn on for 1 of 3 users …"). */
  recommendation: string[];
}

const VM_APPS: string[] = Object.values(APP_IDS);

export function outcomeOf(result: string | undefined): ReviewOutcome {
  switch (result) {
    case 'reportOnlySuccess':
    case 'success':
      return 'satisfied';
    case 'reportOnlyFailure':
    case 'failure':
      return 'would-fail';
    case 'reportOnlyInterrupted':
      return 'would-prompt';
    case 'reportOnlyNotApplied':
    case 'notApplied':
    case 'notEnabled':
      return 'not-covered';
    default:
      return 'unknown';
  }
}

/** The connection method a sign-in to a VM app stands for. */
function methodOf(appId: string): ConnectionMethod {
  if (appId === APP_IDS.windowsVmSignIn) return 'rdp-password';
  if (appId === APP_IDS.linuxVmSignIn) return 'ssh';
  return 'rdp-web-account';
}

export function targetAppsOf(policy: CaPolicyFacts): string[] {
  const include = (policy.conditions.applications?.includeApplications ?? []).map((a) => a.toLowerCase());
  const exclude = new Set((policy.conditions.applications?.excludeApplications ?? []).map((a) => a.toLowerCase()));
  return VM_APPS.filter((a) => (include.includes('all') || include.includes(a)) && !exclude.has(a));
}

function whyFail(
  policy: CaPolicyFacts,
  failing: SignInFacts[],
  methods: AuthMethodFacts | undefined,
  perUserMfa: PerUserMfaState | undefined,
): string {
  if (perUserMfa === 'enabled' || perUserMfa === 'enforced') {
    return `per-user MFA is ${perUserMfa}, which makes RDP sign-in fail before Conditional Access (disable it)`;
  }
  const requirement = grantRequirement(policy);
  if (requirement.level === 'block') return 'the policy blocks the sign-in';
  if (
    (policy.grantControls?.builtInControls ?? []).includes('compliantDevice') &&
    failing.some((s) => s.isCompliant === false)
  ) {
    return 'the device was not compliant';
  }
  for (const s of failing) {
    if (!methods) break;
    const verdict = satisfiesRequirement(methods, requirement, methodOf(s.appId));
    if (!verdict.ok) {
      return `no registered method satisfies ${describeRequirement(requirement)} over ${appName(s.appId)}: needs ${verdict.needs}`;
    }
  }
  const failed = failing.find((s) => s.errorCode !== 0);
  return failed
    ? `its sign-ins could not satisfy ${describeRequirement(requirement)} (${describeSignInResult(failed.errorCode, failed.failureReason)})`
    : `its sign-ins could not satisfy ${describeRequirement(requirement)}`;
}

const EMPTY = (): Record<ReviewOutcome, number> => ({
  satisfied: 0,
  'would-fail': 0,
  'would-prompt': 0,
  'not-covered': 0,
  unknown: 0,
});

const list = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

export function reviewPolicy(input: {
  policy: CaPolicyFacts;
  signIns: readonly SignInFacts[];
  authMethods: Record<string, AuthMethodFacts>;
  perUserMfa: Record<string, PerUserMfaState>;
  window: string;
}): PolicyReview {
  const { policy } = input;
  const targets = targetAppsOf(policy);
  const vmSignIns = input.signIns.filter((s) => VM_APPS.includes(s.appId.toLowerCase()));
  const rows = new Map<string, ReviewRow>();
  const byUser = new Map<
    string,
    { user: string; inScope: SignInFacts[]; outside: SignInFacts[]; skipped: number; outcomes: ReviewOutcome[] }
  >();
  for (const s of vmSignIns) {
    const user = s.userPrincipalName ?? s.userId;
    const targeted = targets.includes(s.appId.toLowerCase());
    // A sign-in to an app the policy does not target is not covered, whatever the log says.
    const outcome = targeted ? outcomeOf(s.policies.find((p) => p.id === policy.id)?.result) : 'not-covered';
    const key = `${s.userId}|${s.appId}`;
    const row = rows.get(key) ?? { userId: s.userId, user, appId: s.appId, signIns: 0, counts: EMPTY() };
    row.signIns++;
    row.counts[outcome]++;
    rows.set(key, row);
    const u = byUser.get(s.userId) ?? { user, inScope: [], outside: [], skipped: 0, outcomes: [] };
    if (targeted && outcome !== 'not-covered') u.inScope.push(s);
    if (targeted && outcome === 'not-covered') u.skipped++;
    if (!targeted) u.outside.push(s);
    u.outcomes.push(outcome);
    byUser.set(s.userId, u);
  }
  const users: UserVerdict[] = [];
  for (const [userId, u] of byUser) {
    const failing = u.inScope.filter(
      (s) => outcomeOf(s.policies.find((p) => p.id === policy.id)?.result) === 'would-fail',
    );
    if (failing.length > 0) {
      users.push({
        userId,
        user: u.user,
        verdict: 'would-fail',
        reason: whyFail(policy, failing, input.authMethods[userId], input.perUserMfa[userId]),
      });
    } else if (u.outcomes.includes('would-prompt')) {
      users.push({ userId, user: u.user, verdict: 'would-prompt' });
    } else if (u.inScope.length > 0) {
      users.push({ userId, user: u.user, verdict: 'ready' });
    } else {
      const apps = [...new Set(u.outside.map((s) => appName(s.appId)))];
      users.push({
        userId,
        user: u.user,
        verdict: 'not-covered',
        reason:
          u.skipped > 0
            ? "not among the policy's users (or its other conditions did not match)"
            : `signs in to ${list(apps)}, which the policy does not target`,
      });
    }
  }
  users.sort((a, b) => a.user.localeCompare(b.user));
  const inScope = users.filter((u) => u.verdict !== 'not-covered');
  const safe = inScope.filter((u) => u.verdict !== 'would-fail');
  const recommendation: string[] = [];
  if (inScope.length === 0) {
    recommendation.push(
      `No sign-ins in its scope in ${input.window}: nothing to judge it by. Keep it report-only until its users have signed in.`,
    );
  } else {
    const who = safe.length > 0 ? ` (${list(safe.map((u) => u.user))})` : '';
    recommendation.push(
      safe.length === inScope.length
        ? `Safe to turn on for all ${inScope.length} user${inScope.length === 1 ? '' : 's'} in its scope who signed in${who}.`
        : `Safe to turn on for ${safe.length} of ${inScope.length} users in its scope who signed in${who}; fix the others first.`,
    );
  }
  for (const u of users.filter((x) => x.verdict === 'would-fail'))
    recommendation.push(`${u.user} would fail: ${u.reason}.`);
  const prompted = users.filter((x) => x.verdict === 'would-prompt');
  if (prompted.length > 0)
    recommendation.push(`${list(prompted.map((u) => u.user))} would be asked for MFA where today they are not.`);
  const uncovered = users.filter((x) => x.verdict === 'not-covered' || byUser.get(x.userId)!.outside.length > 0);
  const outsideApps = [...new Set([...byUser.values()].flatMap((u) => u.outside.map((s) => s.appId)))];
  if (uncovered.length > 0) {
    recommendation.push(
      `Not covered: ${list(uncovered.map((u) => u.user))} sign${uncovered.length === 1 ? 's' : ''} in to ${list(outsideApps.map(appName))}, which the policy does not target: those sign-ins stay without it.`,
    );
  }
  if (policy.state !== 'enabledForReportingButNotEnforced') {
    recommendation.push(
      `The policy is ${policy.state === 'enabled' ? 'on' : 'disabled'}, not report-only: this shows what it did.`,
    );
  }
  return {
    policyId: policy.id,
    policyName: policy.displayName,
    state: policy.state,
    targetApps: targets,
    requirement: describeRequirement(grantRequirement(policy)),
    signInCount: vmSignIns.length,
    rows: [...rows.values()].sort(
      (a, b) => a.user.localeCompare(b.user) || appName(a.appId).localeCompare(appName(b.appId)),
    ),
    users,
    recommendation,
  };
}

/** The report-only policy a plan turns on, if any (the wizard shows its review before confirming). */
export function reportOnlyPolicyTurnedOn(
  plan: Pick<Plan, 'actions'>,
  snapshot: Pick<Snapshot, 'caPolicies'> | undefined,
): { policyId: string; name: string } | undefined {
  for (const a of plan.actions) {
    if (a.kind !== 'update-ca-policy') continue;
    const patch = a.params.patch as { state?: string } | undefined;
    const id = typeof a.params.policyId === 'string' ? a.params.policyId : undefined;
    if (patch?.state !== 'enabled' || !id) continue;
    const current = snapshot?.caPolicies.find((p) => p.id.toLowerCase() === id.toLowerCase());
    if (current && current.state !== 'enabledForReportingButNotEnforced') continue;
    return { policyId: id, name: current?.displayName ?? String(a.params.displayName ?? id) };
  }
  return undefined;
}
