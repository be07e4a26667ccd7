/**
 * Authentication strengths (Graph `authenticationStrengthPolicy`): a strength is met when the user can present
 * every method of at least one of its `allowedCombinations` ("password,microsoftAuthenticatorPush" means both)
 * over the connection being made. Built-in and custom strengths are evaluated the same way; a built-in's
 * combinations are known here, a custom one's come inline with the policy (Graph expands `authenticationStrength`
 * in the policies it returns) or are unknown.
 */
import { AUTH_STRENGTH_IDS } from '../core/well-known-ids';
import type { AuthMethodFacts } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';

export interface StrengthFacts {
  id: string;
  displayName?: string;
  policyType?: string;
  allowedCombinations?: string[];
  /** FIDO2 key (AAGUID) or certificate restrictions that apply to some combinations. */
  combinationConfigurations?: { appliesToCombinations?: string[]; [key: string]: unknown }[];
}

/** The three built-in strengths: the same ids and combinations in every tenant. */
export const BUILT_IN_STRENGTHS = [
  {
    id: AUTH_STRENGTH_IDS.mfa,
    displayName: 'Multifactor authentication',
    description: 'Combinations of methods that satisfy strong authentication, such as a password + SMS',
    allowedCombinations: [
      'windowsHelloForBusiness',
      'fido2',
      'x509CertificateMultiFactor',
      'deviceBasedPush',
      'temporaryAccessPassOneTime',
      'temporaryAccessPassMultiUse',
      'password,microsoftAuthenticatorPush',
      'password,softwareOath',
      'password,hardwareOath',
      'password,sms',
      'password,voice',
      'federatedMultiFactor',
      'microsoftAuthenticatorPush,federatedSingleFactor',
      'softwareOath,federatedSingleFactor',
      'hardwareOath,federatedSingleFactor',
      'sms,federatedSingleFactor',
      'voice,federatedSingleFactor',
    ],
  },
  {
    id: AUTH_STRENGTH_IDS.passwordless,
    displayName: 'Passwordless MFA',
    description:
      'Passwordless methods that satisfy strong authentication, such as Passwordless sign-in with the Microsoft Authenticator',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor', 'deviceBasedPush'],
  },
  {
    id: AUTH_STRENGTH_IDS.phishingResistant,
    displayName: 'Phishing-resistant MFA',
    description:
      'Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key',
    allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
  },
] as const;

/** The combinations a strength allows: inline, else the built-in's, else unknown (a custom strength not read). */
export function combinationsOf(s: StrengthFacts): string[] | undefined {
  if (s.allowedCombinations && s.allowedCombinations.length > 0) return s.allowedCombinations;
  return BUILT_IN_STRENGTHS.find((b) => b.id === s.id.toLowerCase())?.allowedCombinations.slice();
}

export function strengthName(s: StrengthFacts): string {
  const name = s.displayName ?? BUILT_IN_STRENGTHS.find((b) => b.id === s.id.toLowerCase())?.displayName;
  return name ? `the ${name} strength` : `authentication strength ${s.id}`;
}

/** `userRegistrationDetails.methodsRegistered` value → the method modes it lets the user present. */
const MODES_BY_REGISTERED: Record<string, string[]> = {
  microsoftAuthenticatorPush: ['microsoftAuthenticatorPush'],
  microsoftAuthenticatorPasswordless: ['deviceBasedPush'],
  softwareOneTimePasscode: ['softwareOath'],
  hardwareOneTimePasscode: ['hardwareOath'],
  mobilePhone: ['sms', 'voice'],
  alternateMobilePhone: ['voice'],
  officePhone: ['voice'],
  windowsHelloForBusiness: ['windowsHelloForBusiness'],
  fido2SecurityKey: ['fido2'],
  passKeyDeviceBound: ['fido2'],
  passKeyDeviceBoundAuthenticator: ['fido2'],
  passKeyDeviceBoundWindowsHello: ['fido2'],
  temporaryAccessPass: ['temporaryAccessPassOneTime', 'temporaryAccessPassMultiUse'],
};

/** The method modes a user can present: a cloud password always, then what they registered. */
export function userModes(m: AuthMethodFacts): Set<string> {
  const modes = new Set(['password']);
  for (const r of m.methodsRegistered) for (const mode of MODES_BY_REGISTERED[r] ?? []) modes.add(mode);
  if (m.windowsHelloForBusiness > 0) modes.add('windowsHelloForBusiness');
  if (m.fido2 > 0) modes.add('fido2');
  if (m.microsoftAuthenticator > 0) {
    modes.add('microsoftAuthenticatorPush');
    // Without the registration report, an Authenticator registration may be phone sign-in too.
    if (m.methodsRegistered.length === 0) modes.add('deviceBasedPush');
  }
  return modes;
}

/**
 * The password/WHfB RDP flow (CredSSP/PKU2U) carries only what Windows presents as a smart card: Windows Hello
 * for Business with a certificate, or a certificate itself. Every other flow signs in through an Entra web
 * sign-in (WAM, a browser, or `az login`), which can present any registered method.
 */
function usableOn(mode: string, method: ConnectionMethod | undefined): boolean {
  if (method !== 'rdp-password') return true;
  return mode === 'windowsHelloForBusiness' || mode === 'x509CertificateMultiFactor';
}

export type StrengthVerdict =
  | { status: 'met'; via: string }
  | { status: 'unmet'; needs: string }
  | { status: 'unknown'; dependsOn: string };

const MODE_NAMES: Record<string, string> = {
  windowsHelloForBusiness: 'Windows Hello for Business',
  fido2: 'a FIDO2 security key or passkey',
  x509CertificateMultiFactor: 'a multifactor certificate',
  deviceBasedPush: 'Authenticator phone sign-in',
  microsoftAuthenticatorPush: 'Authenticator push',
  softwareOath: 'an authenticator app code',
  hardwareOath: 'a hardware OATH token',
  sms: 'SMS',
  voice: 'a voice call',
  temporaryAccessPassOneTime: 'a Temporary Access Pass',
  temporaryAccessPassMultiUse: 'a Temporary Access Pass',
  federatedMultiFactor: 'federated MFA',
};

const describeCombination = (c: string) =>
  c
    .split(',')
    .filter((m) => m !== 'password')
    .map((m) => MODE_NAMES[m] ?? m)
    .join(' with ') || 'a password';

/**
 * Whether `methods` meet strength `s` over `method`. A combination restricted by a combination configuration
 * (allowed FIDO2 key models, certificate issuers) is met only "depending on" which key or certificate is used:
 * registration details do not say.
 */
export function evaluateStrength(
  s: StrengthFacts,
  methods: AuthMethodFacts,
  method: ConnectionMethod | undefined,
  isBuiltInMfaCapable = methods.isMfaCapable === true,
): StrengthVerdict {
  const combos = combinationsOf(s);
  if (!combos) return { status: 'unknown', dependsOn: `the combinations of ${strengthName(s)} (not read)` };
  const modes = userModes(methods);
  const restricted = new Set((s.combinationConfigurations ?? []).flatMap((c) => c.appliesToCombinations ?? []));
  const usable = combos.filter((c) => c.split(',').every((m) => usableOn(m, method)));
  const met = usable.filter((c) => c.split(',').every((m) => modes.has(m)));
  const free = met.find((c) => !restricted.has(c));
  if (free) return { status: 'met', via: describeCombination(free) };
  if (met.length > 0) {
    return {
      status: 'unknown',
      dependsOn: `which ${describeCombination(met[0]!)} is used (${strengthName(s)} allows only some)`,
    };
  }
  // The registration report may be unreadable while the summary flag says the user can do MFA.
  if (method !== 'rdp-password') {
    const id = s.id.toLowerCase();
    if (id === AUTH_STRENGTH_IDS.mfa && isBuiltInMfaCapable) return { status: 'met', via: 'a registered MFA method' };
    if (id === AUTH_STRENGTH_IDS.passwordless && methods.isPasswordlessCapable === true)
      return { status: 'met', via: 'a registered passwordless method' };
  }
  const options = [...new Set(usable.map(describeCombination))];
  const needs =
    method === 'rdp-password'
      ? 'Windows Hello for Business (the only method the password RDP flow can carry as MFA)'
      : options.length > 0
        ? `${options.slice(0, 4).join(', ')}${options.length > 4 ? ' or another method' : ''} for ${strengthName(s)}`
        : `a method ${strengthName(s)} allows over ${method ?? 'this sign-in'}`;
  return { status: 'unmet', needs };
}
