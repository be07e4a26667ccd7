/**
 * The evidence section of `doctor` as text: the user's sign-ins newest first (time, app, client, result in plain
 * words, single/multi-factor, MFA method, Conditional Access status and each policy's result), then the prediction
 * beside the evidence and Microsoft's What-If beside the product's evaluation, disagreements marked.
 */

import { describeSignInResult } from '../checks/signin-codes';
import type { DoctorEvidence } from '../checks/signin-evidence';
import { appName } from '../core/well-known-ids';
import type { SignInFacts } from '../plan/snapshot';
import { terminalSafe } from '../plan/untrusted';
import type { Paint } from './ansi';

const QUIET = new Set(['notApplied', 'notEnabled', 'reportOnlyNotApplied']);
/** At most this many policies are listed per sign-in; quieter ones are counted instead. */
const MAX_POLICIES = 4;

function time(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

function requirement(s: SignInFacts): string {
  if (s.authenticationRequirement === 'multiFactorAuthentication') return 'multi-factor';
  if (s.authenticationRequirement === 'singleFactorAuthentication') return 'single-factor';
  return 'factor unknown';
}

function policyLine(s: SignInFacts): string | undefined {
  if (s.policies.length === 0) return undefined;
  const loud = s.policies.filter((p) => !QUIET.has(p.result));
  const shown = s.policies.length <= MAX_POLICIES ? s.policies : loud.slice(0, MAX_POLICIES);
  const rest = s.policies.length - shown.length;
  const parts = shown.map((p) => `"${terminalSafe(p.displayName)}" ${p.result}`);
  if (rest > 0) parts.push(`${rest} other${rest === 1 ? '' : 's'} not applied`);
  return `policies: ${parts.join('; ')}`;
}

export function renderEvidenceText(e: DoctorEvidence, p: Paint): string[] {
  const out: string[] = [p.bold(`Sign-ins of ${e.window}, newest first`)];
  if (e.signInsUnread)
    out.push(`  ${p.colour('yellow', '!')} ${e.signInsUnread}; the prediction above stands on configuration alone.`);
  else if (e.signIns.length === 0) out.push('  No sign-ins to the VM sign-in apps.');
  for (const s of e.signIns) {
    const ok = s.errorCode === 0;
    const result = ok
      ? p.colour('green', 'success')
      : p.colour('red', `failed ${describeSignInResult(s.errorCode, s.failureReason)}`);
    const method = s.mfaMethods.length > 0 ? `, ${terminalSafe(s.mfaMethods.join(' + '))}` : '';
    out.push(
      `  ${time(s.createdDateTime)}  ${appName(s.appId)} (${terminalSafe(s.clientAppUsed ?? 'client unknown')}): ${result}; ${requirement(s)}${method}; CA ${s.conditionalAccessStatus ?? 'unknown'}`,
    );
    const policies = policyLine(s);
    if (policies) out.push(`      ${policies}`);
  }
  if (e.truncated) out.push(p.dim('  (more sign-ins than were read: narrow --since to see the oldest)'));
  out.push('');
  if (e.comparisons.length > 0) {
    out.push(p.bold('Prediction beside evidence'));
    for (const c of e.comparisons) {
      const mark =
        c.verdict === 'agrees' ? p.colour('green', '✓') : c.verdict === 'disagrees' ? p.colour('red', '✗') : p.dim('·');
      const word = c.verdict === 'agrees' ? 'agrees' : c.verdict === 'disagrees' ? 'DISAGREES' : 'no evidence';
      out.push(`  ${mark} ${c.method}: ${word}: ${terminalSafe(c.summary)}`);
    }
    out.push('');
  }
  out.push(p.bold("Microsoft's What-If beside ours"));
  if (e.whatIfUnread) out.push(`  ${p.colour('yellow', '!')} ${e.whatIfUnread}.`);
  else if (e.whatIf.length === 0) out.push('  Neither applies any policy to these apps.');
  for (const w of e.whatIf) {
    out.push(`  ${w.agree ? p.colour('green', '✓') : p.colour('red', '✗')} ${terminalSafe(w.summary)}`);
  }
  out.push('');
  return out;
}
