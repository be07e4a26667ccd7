/**
 * Authentication methods (v1.0), per-user MFA requirements (beta only, as in the real service) and
 * `reports/authenticationMethods/userRegistrationDetails`.
 */
import { createHash } from 'node:crypto';
import { type EmuRequest, type EmuResponse, graphError, json, noContent } from '../http';
import type { UserModel } from '../state';
import type { GraphContext } from './directory';
import { findUser } from './directory';
import { collection, entity, notFound, segmentNotFound } from './odata';
import { graphWriteDenied } from './policies';

const METHOD_SETS = [
  'windowsHelloForBusinessMethods',
  'fido2Methods',
  'microsoftAuthenticatorMethods',
  'methods',
] as const;

function methodId(userId: string, kind: string, i: number): string {
  const h = createHash('sha1').update(`${userId}/${kind}/${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function whfb(u: UserModel): Record<string, unknown>[] {
  return Array.from({ length: u.methods.windowsHelloForBusiness }, (_, i) => ({
    '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
    id: methodId(u.id, 'whfb', i),
    displayName: `${u.displayName.split(' ')[0]?.toUpperCase()}-LT-${String(40 + i).padStart(3, '0')}`,
    createdDateTime: '2026-03-14T10:22:31Z',
    keyStrength: 'normal',
  }));
}

function fido2(u: UserModel): Record<string, unknown>[] {
  return Array.from({ length: u.methods.fido2 }, (_, i) => ({
    '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
    id: methodId(u.id, 'fido2', i),
    displayName: 'YubiKey 5 NFC',
    createdDateTime: '2026-02-02T09:00:00Z',
    aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
    model: 'YubiKey 5 Series with NFC',
    attestationCertificates: [],
    attestationLevel: 'attested',
  }));
}

function authenticator(u: UserModel): Record<string, unknown>[] {
  return Array.from({ length: u.methods.microsoftAuthenticator }, (_, i) => ({
    '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
    id: methodId(u.id, 'authenticator', i),
    displayName: 'iPhone 15',
    deviceTag: 'SoftwareTokenActivated',
    phoneAppVersion: '6.8.16',
    createdDateTime: '2025-11-20T14:05:00Z',
  }));
}

function allMethods(u: UserModel): Record<string, unknown>[] {
  return [
    {
      '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
      id: '28c10230-6103-485e-b985-444c60001490',
      password: null,
      createdDateTime: null,
    },
    ...whfb(u),
    ...fido2(u),
    ...authenticator(u),
  ];
}

/** `users/{id}/authentication/...` */
export function userAuthentication(req: EmuRequest, ctx: GraphContext, userRef: string, rest: string[]): EmuResponse {
  const [what, ...more] = rest;
  if (what === 'requirements' && more.length === 0) {
    if (ctx.version !== 'beta') return segmentNotFound('requirements');
    const u = findUser(ctx.state, userRef);
    if (!u) return notFound(userRef);
    if (req.method === 'GET') {
      return {
        ...json(200, {
          '@odata.context': `${ctx.graphBase}/beta/$metadata#users('${u.id}')/authentication/requirements/$entity`,
          perUserMfaState: u.perUserMfaState,
        }),
        target: u.id,
      };
    }
    if (req.method !== 'PATCH') return graphError(405, 'Request_BadRequest', `${req.method} is not supported here.`);
    const deny = graphWriteDenied(ctx, 'perUserMfa');
    if (deny) return { ...deny, target: u.id };
    const state = (req.body as { perUserMfaState?: unknown } | undefined)?.perUserMfaState;
    if (state !== 'disabled' && state !== 'enabled' && state !== 'enforced') {
      return graphError(400, 'BadRequest', "Invalid value for 'perUserMfaState': use disabled, enabled or enforced.");
    }
    u.perUserMfaState = state;
    return { ...noContent(), target: u.id };
  }
  const set = METHOD_SETS.find((s) => s === what);
  if (!set || more.length > 0) return segmentNotFound(what ?? 'authentication');
  if (req.method !== 'GET') return graphError(405, 'Request_BadRequest', `${req.method} is not supported here.`);
  const u = findUser(ctx.state, userRef);
  if (!u) return notFound(userRef);
  const items =
    set === 'windowsHelloForBusinessMethods'
      ? whfb(u)
      : set === 'fido2Methods'
        ? fido2(u)
        : set === 'microsoftAuthenticatorMethods'
          ? authenticator(u)
          : allMethods(u);
  return collection(req, ctx, `users('${u.id}')/authentication/${set}`, items);
}

/**
 * One user's registration details in the shape of the version asked: `defaultMfaMethod` exists only in beta;
 * v1.0 says the same with `userPreferredMethodForSecondaryAuthentication` (docs/reference/sign-in-evidence.md).
 */
function registrationDetails(u: UserModel, isAdmin: boolean, version: 'v1.0' | 'beta'): Record<string, unknown> {
  const methods = [
    ...(u.methods.microsoftAuthenticator > 0 ? ['microsoftAuthenticatorPush'] : []),
    ...(u.methods.windowsHelloForBusiness > 0 ? ['windowsHelloForBusiness'] : []),
    ...(u.methods.fido2 > 0 ? ['fido2'] : []),
  ];
  const passwordless = u.methods.windowsHelloForBusiness + u.methods.fido2 > 0;
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    userDisplayName: u.displayName,
    userType: u.userType === 'Guest' ? 'guest' : 'member',
    isAdmin,
    isSsprRegistered: methods.length > 0,
    isSsprEnabled: false,
    isSsprCapable: false,
    isMfaRegistered: methods.length > 0,
    isMfaCapable: methods.length > 0,
    isPasswordlessCapable: passwordless,
    isSystemPreferredAuthenticationMethodEnabled: true,
    methodsRegistered: methods,
    ...(version === 'beta'
      ? { defaultMfaMethod: u.methods.microsoftAuthenticator > 0 ? 'microsoftAuthenticatorPush' : 'none' }
      : {}),
    systemPreferredAuthenticationMethods: u.methods.microsoftAuthenticator > 0 ? ['push'] : [],
    userPreferredMethodForSecondaryAuthentication: u.methods.microsoftAuthenticator > 0 ? 'push' : 'none',
    lastUpdatedDateTime: '2026-11-01T08:00:00Z',
  };
}

export function userRegistrationDetails(req: EmuRequest, ctx: GraphContext, rest: string[]): EmuResponse {
  const all = [...ctx.state.users.values()].map((u) =>
    registrationDetails(u, u.roleTemplateIds.length > 0, ctx.version),
  );
  if (rest.length === 0) return collection(req, ctx, 'reports/authenticationMethods/userRegistrationDetails', all);
  const item = all.find((d) => String(d.id).toLowerCase() === rest[0]!.toLowerCase());
  if (!item || rest.length > 1) return notFound(rest[0]!);
  return entity(req, ctx, 'reports/authenticationMethods/userRegistrationDetails', item);
}
