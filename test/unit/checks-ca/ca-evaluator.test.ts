import { describe, expect, it } from 'vitest';
import {
  appsForConnection,
  type CaRequirement,
  evaluateCa,
  evaluateCaForApps,
  evaluatePolicy,
  grantRequirement,
} from '../../../src/checks/ca-evaluator';
import { APP_IDS, AUTH_STRENGTH_IDS } from '../../../src/core/well-known-ids';
import { alice, GROUP_OTHER, GROUP_VM_USERS, policy, user } from '../../steps/steps-4-6/fixtures';

const WIN = APP_IDS.windowsVmSignIn;
const ROLE = '62e90394-69f5-4237-9190-012177145e10';
const admin = user('admin@contoso.com', 'd0000000-0000-0000-0000-000000000004', { roleTemplateIds: [ROLE] });
const guest = user('pat#EXT#@contoso.com', 'e0000000-0000-0000-0000-000000000005', { userType: 'Guest' });

describe('users condition', () => {
  it.each([
    ['All users', { includeUsers: ['All'] }, alice, true, 'users: includes All users'],
    [
      'None',
      { includeUsers: ['None'] },
      alice,
      false,
      'users: does not include this user (not in its users, groups or roles)',
    ],
    ['the user directly', { includeUsers: [alice.id] }, alice, true, 'users: includes the user directly'],
    ['her group', { includeGroups: [GROUP_VM_USERS] }, alice, true, `users: includes group ${GROUP_VM_USERS}`],
    [
      'another group',
      { includeGroups: [GROUP_OTHER] },
      alice,
      false,
      'users: does not include this user (not in its users, groups or roles)',
    ],
    ['a role', { includeRoles: [ROLE] }, admin, true, `users: includes directory role ${ROLE}`],
    [
      'excluded directly despite All',
      { includeUsers: ['All'], excludeUsers: [alice.id] },
      alice,
      false,
      `users: excluded by excludeUsers (${alice.id})`,
    ],
    [
      'excluded through a group',
      { includeUsers: [alice.id], excludeGroups: [GROUP_VM_USERS] },
      alice,
      false,
      `users: excluded through group ${GROUP_VM_USERS}`,
    ],
    [
      'excluded through a role',
      { includeUsers: ['All'], excludeRoles: [ROLE] },
      admin,
      false,
      `users: excluded through directory role ${ROLE}`,
    ],
    [
      'guests (legacy value)',
      { includeUsers: ['GuestsOrExternalUsers'] },
      guest,
      true,
      'users: includes guests or external users',
    ],
    [
      'guests (object)',
      { includeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'b2bCollaborationGuest' } },
      guest,
      true,
      'users: includes guests or external users',
    ],
    [
      'guests excluded',
      { includeUsers: ['All'], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'b2bCollaborationGuest' } },
      guest,
      false,
      'users: excluded as a guest or external user',
    ],
    [
      'guests do not cover members',
      { includeUsers: ['GuestsOrExternalUsers'] },
      alice,
      false,
      'users: does not include this user (not in its users, groups or roles)',
    ],
  ])('%s', (_name, users, who, applies, reason) => {
    const e = evaluatePolicy(policy('p', { users }), who, WIN);
    expect(e.applies).toBe(applies);
    expect(e.reasons[0]).toBe(reason);
  });
});

describe('applications and client apps', () => {
  it.each([
    ['All cloud apps', { apps: ['All'] }, true],
    ['the app', { apps: [WIN] }, true],
    ['Office365 does not cover VM sign-in', { apps: ['Office365'] }, false],
    ['another app', { apps: [APP_IDS.microsoftRemoteDesktop] }, false],
    ['excluded wins over All', { apps: ['All'], excludeApps: [WIN] }, false],
    ['desktop clients', { clientAppTypes: ['mobileAppsAndDesktopClients'] }, true],
    ['browser only', { clientAppTypes: ['browser'] }, false],
    ['legacy clients only', { clientAppTypes: ['exchangeActiveSync', 'other'] }, false],
  ])('%s → targets %s', (_n, extra, targets) => {
    expect(evaluatePolicy(policy('p', extra), alice, WIN).targetsApp).toBe(targets);
  });
});

describe('grant', () => {
  const strength = (id: string): CaRequirement => ({ level: 'strength', strengthId: id });
  it.each([
    ['mfa', { operator: 'OR' as const, builtInControls: ['mfa'] }, { level: 'mfa' }],
    ['block', { operator: 'OR' as const, builtInControls: ['block'] }, { level: 'block' }],
    [
      'phishing-resistant',
      { operator: 'OR' as const, authenticationStrength: { id: AUTH_STRENGTH_IDS.phishingResistant } },
      strength(AUTH_STRENGTH_IDS.phishingResistant),
    ],
    [
      'mfa OR compliant device: either satisfies',
      { operator: 'OR' as const, builtInControls: ['mfa', 'compliantDevice'] },
      { level: 'none' },
    ],
    [
      'mfa AND compliant device',
      { operator: 'AND' as const, builtInControls: ['mfa', 'compliantDevice'] },
      { level: 'mfa' },
    ],
    ['terms of use only', { operator: 'OR' as const, builtInControls: [], termsOfUse: ['t'] }, { level: 'none' }],
    ['none', null, { level: 'none' }],
  ])('%s', (_n, grant, expected) => {
    expect(grantRequirement(policy('p', { grant }))).toEqual(expected);
  });
});

describe('evaluateCa', () => {
  it('enforces only enabled policies, lists report-only ones, ignores disabled ones', () => {
    const out = evaluateCa(
      [
        policy('ro', { state: 'enabledForReportingButNotEnforced' }),
        policy('off', { state: 'disabled', grant: { operator: 'OR', builtInControls: ['block'] } }),
      ],
      alice,
      WIN,
    );
    expect(out.enforced).toEqual({ level: 'none' });
    expect(out.reportOnly.map((e) => e.policyId)).toEqual(['ro']);
    expect(out.policies.find((e) => e.policyId === 'off')!.reasons).toContain('state: disabled, never evaluated');
  });

  it('takes the strongest of several enabled policies', () => {
    const out = evaluateCa(
      [
        policy('a'),
        policy('b', { grant: { operator: 'OR', authenticationStrength: { id: AUTH_STRENGTH_IDS.passwordless } } }),
      ],
      alice,
      WIN,
    );
    expect(out.enforced).toEqual({ level: 'strength', strengthId: AUTH_STRENGTH_IDS.passwordless });
  });

  it('never counts a policy with location conditions as guaranteed', () => {
    const out = evaluateCa(
      [policy('loc', { other: { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } } })],
      alice,
      WIN,
    );
    expect(out.enforced).toEqual({ level: 'none' });
    expect(out.policies[0]!.conditional).toBe(true);
    expect(out.policies[0]!.applies).toBe(true);
  });

  it('across web-account apps guarantees only the weakest', () => {
    const r = evaluateCaForApps([policy('rd', { apps: [APP_IDS.microsoftRemoteDesktop] })], alice, [
      APP_IDS.microsoftRemoteDesktop,
      APP_IDS.windowsCloudLogin,
    ]);
    expect(r.enforced).toEqual({ level: 'none' });
    expect(r.perApp.map((a) => a.enforced.level)).toEqual(['mfa', 'none']);
  });
});

describe('appsForConnection', () => {
  it.each([
    ['rdp-password', 'Windows', [APP_IDS.windowsVmSignIn]],
    ['rdp-web-account', 'Windows', [APP_IDS.microsoftRemoteDesktop, APP_IDS.windowsCloudLogin]],
    ['bastion-native', 'Windows', [APP_IDS.microsoftRemoteDesktop, APP_IDS.windowsCloudLogin]],
    ['bastion-portal', 'Windows', [APP_IDS.microsoftRemoteDesktop, APP_IDS.windowsCloudLogin]],
    ['ssh', 'Linux', [APP_IDS.linuxVmSignIn]],
    ['bastion-native', 'Linux', [APP_IDS.linuxVmSignIn]],
    ['ssh', 'Windows', []],
    ['rdp-password', 'Linux', []],
  ] as const)('%s to %s', (method, os, apps) => {
    expect(appsForConnection(method, os)).toEqual(apps);
  });
});
