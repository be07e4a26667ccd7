/**
 * The shapes a sign-in prediction is made of, shared by the prediction (`signin-outcome.ts`) and its
 * Conditional Access part (`signin-ca.ts`) so that neither imports the other.
 */
import type { Answers } from '../plan/answers';
import type { SignInOutcome } from '../plan/glyphs-and-wording';
import type { PrincipalFacts, Snapshot, VmFacts } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';

export type SignInOutcomeCode = SignInOutcome;

/**
 * Why a successful sign-in has no MFA prompt: no policy requires it, the one that would is report-only, the user
 * is excluded, MFA is already in the token (WHfB PRT), or the device satisfies the grant (compliant or
 * hybrid joined device, chosen over MFA by an OR grant).
 */
export type WhyNoMfa = 'no-policy' | 'report-only' | 'excluded' | 'mfa-in-token' | 'device-satisfies';

/**
 * Where on its way a connection fails, in the order a real connection meets them: reaching the VM (power,
 * Bastion), the VM's own Entra join (OS, extension), the login role, the token (account, app, Conditional
 * Access) and last the client and the credential typed.
 */
export const SIGN_IN_STAGES = ['reach', 'vm', 'role', 'token', 'client'] as const;
export type SignInStage = (typeof SIGN_IN_STAGES)[number];

export interface PredictInput {
  snapshot: Snapshot;
  answers: Answers;
  vm: VmFacts;
  user: PrincipalFacts;
  method: ConnectionMethod;
  /** The name the user connects to (`full address`), when known; defaults to the VM's computer name. */
  hostname?: string;
  /** The username typed at the RDP prompt (password flow), when known. */
  username?: string;
}

export type FailOutcome = Exclude<SignInOutcomeCode, 'mfa-then-success' | 'success-without-mfa' | 'depends'>;

export interface Blocker {
  stage: SignInStage;
  outcome: FailOutcome;
  message: string;
  /** The reason that makes it fail, in the words of the chain of reasons. */
  reason: string;
}

/** Records a cause that makes the sign-in fail; `message` overrides the text the outcome shows by default. */
export type Fail = (stage: SignInStage, outcome: FailOutcome, reason: string, message?: string) => void;
