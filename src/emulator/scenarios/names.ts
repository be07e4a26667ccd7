/**
 * The scenario names alone, with nothing else loaded: the command line lists them without pulling in the
 * scenarios' data.
 */

/** The known reasons a user who can sign in to a VM with Entra ID is not prompted for MFA: one tenant each. */
export const WHY_NO_MFA_CAUSES = [
  'report-only',
  'policy-disabled',
  'web-account-app',
  'management-app',
  'user-excluded',
  'user-not-included',
  'client-app-types',
  'security-defaults',
  'per-user-mfa',
  'service-principal-missing',
  'mfa-in-token-whfb',
  'mfa-in-token-bastion',
  'sign-in-frequency',
] as const;
export type WhyNoMfaCause = (typeof WHY_NO_MFA_CAUSES)[number];

export const WHY_NO_MFA_SCENARIOS = WHY_NO_MFA_CAUSES.map((c) => `why-no-mfa-${c}` as const);

export const SCENARIO_NAMES = ['demo', 'clean', 'fleet', 'partial', 'hostile', ...WHY_NO_MFA_SCENARIOS] as const;
