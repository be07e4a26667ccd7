/**
 * One table per contradiction that issue 14 measured: each row is a sign-in the product predicted wrongly, and
 * what it predicts now.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../../src/checks/ca-evaluator';
import { type PredictInput, predictOutcome } from '../../../src/checks/signin-outcome';
import { APP_IDS, AUTH_STRENGTH_IDS } from '../../../src/core/well-known-ids';
import type { CaPolicyFacts, ClientFacts, PrincipalFacts, Snapshot } from '../../../src/plan/snapshot';
import type { ConnectionMethod } from '../../../src/plan/types';
import {
  alice,
  answers,
  baseSnapshot,
  bastionReady,
  methods,
  policy,
  TENANT,
  WEB_APPS,
  windowsVm,
} from '../../steps/steps-4-6/fixtures';

const JOINED: ClientFacts = { azureAdJoined: true, domainJoined: false, tenantId: TENANT, ngcSet: false };

function predict(over: Partial<Snapshot>, method: ConnectionMethod, extra: Partial<PredictInput> = {}) {
  const snapshot = baseSnapshot(over);
  return predictOutcome({ snapshot, answers: answers(), vm: snapshot.vms[0]!, user: alice, method, ...extra });
}

describe('a client the run flags as too old is not predicted to sign in', () => {
  const mfaWeb = policy('web', { name: 'Web MFA', apps: WEB_APPS });
  it.each([
    ['10.0.19041.1415', 'rdp-web-account', 'error-credentials'],
    ['10.0.19044.2129', 'bastion-native', 'error-credentials'],
    ['10.0.19044.2130', 'rdp-web-account', 'mfa-then-success'],
    ['10.0.22621.674', 'rdp-web-account', 'mfa-then-success'],
  ] as const)('client %s over %s → %s', (build, method, outcome) => {
    const over = method === 'bastion-native' ? bastionReady(windowsVm()) : {};
    const p = predict({ ...over, caPolicies: [mfaWeb], client: { ...JOINED, osBuild: build } }, method);
    expect(p.outcome).toBe(outcome);
    if (outcome === 'error-credentials') {
      expect(p.stage).toBe('client');
      expect(p.reasons[0]).toMatch(
        /^the client PC runs Windows 10\.0\.1904\d\.\d+: web-account RDP needs .*(19042|19044)\.2130/,
      );
    }
  });
});

describe('Bastion too low a SKU, or missing Reader roles, is not "signed in without MFA"', () => {
  const vm = windowsVm();
  it.each([
    ['Basic SKU, native client', 'Basic', 'bastion-native', true, 'bas1 is Basic; the native client'],
    [
      'Developer SKU, portal',
      'Developer',
      'bastion-portal',
      true,
      'bas1 is Developer; Entra sign-in through the portal',
    ],
    ['Basic SKU, portal is fine', 'Basic', 'bastion-portal', true, undefined],
    [
      'Standard SKU without Reader',
      'Standard',
      'bastion-native',
      false,
      'alice@contoso.com has no Reader on the VM vm1',
    ],
  ] as const)('%s', (_n, sku, method, reader, first) => {
    const over = bastionReady(vm, sku);
    if (!reader) over.roleAssignments = baseSnapshot().roleAssignments;
    const p = predict(over, method);
    if (!first) {
      expect(p.outcome).toBe('success-without-mfa');
      return;
    }
    expect(p.outcome).toBe('error-unreachable');
    expect(p.stage).toBe('reach');
    expect(p.reasons[0]!.startsWith(first)).toBe(true);
  });

  it('no Bastion in reach → unreachable, first', () => {
    const p = predict({ roleAssignments: [] }, 'bastion-native');
    expect(p).toMatchObject({ outcome: 'error-unreachable', stage: 'reach' });
    expect(p.reasons[0]).toBe(
      "no Azure Bastion host is in vm1's VNet or a VNet peered with it (its NIC could not be read)",
    );
  });
});

describe('the chain names first the cause a connection meets first', () => {
  it.each([
    [
      'deallocated VM',
      windowsVm('vm1', { powerState: 'deallocated' }),
      'error-unreachable',
      "Remote Desktop can't connect to the remote computer",
      'vm1 is deallocated: nothing answers the connection until it is started',
    ],
    [
      'Windows Server 2016 without the extension',
      windowsVm('vm1', {
        extensions: [],
        osName: 'Windows Server 2016 Datacenter',
        osVersion: '10.0.14393.7515',
        image: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2016-datacenter-gensecond' },
      }),
      'error-credentials',
      'Your credentials did not work',
      /^vm1 runs Windows Server 2016.*, so it cannot join Entra ID$/,
    ],
  ] as const)('%s', (_n, vm, outcome, message, first) => {
    const p = predict({ vms: [vm], roleAssignments: [] }, 'rdp-web-account');
    expect(p.outcome).toBe(outcome);
    expect(p.message).toBe(message);
    if (typeof first === 'string') expect(p.reasons[0]).toBe(first);
    else expect(p.reasons[0]).toMatch(first);
    // The missing role is still named, after the cause met first.
    expect(p.reasons.some((r) => r.includes('neither Virtual Machine Administrator Login'))).toBe(true);
  });
});

describe('compliantDevice and domainJoinedDevice are evaluated with the grant operator', () => {
  const grant = (operator: 'AND' | 'OR', controls: string[]): CaPolicyFacts =>
    policy('dev', { name: 'Device', apps: ['All'], grant: { operator, builtInControls: controls } });
  const requireCompliant = policy('cmp', {
    name: 'Require compliant device',
    apps: ['All'],
    grant: { operator: 'OR', builtInControls: ['compliantDevice'] },
  });
  const requireMfa = policy('mfa', { name: 'Require MFA', apps: ['All'] });
  const hybrid: ClientFacts = { azureAdJoined: true, domainJoined: true, tenantId: TENANT };
  it.each([
    [
      'MFA or compliant, compliant',
      [grant('OR', ['mfa', 'compliantDevice'])],
      { ...JOINED, compliant: true },
      'success-without-mfa',
    ],
    [
      'MFA or compliant, not compliant',
      [grant('OR', ['mfa', 'compliantDevice'])],
      { ...JOINED, compliant: false },
      'mfa-then-success',
    ],
    ['MFA or compliant, unknown', [grant('OR', ['mfa', 'compliantDevice'])], JOINED, 'depends'],
    [
      'MFA and compliant, compliant',
      [grant('AND', ['mfa', 'compliantDevice'])],
      { ...JOINED, compliant: true },
      'mfa-then-success',
    ],
    [
      'MFA and compliant, not compliant',
      [grant('AND', ['mfa', 'compliantDevice'])],
      { ...JOINED, compliant: false },
      'error-device-not-compliant',
    ],
    ['MFA and compliant, unknown', [grant('AND', ['mfa', 'compliantDevice'])], undefined, 'depends'],
    [
      'separate MFA and compliant policies, not compliant',
      [requireMfa, requireCompliant],
      { ...JOINED, compliant: false },
      'error-device-not-compliant',
    ],
    [
      'separate MFA and compliant policies, compliant',
      [requireMfa, requireCompliant],
      { ...JOINED, compliant: true },
      'mfa-then-success',
    ],
    ['hybrid joined required, hybrid', [grant('OR', ['domainJoinedDevice'])], hybrid, 'success-without-mfa'],
    [
      'hybrid joined required, Entra joined',
      [grant('OR', ['domainJoinedDevice'])],
      JOINED,
      'error-device-not-compliant',
    ],
    ['hybrid joined required, no dsregcmd', [grant('OR', ['domainJoinedDevice'])], undefined, 'depends'],
  ] as const)('%s', (_n, caPolicies, client, outcome) => {
    const p = predict({ caPolicies: [...caPolicies], client }, 'rdp-web-account');
    expect(p.outcome).toBe(outcome);
    if (outcome === 'depends') expect(p.message).toMatch(/^Depends on the client device: /);
    if (outcome === 'success-without-mfa') expect(p.whyNoMfa).toBe('device-satisfies');
    if (outcome === 'error-device-not-compliant') expect(p.message).toMatch(/^AADSTS53000: /);
  });
});

describe('guest and external user kinds', () => {
  const ext = (kind: string, homeTenantId?: string): PrincipalFacts => ({
    ...alice,
    userPrincipalName: 'pat_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    userType: kind === 'b2bCollaborationMember' ? 'Member' : 'Guest',
    externalKind: kind as PrincipalFacts['externalKind'],
    homeTenantId,
  });
  const FABRIKAM = 'fabrikam-0000-0000-0000-000000000000';
  const kinds = (types: string, tenants?: object) => ({
    guestOrExternalUserTypes: types,
    ...(tenants ? { externalTenants: tenants } : {}),
  });
  it.each([
    [
      'B2B collaboration member counts as external',
      { includeGuestsOrExternalUsers: kinds('b2bCollaborationMember') },
      ext('b2bCollaborationMember', FABRIKAM),
      true,
    ],
    [
      'a kind the policy does not name',
      { includeGuestsOrExternalUsers: kinds('internalGuest') },
      ext('b2bCollaborationGuest', FABRIKAM),
      false,
    ],
    [
      'all external tenants',
      { includeGuestsOrExternalUsers: kinds('b2bDirectConnectUser', { membershipKind: 'all' }) },
      ext('b2bDirectConnectUser', FABRIKAM),
      true,
    ],
    [
      'enumerated tenant that matches',
      { includeGuestsOrExternalUsers: kinds('serviceProvider', { membershipKind: 'enumerated', members: [FABRIKAM] }) },
      ext('serviceProvider', FABRIKAM),
      true,
    ],
    [
      'enumerated tenant that does not',
      {
        includeGuestsOrExternalUsers: kinds('otherExternalUser', { membershipKind: 'enumerated', members: ['other'] }),
      },
      ext('otherExternalUser', FABRIKAM),
      false,
    ],
    [
      'enumerated tenants, home tenant unknown',
      {
        includeGuestsOrExternalUsers: kinds('b2bCollaborationGuest', {
          membershipKind: 'enumerated',
          members: [FABRIKAM],
        }),
      },
      ext('b2bCollaborationGuest'),
      'may',
    ],
    [
      'an exclusion naming no kind excludes nobody',
      { includeUsers: ['All'], excludeGuestsOrExternalUsers: kinds('') },
      ext('b2bCollaborationGuest', FABRIKAM),
      true,
    ],
    [
      'an exclusion of "none" excludes nobody',
      { includeUsers: ['All'], excludeGuestsOrExternalUsers: kinds('none') },
      ext('internalGuest'),
      true,
    ],
    [
      'exclusion beats inclusion',
      { includeUsers: ['All'], excludeGuestsOrExternalUsers: kinds('internalGuest,b2bCollaborationGuest') },
      ext('internalGuest'),
      false,
    ],
    [
      'local guests have no external tenant',
      { includeGuestsOrExternalUsers: kinds('internalGuest', { membershipKind: 'enumerated', members: [FABRIKAM] }) },
      ext('internalGuest'),
      true,
    ],
    [
      'legacy GuestsOrExternalUsers covers a B2B member',
      { includeUsers: ['GuestsOrExternalUsers'] },
      ext('b2bCollaborationMember', FABRIKAM),
      true,
    ],
    [
      'members of this tenant are not external',
      {
        includeGuestsOrExternalUsers: kinds(
          'internalGuest,b2bCollaborationGuest,b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser,serviceProvider',
        ),
      },
      alice,
      false,
    ],
  ] as const)('%s', (_n, users, who, applies) => {
    const e = evaluatePolicy(policy('g', { users: users as never }), who, APP_IDS.windowsVmSignIn);
    expect(e.applies).toBe(applies !== false);
    expect(e.conditional).toBe(applies === 'may');
  });

  it('a B2B collaboration member cannot sign in to the VM', () => {
    const p = predict({}, 'rdp-web-account', { user: ext('b2bCollaborationMember', FABRIKAM) });
    expect(p).toMatchObject({ outcome: 'error-account-prevented', stage: 'role' });
  });
});

describe('authentication strengths by their combinations', () => {
  const strength = (id: string, allowedCombinations: string[], name = 'Custom') =>
    policy(id, {
      name,
      apps: ['All'],
      grant: { operator: 'OR', authenticationStrength: { id, displayName: name, allowedCombinations } },
    });
  const fido2Only = strength('s-fido2', ['fido2'], 'FIDO2 only');
  const hardwareOnly = strength('s-hw', ['password,hardwareOath'], 'Hardware token');
  const passwordless = policy('pl', {
    apps: ['All'],
    grant: { operator: 'OR', authenticationStrength: { id: AUTH_STRENGTH_IDS.passwordless } },
  });
  const push = methods({ microsoftAuthenticator: 1, methodsRegistered: ['microsoftAuthenticatorPush'] });
  const phone = methods({ microsoftAuthenticator: 1, methodsRegistered: ['microsoftAuthenticatorPasswordless'] });
  const key = methods({ fido2: 1, methodsRegistered: ['fido2SecurityKey'] });
  it.each([
    ['FIDO2-only strength, Authenticator push', [fido2Only], push, 'error-method-not-allowed'],
    ['FIDO2-only strength, a security key', [fido2Only], key, 'mfa-then-success'],
    [
      'passwordless beside a hardware-token strength, phone sign-in',
      [passwordless, hardwareOnly],
      phone,
      'error-method-not-allowed',
    ],
    ['passwordless alone, phone sign-in', [passwordless], phone, 'mfa-then-success'],
    [
      'custom strength with a FIDO2 key restriction',
      [
        {
          ...fido2Only,
          grantControls: {
            operator: 'OR',
            authenticationStrength: {
              id: 's',
              allowedCombinations: ['fido2'],
              combinationConfigurations: [{ appliesToCombinations: ['fido2'], allowedAAGUIDs: ['x'] }],
            },
          },
        },
      ],
      key,
      'depends',
    ],
  ] as const)('%s', (_n, caPolicies, m, outcome) => {
    const p = predict(
      { caPolicies: [...caPolicies] as CaPolicyFacts[], authMethods: { [alice.id]: m } },
      'rdp-web-account',
    );
    expect(p.outcome).toBe(outcome);
  });

  it('names the hardware-token strength the user cannot meet beside the one they can', () => {
    const p = predict(
      { caPolicies: [passwordless, hardwareOnly], authMethods: { [alice.id]: phone } },
      'rdp-web-account',
    );
    expect(p.reasons[0]).toBe(
      'alice@contoso.com has no registered method for this sign-in: "Hardware token" needs a hardware OATH token for the Hardware token strength',
    );
  });
});

describe('Bastion in the portal is a browser', () => {
  const vm = windowsVm();
  it.each([
    ['browser-only policy, portal', ['browser'], 'bastion-portal', 'mfa-then-success'],
    ['browser-only policy, native client', ['browser'], 'bastion-native', 'success-without-mfa'],
    ['desktop-only policy, portal', ['mobileAppsAndDesktopClients'], 'bastion-portal', 'success-without-mfa'],
    ['desktop-only policy, RDP', ['mobileAppsAndDesktopClients'], 'rdp-web-account', 'mfa-then-success'],
  ] as const)('%s', (_n, clientAppTypes, method, outcome) => {
    const p = predict(
      { ...bastionReady(vm), caPolicies: [policy('c', { apps: ['All'], clientAppTypes: [...clientAppTypes] })] },
      method,
    );
    expect(p.outcome).toBe(outcome);
  });
});

describe('app groups', () => {
  it.each([
    ['Office365', { apps: ['Office365'] }, false, 'applications: targets Office365, which does not cover'],
    [
      'MicrosoftAdminPortals',
      { apps: ['MicrosoftAdminPortals'] },
      false,
      'applications: targets MicrosoftAdminPortals, which does not cover',
    ],
    ['All', { apps: ['All'] }, true, 'applications: includes All cloud apps'],
    [
      'All, excluding the app',
      { apps: ['All'], excludeApps: [APP_IDS.windowsVmSignIn] },
      false,
      'applications: excludes app',
    ],
  ])('%s', (_n, extra, targets, reason) => {
    const e = evaluatePolicy(policy('p', extra), alice, APP_IDS.windowsVmSignIn);
    expect(e.targetsApp).toBe(targets);
    expect(e.reasons[1]!.startsWith(reason)).toBe(true);
  });
});

describe('conditions the evaluator does not model', () => {
  it.each([
    ['locations', { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } }, 'locations'],
    ['device platforms', { platforms: { includePlatforms: ['windows'] } }, 'device platforms'],
    [
      'a device filter',
      { devices: { deviceFilter: { mode: 'include', rule: 'device.trustType -eq "ServerAD"' } } },
      'a device filter',
    ],
    ['sign-in risk', { signInRiskLevels: ['high'] }, 'sign-in risk'],
    ['user risk', { userRiskLevels: ['high'] }, 'user risk'],
    ['authentication flows', { authenticationFlows: { transferMethods: 'deviceCodeFlow' } }, 'authentication flows'],
  ])('%s', (_n, other, label) => {
    const p = predict({ caPolicies: [policy('c', { name: 'Cond', apps: ['All'], other })] }, 'rdp-web-account');
    expect(p.outcome).toBe('depends');
    expect(p.reasons).toContain(`"Cond" may apply: depends on ${label} (it would require more)`);
  });

  it('unset conditions as Graph returns them are not conditions', () => {
    const other = { signInRiskLevels: [], userRiskLevels: [], platforms: null, locations: null, devices: null };
    const p = predict({ caPolicies: [policy('c', { apps: ['All'], other })] }, 'rdp-web-account');
    expect(p.outcome).toBe('mfa-then-success');
  });
});
