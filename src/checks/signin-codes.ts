/**
 * The sign-in error codes that matter for VM sign-in, in plain words. Sources are recorded in
 * docs/reference/sign-in-evidence.md (the Entra error-code reference, and the VM sign-in troubleshooting page for
 * 293004). Pure.
 */

export interface SignInErrorInfo {
  /** The name the error-code reference gives it. */
  name: string;
  /** What it means for someone signing in to a VM, and what to do. */
  meaning: string;
}

export const SIGN_IN_ERRORS: Readonly<Record<number, SignInErrorInfo>> = {
  50053: { name: 'IdsLocked', meaning: 'account locked after too many attempts, or blocked as a malicious IP' },
  50055: { name: 'InvalidPasswordExpiredPassword', meaning: 'the password has expired' },
  50057: { name: 'UserDisabled', meaning: 'the account is disabled' },
  50072: { name: 'UserStrongAuthEnrollmentRequiredInterrupt', meaning: 'the user must register for MFA first' },
  50074: { name: 'UserStrongAuthClientAuthNRequiredInterrupt', meaning: 'MFA was required and not completed' },
  50076: {
    name: 'UserStrongAuthClientAuthNRequired',
    meaning: 'MFA is required (a policy, per-user MFA or a new location) and the client did not do it',
  },
  50079: { name: 'UserStrongAuthEnrollmentRequired', meaning: 'MFA is required and no method is registered' },
  50097: { name: 'DeviceAuthenticationRequired', meaning: 'device authentication is required' },
  50126: { name: 'InvalidUserNameOrPassword', meaning: 'wrong username or password' },
  50158: { name: 'ExternalSecurityChallenge', meaning: 'an external security challenge was not satisfied' },
  53000: { name: 'DeviceNotCompliant', meaning: 'a policy requires a compliant device and this one is not' },
  53003: { name: 'BlockedByConditionalAccess', meaning: 'blocked by a Conditional Access policy' },
  530035: { name: 'BlockedBySecurityDefaults', meaning: 'blocked by security defaults' },
  293004: {
    name: 'AADSTS293004 (VM sign-in)',
    meaning: "the name connected to does not match the VM's Entra device hostname",
  },
};

/** Codes that mean "MFA was asked for": the sign-in proves MFA is required even though it failed. */
export const MFA_REQUIRED_CODES: ReadonlySet<number> = new Set([50072, 50074, 50076, 50079]);

/** "ok", or "50076 MFA is required …" (unknown codes keep the service's own failure reason). */
export function describeSignInResult(errorCode: number, failureReason?: string): string {
  if (errorCode === 0) return 'ok';
  const known = SIGN_IN_ERRORS[errorCode];
  if (known) return `${errorCode} ${known.meaning}`;
  return failureReason ? `${errorCode} ${failureReason.replace(/\s+/g, ' ').trim()}` : `${errorCode}`;
}
