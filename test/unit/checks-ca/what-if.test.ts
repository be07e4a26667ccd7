/**
 * `what-if` over the shapes Graph documents for conditionalAccessPolicy: every built-in grant control, AND and OR,
 * authentication strengths (built-in and custom), terms of use and custom controls; every users condition
 * (All, None, GuestsOrExternalUsers, users, groups, roles, guests or external users with all or enumerated
 * tenants, and their exclusions). Policies are written as Graph returns them (nulls and empty lists included).
 */
import { describe, expect, it } from 'vitest';
import type { DeviceState } from '../../../src/checks/device-state';
import { parsePoliciesFile, type WhatIfInput, whatIf } from '../../../src/checks/what-if';
import { APP_IDS, AUTH_STRENGTH_IDS } from '../../../src/core/well-known-ids';
import type { CaPolicyFacts } from '../../../src/plan/snapshot';

const WIN = APP_IDS.windowsVmSignIn;
const USER = 'a0000000-0000-0000-0000-000000000001';
const GROUP = 'b0000000-0000-0000-0000-000000000002';
const ROLE = '62e90394-69f5-4237-9190-012177145e10'; // Global Administrator template
const PARTNER = 'c0000000-0000-0000-0000-000000000003';
const UNKNOWN: DeviceState = { join: 'unknown', compliant: 'unknown', source: 'test' };

/** A policy as `GET /identity/conditionalAccess/policies` returns it. */
function graphPolicy(
  grantControls: CaPolicyFacts['grantControls'],
  users: Record<string, unknown> = { includeUsers: ['All'] },
  extra: Record<string, unknown> = {},
): CaPolicyFacts {
  return {
    id: 'p',
    displayName: 'P',
    state: 'enabled',
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: ['all'],
      platforms: null,
      locations: null,
      devices: null,
      applications: { includeApplications: ['All'], excludeApplications: [], includeUserActions: [] },
      users: {
        includeUsers: [],
        excludeUsers: [],
        includeGroups: [],
        excludeGroups: [],
        includeRoles: [],
        excludeRoles: [],
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
        ...users,
      } as never,
      ...extra,
    },
    grantControls,
  };
}

function run(policies: CaPolicyFacts[], over: Partial<WhatIfInput> = {}) {
  return whatIf({
    policies,
    user: { id: USER, memberOf: [GROUP], roleTemplateIds: [], userType: 'Member' },
    apps: [WIN],
    connection: 'rdp-web-account',
    clientAppType: 'mobileAppsAndDesktopClients',
    device: UNKNOWN,
    methods: ['microsoftAuthenticatorPush'],
    ...over,
  });
}

const grant = (operator: 'AND' | 'OR', builtInControls: string[], more: Record<string, unknown> = {}) => ({
  operator,
  builtInControls,
  customAuthenticationFactors: [],
  termsOfUse: [],
  ...more,
});

describe('grant controls', () => {
  const compliant: DeviceState = { join: 'entra-joined', compliant: 'yes', source: 'test' };
  const hybrid: DeviceState = { join: 'hybrid-joined', compliant: 'no', source: 'test' };
  const none: DeviceState = { join: 'none', compliant: 'no', source: 'test' };
  it.each([
    ['block', grant('OR', ['block']), UNKNOWN, 'refused'],
    ['mfa', grant('OR', ['mfa']), UNKNOWN, 'mfa'],
    ['compliantDevice, compliant', grant('OR', ['compliantDevice']), compliant, 'granted'],
    ['compliantDevice, not', grant('OR', ['compliantDevice']), none, 'refused'],
    ['compliantDevice, unknown', grant('OR', ['compliantDevice']), UNKNOWN, 'depends'],
    ['domainJoinedDevice, hybrid', grant('OR', ['domainJoinedDevice']), hybrid, 'granted'],
    ['domainJoinedDevice, not joined', grant('OR', ['domainJoinedDevice']), none, 'refused'],
    ['mfa OR compliantDevice, compliant', grant('OR', ['mfa', 'compliantDevice']), compliant, 'granted'],
    ['mfa OR compliantDevice, not', grant('OR', ['mfa', 'compliantDevice']), none, 'mfa'],
    ['mfa AND compliantDevice, compliant', grant('AND', ['mfa', 'compliantDevice']), compliant, 'mfa'],
    ['mfa AND compliantDevice, not', grant('AND', ['mfa', 'compliantDevice']), none, 'refused'],
    [
      'compliantDevice OR domainJoinedDevice, hybrid',
      grant('OR', ['compliantDevice', 'domainJoinedDevice']),
      hybrid,
      'granted',
    ],
    ['approvedApplication on a desktop client', grant('OR', ['approvedApplication']), UNKNOWN, 'refused'],
    ['compliantApplication on a desktop client', grant('OR', ['compliantApplication']), UNKNOWN, 'refused'],
    ['passwordChange AND mfa (user risk)', grant('AND', ['mfa', 'passwordChange']), UNKNOWN, 'depends'],
    [
      'terms of use only',
      grant('OR', [], { termsOfUse: ['ce580154-086a-40fd-91df-8a60abac81a0'] }),
      UNKNOWN,
      'granted',
    ],
    ['custom control', grant('OR', [], { customAuthenticationFactors: ['Duo'] }), UNKNOWN, 'depends'],
    [
      'built-in phishing-resistant strength, Authenticator only',
      grant('OR', [], { authenticationStrength: { id: AUTH_STRENGTH_IDS.phishingResistant } }),
      UNKNOWN,
      'refused',
    ],
    [
      'built-in MFA strength as Graph expands it',
      grant('OR', [], {
        'authenticationStrength@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#…',
        authenticationStrength: {
          id: AUTH_STRENGTH_IDS.mfa,
          displayName: 'Multifactor authentication',
          policyType: 'builtIn',
          requirementsSatisfied: 'mfa',
          allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'password,microsoftAuthenticatorPush'],
        },
      }),
      UNKNOWN,
      'mfa',
    ],
    [
      'custom strength the user cannot meet',
      grant('OR', [], {
        authenticationStrength: {
          id: 'c1',
          displayName: 'Keys',
          policyType: 'custom',
          allowedCombinations: ['fido2', 'x509CertificateMultiFactor'],
        },
      }),
      UNKNOWN,
      'refused',
    ],
  ] as const)('%s', (_n, g, device, status) => {
    expect(run([graphPolicy(g as never)], { device }).outcome.status).toBe(status);
  });

  it('several applying policies must all be met: the strictest does not hide the others', () => {
    const passwordless = graphPolicy(
      grant('OR', [], { authenticationStrength: { id: AUTH_STRENGTH_IDS.passwordless } }),
    );
    const hardware = {
      ...graphPolicy(
        grant('OR', [], {
          authenticationStrength: { id: 'hw', displayName: 'Hardware', allowedCombinations: ['password,hardwareOath'] },
        }),
      ),
      id: 'hw',
      displayName: 'Hardware',
    };
    const r = run([passwordless, hardware], { methods: ['microsoftAuthenticatorPasswordless'] });
    expect(r.outcome.status).toBe('refused');
    expect(r.outcome.summary).toMatch(/^Refused: "Hardware": no registered method satisfies the Hardware strength/);
    expect(r.apps[0]!.requirements).toEqual([
      '"P": authenticationStrength 00000000-0000-0000-0000-000000000003',
      '"Hardware": authenticationStrength "Hardware"',
    ]);
  });
});

describe('users condition', () => {
  const mfa = grant('OR', ['mfa']);
  const guests = (types: string, externalTenants?: unknown) => ({
    '@odata.type': '#microsoft.graph.conditionalAccessGuestsOrExternalUsers',
    guestOrExternalUserTypes: types,
    externalTenants: externalTenants ?? null,
  });
  const all = { '@odata.type': '#microsoft.graph.conditionalAccessAllExternalTenants', membershipKind: 'all' };
  const only = (t: string) => ({
    '@odata.type': '#microsoft.graph.conditionalAccessEnumeratedExternalTenants',
    membershipKind: 'enumerated',
    members: [t],
  });
  const member = { id: USER, memberOf: [GROUP], roleTemplateIds: [ROLE], userType: 'Member' as const };
  const b2b = {
    id: USER,
    memberOf: [],
    roleTemplateIds: [],
    userType: 'Guest' as const,
    userPrincipalName: 'pat_partner.com#EXT#@contoso.onmicrosoft.com',
    homeTenantId: PARTNER,
  };
  it.each([
    ['All', { includeUsers: ['All'] }, member, 'yes'],
    ['None', { includeUsers: ['None'] }, member, 'no'],
    ['the user', { includeUsers: [USER] }, member, 'yes'],
    ['excluded user beats All', { includeUsers: ['All'], excludeUsers: [USER] }, member, 'no'],
    ['group', { includeGroups: [GROUP] }, member, 'yes'],
    ['excluded group beats the user', { includeUsers: [USER], excludeGroups: [GROUP] }, member, 'no'],
    ['role', { includeRoles: [ROLE] }, member, 'yes'],
    ['excluded role beats All', { includeUsers: ['All'], excludeRoles: [ROLE] }, member, 'no'],
    ['GuestsOrExternalUsers (legacy)', { includeUsers: ['GuestsOrExternalUsers'] }, b2b, 'yes'],
    [
      'guest kinds, all tenants',
      { includeGuestsOrExternalUsers: guests('internalGuest,b2bCollaborationGuest', all) },
      b2b,
      'yes',
    ],
    [
      'guest kinds, the partner tenant',
      { includeGuestsOrExternalUsers: guests('b2bCollaborationGuest', only(PARTNER)) },
      b2b,
      'yes',
    ],
    [
      'guest kinds, another tenant',
      { includeGuestsOrExternalUsers: guests('b2bCollaborationGuest', only('other')) },
      b2b,
      'no',
    ],
    [
      'excluded guest kinds beat All',
      { includeUsers: ['All'], excludeGuestsOrExternalUsers: guests('b2bCollaborationGuest', all) },
      b2b,
      'no',
    ],
    [
      'excluded guest kinds do not touch members',
      { includeUsers: ['All'], excludeGuestsOrExternalUsers: guests('b2bCollaborationGuest', all) },
      member,
      'yes',
    ],
    [
      'guest kinds, partner tenant, home tenant unknown',
      { includeGuestsOrExternalUsers: guests('b2bCollaborationGuest', only(PARTNER)) },
      { ...b2b, homeTenantId: undefined },
      'may',
    ],
  ] as const)('%s', (_n, users, user, applies) => {
    const r = run([graphPolicy(mfa, users)], { user: user as never });
    expect(r.apps[0]!.policies[0]!.applies).toBe(applies);
  });
});

describe('client app types, app groups and conditions not modelled', () => {
  const mfa = grant('OR', ['mfa']);
  it('a browser-only policy applies to Bastion in the portal, not to RDP', () => {
    const p = graphPolicy(mfa, undefined, { clientAppTypes: ['browser'] });
    expect(run([p], { connection: 'bastion-portal', clientAppType: 'browser' }).outcome.status).toBe('mfa');
    expect(run([p]).outcome.status).toBe('granted');
  });

  it('a location condition makes the outcome depend on it', () => {
    const p = graphPolicy(mfa, undefined, {
      locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
    });
    const r = run([p]);
    expect(r.apps[0]!.policies[0]!.applies).toBe('may');
    expect(r.outcome).toMatchObject({ status: 'depends', dependsOn: ['locations'] });
  });

  it('security defaults: nothing is evaluated', () => {
    expect(run([graphPolicy(mfa)], { securityDefaultsEnabled: true }).outcome.status).toBe('not-evaluated');
  });
});

describe('parsePoliciesFile', () => {
  const one = JSON.stringify(graphPolicy(grant('OR', ['mfa'])));
  it.each([
    ['the GET body', `{"@odata.context":"…","value":[${one}]}`],
    ['an array', `[${one}]`],
    ['one policy', one],
    ['one policy with a BOM', `\uFEFF${one}`],
  ])('reads %s', (_n, text) => {
    expect(parsePoliciesFile(text, 'p.json').map((p) => p.id)).toEqual(['p']);
  });

  it.each([
    ['not JSON', '{', /^p\.json is not JSON/],
    ['not a policy', '{"value":[{"id":"x"}]}', /^p\.json: item 1 is not a Conditional Access policy/],
    ['a bad state', '{"conditions":{},"state":"on"}', /^p\.json: item 1 has state "on"/],
  ])('refuses %s', (_n, text, message) => {
    expect(() => parsePoliciesFile(text, 'p.json')).toThrow(message);
  });
});
