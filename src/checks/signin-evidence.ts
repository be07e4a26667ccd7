/**
 * Evidence beside prediction: what the sign-in logs say happened, set against what the product predicted for each
 * connection method, naming the disagreement and what it means. Pure: sign-ins come in as plain facts.
 *
 * A sign-in is classed as `mfa` (succeeded, multi-factor), `single` (succeeded, single-factor) or `failed`. A
 * prediction expects one class: `mfa-then-success` → mfa; `success-without-mfa` → single (mfa when the MFA claim
 * comes from the token); any error → failed. The newest sign-ins (at most three) to the apps a method signs in to
 * decide: all as expected → agrees; otherwise → disagrees, with the policies' logged results as the explanation.
 * A method with no sign-ins of its own is compared with the user's sign-ins to the other VM apps ("connects
 * another way"), because that is the commonest reason MFA is never prompted.
 */
import { APP_IDS, appName } from '../core/well-known-ids';
import type { CaPolicyFacts, SignInFacts, UnreadFact } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';
import { appsForConnection } from './ca-evaluator';
import { describeSignInResult, MFA_REQUIRED_CODES } from './signin-codes';
import type { SignInPrediction } from './signin-outcome';
import type { WhatIfComparison } from './what-if-compare';

export type SignInClass = 'mfa' | 'single' | 'failed';

export interface EvidenceComparison {
  method: ConnectionMethod;
  verdict: 'agrees' | 'disagrees' | 'no-evidence';
  /** One line: the prediction, the evidence, and (when they differ) why. */
  summary: string;
  /** The sign-in ids the comparison rests on, newest first. */
  signInIds: string[];
}

const VM_APPS = new Set<string>(Object.values(APP_IDS));
const LAST = 3;

export function classify(s: SignInFacts): SignInClass {
  if (s.errorCode !== 0) return 'failed';
  return s.authenticationRequirement === 'multiFactorAuthentication' ? 'mfa' : 'single';
}

function expected(p: SignInPrediction): SignInClass {
  if (p.outcome === 'mfa-then-success') return 'mfa';
  if (p.outcome === 'success-without-mfa') return p.whyNoMfa === 'mfa-in-token' ? 'mfa' : 'single';
  return 'failed';
}

const PREDICTED: Record<SignInClass, string> = {
  mfa: 'predicted MFA',
  single: 'predicted no MFA prompt',
  failed: 'predicted a failed sign-in',
};

/** "the last 3 sign-ins were single-factor", "the last sign-in (to Microsoft Remote Desktop) failed". */
function described(cls: SignInClass, n: number, via = ''): string {
  const subject = `the last ${n === 1 ? 'sign-in' : `${n} sign-ins`}${via}`;
  if (cls === 'failed') return `${subject} failed`;
  return `${subject} ${n === 1 ? 'was' : 'were'} ${cls === 'mfa' ? 'multi-factor' : 'single-factor'}`;
}

function names(ids: string[]): string {
  return [...new Set(ids)].map(appName).join(' / ');
}

/** Why sign-ins expected to need MFA were single-factor: the MFA policies' logged results and targets. */
function whySingle(signIns: SignInFacts[], policies: readonly CaPolicyFacts[], targetApps: string[]): string {
  const mfaPolicies = policies.filter(
    (p) =>
      p.state === 'enabled' &&
      (p.grantControls?.builtInControls?.includes('mfa') || p.grantControls?.authenticationStrength),
  );
  const apps = [...new Set(signIns.map((s) => s.appId))];
  for (const p of mfaPolicies) {
    const logged = signIns.map((s) => s.policies.find((a) => a.id === p.id)?.result).filter(Boolean);
    const result = logged[0] ?? 'absent from the log';
    const include = (p.conditions.applications?.includeApplications ?? []).map((a) => a.toLowerCase());
    const targetsUsed = include.includes('all') || apps.some((a) => include.includes(a.toLowerCase()));
    if (!targetsUsed) {
      const targeted = include.filter((a) => VM_APPS.has(a));
      return `"${p.displayName}" was ${result === 'notApplied' ? 'not applied' : result}: the user signs in to ${names(apps)} while the policy targets ${targeted.length > 0 ? names(targeted) : 'other apps'}`;
    }
    if (result !== 'success')
      return `"${p.displayName}" was ${result === 'notApplied' ? 'not applied' : result} (its users or other conditions did not match)`;
  }
  if (mfaPolicies.length === 0) return `no enabled policy requiring MFA covers ${names(targetApps)}`;
  return 'no policy requiring MFA applied to these sign-ins';
}

/** Why sign-ins expected without MFA did MFA: the policy that enforced it, the credential, or something else. */
function whyMfa(signIns: SignInFacts[]): string {
  const enforcing = signIns.flatMap((s) =>
    s.policies.filter((p) => (p.result === 'success' || p.result === 'failure') && p.enforcedGrantControls.length > 0),
  );
  if (enforcing.length > 0)
    return `"${enforcing[0]!.displayName}" enforced ${enforcing[0]!.enforcedGrantControls.join(', ')}`;
  const methods = [...new Set(signIns.flatMap((s) => s.mfaMethods))];
  if (methods.some((m) => /hello|fido|passkey/i.test(m))) {
    return `the credential itself (${methods.join(', ')}) satisfied MFA; no policy asked for it`;
  }
  const failedMfa = signIns.find((s) => MFA_REQUIRED_CODES.has(s.errorCode));
  if (failedMfa)
    return `MFA was demanded (${describeSignInResult(failedMfa.errorCode)}) by something outside Conditional Access: per-user MFA or security defaults`;
  return `MFA (${methods.join(', ') || 'method not logged'}) was required outside Conditional Access: per-user MFA or security defaults`;
}

function explain(
  want: SignInClass,
  got: SignInFacts[],
  prediction: SignInPrediction,
  policies: readonly CaPolicyFacts[],
  targetApps: string[],
): string {
  const failures = got.filter((s) => s.errorCode !== 0);
  if (want === 'failed')
    return `what the prediction expects ("${prediction.message}") did not stop them: it may be fixed already, or they were to another VM (the logs do not name it)`;
  if (failures.length > 0 && failures.length * 2 >= got.length) {
    const f = failures[0]!;
    return MFA_REQUIRED_CODES.has(f.errorCode) && want === 'single'
      ? whyMfa(got)
      : `error ${describeSignInResult(f.errorCode, f.failureReason)}`;
  }
  return want === 'mfa' ? whySingle(got, policies, targetApps) : whyMfa(got);
}

function majority(list: SignInFacts[]): SignInClass {
  const counts = new Map<SignInClass, number>();
  for (const s of list) counts.set(classify(s), (counts.get(classify(s)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

/**
 * Compares each predicted method with the newest sign-ins (given newest first). `sinceText` words the window
 * ("the last 7 days").
 */
export function compareWithPrediction(
  predictions: readonly SignInPrediction[],
  signIns: readonly SignInFacts[],
  policies: readonly CaPolicyFacts[],
  osType: 'Windows' | 'Linux',
  sinceText: string,
): EvidenceComparison[] {
  return predictions.map((p): EvidenceComparison => {
    const apps = appsForConnection(p.method, osType);
    const own = signIns.filter((s) => apps.some((a) => a.toLowerCase() === s.appId.toLowerCase())).slice(0, LAST);
    const other = signIns.filter((s) => VM_APPS.has(s.appId.toLowerCase()) && !own.includes(s)).slice(0, LAST);
    const want = expected(p);
    // With no sign-ins of its own, a method is compared with the user's other VM sign-ins only when it was
    // predicted to bring MFA: those are then the sign-ins that escape it (the user connects another way).
    if (own.length === 0 && (want !== 'mfa' || other.every((s) => classify(s) === 'mfa'))) {
      return {
        method: p.method,
        verdict: 'no-evidence',
        summary: `${PREDICTED[want]}; no sign-ins to ${names(apps)} in ${sinceText}`,
        signInIds: [],
      };
    }
    const basis = own.length > 0 ? own : other;
    const via = own.length > 0 ? '' : ` (to ${names(basis.map((s) => s.appId))}: the user connects another way)`;
    const got = described(majority(basis), basis.length, via);
    if (basis.every((s) => classify(s) === want)) {
      return {
        method: p.method,
        verdict: 'agrees',
        summary: `${PREDICTED[want]}; ${got}`,
        signInIds: basis.map((s) => s.id),
      };
    }
    return {
      method: p.method,
      verdict: 'disagrees',
      summary: `${PREDICTED[want]}, but ${got}: ${explain(want, basis, p, policies, apps)}`,
      signInIds: basis.map((s) => s.id),
    };
  });
}

/**
 * A sign-in whose MFA was satisfied by MFA done earlier in the session: the sign-in log names the step
 * "Previously satisfied" ("MFA requirement satisfied by claim in the token"). Within the sign-in frequency window
 * no new prompt comes, which is why a user "was not asked" although the policy requires MFA.
 */
export interface ReusedMfa {
  /** When the sign-in that reused MFA happened (ISO). */
  at: string;
  appId: string;
  /** "every 8 hours (…)" or Entra's default when no policy sets one. */
  frequency: string;
}

const REUSED = /previously satisfied|satisfied by (claim in the )?token/i;

interface FrequencyControl {
  signInFrequency?: { isEnabled?: boolean; type?: string | null; value?: number | null; frequencyInterval?: string };
}

/** The sign-in frequency the enabled MFA policies set, in words. */
export function frequencyText(policies: readonly CaPolicyFacts[]): string {
  for (const p of policies) {
    if (p.state !== 'enabled') continue;
    const f = (p.sessionControls as FrequencyControl | null | undefined)?.signInFrequency;
    if (!f?.isEnabled) continue;
    if (f.frequencyInterval === 'everyTime') return `"${p.displayName}" asks every time`;
    if (f.value && f.type) return `"${p.displayName}" sets every ${f.value} ${f.type}`;
  }
  return "no policy sets a sign-in frequency, so Entra's default applies: a rolling window of 90 days";
}

/** The newest successful sign-in to `apps` that reused earlier MFA, with the frequency that allowed it. */
export function reusedMfa(
  signIns: readonly SignInFacts[],
  policies: readonly CaPolicyFacts[],
  apps: readonly string[],
): ReusedMfa | undefined {
  const wanted = new Set(apps.map((a) => a.toLowerCase()));
  const newest = signIns.find((s) => wanted.has(s.appId.toLowerCase()) && s.errorCode === 0);
  if (!newest?.mfaMethods.some((m) => REUSED.test(m))) return undefined;
  return { at: newest.createdDateTime, appId: newest.appId, frequency: frequencyText(policies) };
}

/** What doctor puts beside its prediction: read by the evidence workflow, drawn by the output. */
export interface DoctorEvidence {
  /** ISO start of the window. */
  since: string;
  /** "the last 7 days". */
  window: string;
  signIns: SignInFacts[];
  /** More sign-ins were there than were read. */
  truncated: boolean;
  /** One line when the sign-in logs could not be read. */
  signInsUnread?: string;
  comparisons: EvidenceComparison[];
  /** The newest sign-in reused MFA done earlier (sign-in frequency), when it did. */
  reusedMfa?: ReusedMfa;
  whatIf: WhatIfComparison[];
  /** One line when Microsoft's What-If could not be asked. */
  whatIfUnread?: string;
  /** The reads that failed, as facts: each becomes a `read-failed` finding in the report. */
  unread: UnreadFact[];
}

/** "the last 7 days" / "the last 24 hours" for a window given as milliseconds. */
export function sinceText(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms % 86_400_000 === 0) return `the last ${plural(ms / 86_400_000, 'day')}`;
  if (ms % 3_600_000 === 0) return `the last ${plural(ms / 3_600_000, 'hour')}`;
  return `the last ${plural(Math.round(ms / 60_000), 'minute')}`;
}
