/**
 * Which registered authentication methods can satisfy a Conditional Access requirement, per connection method
 * (reference §2.2 built-in strengths, §5.3): the password/WHfB RDP flow can only carry an MFA claim from Windows
 * Hello for Business, whatever the policy asks for.
 */
import { AUTH_STRENGTH_IDS } from '../azure/constants';
import type { AuthMethodFacts } from '../plan/snapshot';
import type { ConnectionMethod } from '../plan/types';
import type { CaRequirement } from './ca-evaluator';

/** `userRegistrationDetails.methodsRegistered` values that are a second factor. */
const MFA_METHODS = new Set([
  'microsoftAuthenticatorPush',
  'microsoftAuthenticatorPasswordless',
  'softwareOneTimePasscode',
  'hardwareOneTimePasscode',
  'mobilePhone',
  'alternateMobilePhone',
  'officePhone',
  'windowsHelloForBusiness',
  'fido2SecurityKey',
  'passKeyDeviceBound',
  'passKeyDeviceBoundAuthenticator',
  'macOsSecureEnclaveKey',
]);
const PHISHING_RESISTANT = new Set(['windowsHelloForBusiness', 'fido2SecurityKey', 'passKeyDeviceBound']);

export interface MethodVerdict {
  ok: boolean;
  /** What would satisfy the requirement, for messages: "Windows Hello for Business". */
  needs: string;
}

/** Whether `methods` can satisfy `req` on `method`. A `block` or `none` requirement is not about methods. */
export function satisfiesRequirement(
  methods: AuthMethodFacts,
  req: CaRequirement,
  method: ConnectionMethod,
): MethodVerdict {
  const registered = new Set(methods.methodsRegistered);
  const whfb = methods.windowsHelloForBusiness > 0 || registered.has('windowsHelloForBusiness');
  const fido2 = methods.fido2 > 0 || registered.has('fido2SecurityKey') || registered.has('passKeyDeviceBound');
  if (req.level === 'none' || req.level === 'block') return { ok: true, needs: 'nothing' };
  if (method === 'rdp-password') {
    return { ok: whfb, needs: 'Windows Hello for Business (the only method the password RDP flow can carry as MFA)' };
  }
  const strength = req.level === 'strength' ? req.strengthId.toLowerCase() : AUTH_STRENGTH_IDS.mfa;
  if (strength === AUTH_STRENGTH_IDS.phishingResistant) {
    return {
      ok: whfb || fido2 || [...registered].some((m) => PHISHING_RESISTANT.has(m)),
      needs: 'Windows Hello for Business or a FIDO2 security key / passkey',
    };
  }
  if (strength === AUTH_STRENGTH_IDS.passwordless) {
    const authenticatorPasswordless =
      registered.has('microsoftAuthenticatorPasswordless') ||
      (methods.methodsRegistered.length === 0 && methods.microsoftAuthenticator > 0);
    return {
      ok: whfb || fido2 || authenticatorPasswordless || methods.isPasswordlessCapable === true,
      needs: 'Windows Hello for Business, a FIDO2 security key or Authenticator passwordless sign-in',
    };
  }
  const any =
    whfb ||
    fido2 ||
    methods.microsoftAuthenticator > 0 ||
    methods.isMfaCapable === true ||
    [...registered].some((m) => MFA_METHODS.has(m));
  return { ok: any, needs: 'any MFA method (Authenticator, phone, OATH token, FIDO2 or Windows Hello for Business)' };
}
