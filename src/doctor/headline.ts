/**
 * Doctor's first line: the one cause that decides what this user sees on this VM, in words. Pure.
 *
 * A method that fails is named first (nothing else matters until it signs in), then one that signs in without an
 * MFA prompt (with why, and whether that is still the secure outcome: MFA already in the token), then one that
 * depends on facts not known here. When every method prompts, the line says so, unless the sign-in logs show the
 * user's last sign-in reused MFA done earlier: then the sign-in frequency window is why they saw no prompt.
 */
import type { DoctorEvidence } from '../checks/signin-evidence';
import type { SignInPrediction } from '../checks/signin-outcome';
import { appName } from '../core/well-known-ids';
import type { PrincipalFacts, VmFacts } from '../plan/snapshot';

export interface HeadlineInput {
  vm: VmFacts;
  user: PrincipalFacts;
  outcomes: readonly SignInPrediction[];
  evidence?: DoctorEvidence;
}

const isFailure = (o: SignInPrediction) => o.outcome.startsWith('error-');
const causeOf = (o: SignInPrediction) => o.cause ?? o.reasons[0] ?? o.message;

export function doctorHeadline({ vm, user, outcomes, evidence }: HeadlineInput): string {
  const upn = user.userPrincipalName ?? user.displayName;
  const failing = outcomes.find(isFailure);
  if (failing) return `${upn} cannot sign in to ${vm.name} with ${failing.method}: ${causeOf(failing)}.`;
  const noMfa = outcomes.find((o) => o.outcome === 'success-without-mfa');
  if (noMfa) {
    const secure = noMfa.whyNoMfa === 'mfa-in-token' || noMfa.whyNoMfa === 'device-satisfies';
    if (noMfa.whyNoMfa === 'mfa-in-token') {
      return `No MFA prompt for ${upn} on ${vm.name} with ${noMfa.method} because MFA is already in the token, which is the secure outcome: ${causeOf(noMfa)}.`;
    }
    return `No MFA prompt for ${upn} on ${vm.name} with ${noMfa.method}${secure ? ', which is the secure outcome' : ''}: ${causeOf(noMfa)}.`;
  }
  const depends = outcomes.find((o) => o.outcome === 'depends');
  if (depends) return `Whether ${upn} is asked for MFA on ${vm.name} with ${depends.method}: ${causeOf(depends)}.`;
  const methods = outcomes.map((o) => o.method).join(', ');
  const reused = evidence?.reusedMfa;
  if (reused) {
    return `${upn} is asked for MFA on ${vm.name} (${methods}) only once per sign-in frequency window: the last sign-in to ${appName(reused.appId)} (${reused.at.slice(0, 16).replace('T', ' ')}) reused MFA done earlier, which is the secure outcome; ${reused.frequency}.`;
  }
  return `${upn} is asked for MFA, then signed in to ${vm.name} (${methods}).`;
}
