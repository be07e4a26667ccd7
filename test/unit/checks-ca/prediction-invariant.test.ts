/**
 * The invariant between findings and predictions, over generated tenants that combine the demo's facts: when an
 * error finding blocks a user × VM × connection method, the prediction for it is not a success, and the cause
 * the prediction names first is one a real connection meets no later than the earliest blocking finding's.
 *
 * The oracle below maps each finding to the paths it blocks from the finding's own target and words, and from
 * the generated facts, not from the predictor's code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appsForConnection, methodFitsOs } from '../../../src/checks/ca-evaluator';
import { predictOutcome } from '../../../src/checks/signin-outcome';
import type { SignInStage } from '../../../src/checks/signin-types';
import { APP_IDS, AUTH_STRENGTH_IDS, ROLE_IDS } from '../../../src/core/well-known-ids';
import { buildDoctorReport } from '../../../src/doctor/index';
import { OS_IMAGES, type OsKey } from '../../../src/emulator/catalog';
import { parseAnswers } from '../../../src/plan/answers';
import { scopeCovers } from '../../../src/plan/ids';
import {
  type AuthMethodFacts,
  type CaPolicyFacts,
  type ClientFacts,
  emptySnapshot,
  type PrincipalFacts,
  type Snapshot,
  type VmFacts,
} from '../../../src/plan/snapshot';
import { CONNECTION_METHODS, type ConnectionMethod, type FindingDraft } from '../../../src/plan/types';
import { predictAll } from '../../../src/workflows/predictions';
import { STEPS, stepFindings } from '../../../steps/registry';

const TENANT = '11111111-1111-1111-1111-111111111111';
const OTHER_TENANT = '99999999-9999-9999-9999-999999999999';
const SUB = '22222222-2222-2222-2222-222222222222';
const RG = `/subscriptions/${SUB}/resourceGroups/rg1`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-prod`;
const HUB = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const GROUP = '0000000a-0000-0000-0000-00000000000a';
const WEB = [APP_IDS.microsoftRemoteDesktop, APP_IDS.windowsCloudLogin];

const OS_KEYS: OsKey[] = ['ws2022', 'ws2016', 'ws2019', 'win11', 'ubuntu2204', 'rhel9'];
const POWER = ['running', 'running', 'deallocated', 'stopped'] as const;
const EXTENSION = ['Succeeded', 'Succeeded', 'Failed', 'Creating', 'missing'] as const;
const KINDS = ['member', 'member', 'guest', 'b2b-member'] as const;
const ROLES = ['group', 'direct', 'admin', 'none', 'owner-only'] as const;
const BASTION = ['none', 'Basic', 'Standard', 'Developer', 'Standard-hub', 'Standard-no-tunnel'] as const;
const CLIENTS = ['none', 'joined', 'domain-only', 'other-tenant', 'registered', 'hybrid'] as const;
const BUILDS = [undefined, '10.0.19041.1415', '10.0.19044.2130', '10.0.22621.674'] as const;

/** The Conditional Access policies the demo and Microsoft's baselines use, to combine. */
const POLICIES: CaPolicyFacts[] = [
  policy('mfa-web', WEB, { operator: 'OR', builtInControls: ['mfa'] }),
  policy('mfa-win', [APP_IDS.windowsVmSignIn], { operator: 'OR', builtInControls: ['mfa'] }),
  policy('mfa-all', ['All'], { operator: 'OR', builtInControls: ['mfa'] }),
  policy('mfa-or-compliant', ['All'], { operator: 'OR', builtInControls: ['mfa', 'compliantDevice'] }),
  policy('mfa-and-compliant', ['All'], { operator: 'AND', builtInControls: ['mfa', 'compliantDevice'] }),
  policy('compliant', ['All'], { operator: 'OR', builtInControls: ['compliantDevice'] }),
  policy('hybrid', ['All'], { operator: 'OR', builtInControls: ['domainJoinedDevice'] }),
  policy('phish', ['All'], { operator: 'OR', authenticationStrength: { id: AUTH_STRENGTH_IDS.phishingResistant } }),
  policy('fido2-only', ['All'], {
    operator: 'OR',
    authenticationStrength: {
      id: '5f0b2c36-0000-4000-8000-000000000001',
      displayName: 'FIDO2 only',
      allowedCombinations: ['fido2'],
    },
  }),
  policy(
    'block-guests',
    ['All'],
    { operator: 'OR', builtInControls: ['block'] },
    {
      includeGuestsOrExternalUsers: {
        guestOrExternalUserTypes: 'b2bCollaborationGuest,b2bCollaborationMember',
        externalTenants: { membershipKind: 'all' },
      },
    },
  ),
  policy('browser-mfa', ['All'], { operator: 'OR', builtInControls: ['mfa'] }, undefined, ['browser']),
  {
    ...policy('report-only', WEB, { operator: 'OR', builtInControls: ['mfa'] }),
    state: 'enabledForReportingButNotEnforced',
  },
  {
    ...policy('outside-trusted', ['All'], { operator: 'OR', builtInControls: ['mfa'] }),
    conditions: {
      ...policy('x', ['All'], null).conditions,
      locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
    },
  },
];

function policy(
  id: string,
  apps: string[],
  grant: CaPolicyFacts['grantControls'],
  users: NonNullable<CaPolicyFacts['conditions']['users']> = { includeUsers: ['All'] },
  clientAppTypes = ['all'],
): CaPolicyFacts {
  return {
    id,
    displayName: id,
    state: 'enabled',
    conditions: { users, applications: { includeApplications: apps }, clientAppTypes },
    grantControls: grant,
  };
}

const METHOD_SETS: AuthMethodFacts[] = [
  { windowsHelloForBusiness: 0, fido2: 0, microsoftAuthenticator: 0, methodsRegistered: [] },
  {
    windowsHelloForBusiness: 0,
    fido2: 0,
    microsoftAuthenticator: 1,
    methodsRegistered: ['microsoftAuthenticatorPush'],
  },
  {
    windowsHelloForBusiness: 1,
    fido2: 0,
    microsoftAuthenticator: 1,
    methodsRegistered: ['windowsHelloForBusiness', 'microsoftAuthenticatorPush'],
  },
  { windowsHelloForBusiness: 0, fido2: 1, microsoftAuthenticator: 0, methodsRegistered: ['fido2SecurityKey'] },
];

const arbitraryTenant = fc.record({
  vms: fc.array(
    fc.record({
      os: fc.constantFrom(...OS_KEYS),
      power: fc.constantFrom(...POWER),
      extension: fc.constantFrom(...EXTENSION),
      longName: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  users: fc.array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      role: fc.constantFrom(...ROLES),
      reader: fc.boolean(),
      methods: fc.constantFrom(...METHOD_SETS),
      perUserMfa: fc.constantFrom('disabled', 'disabled', 'enforced'),
      disabled: fc.constantFrom(false, false, false, true),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  bastion: fc.constantFrom(...BASTION),
  missingApps: fc.subarray(Object.values(APP_IDS), { maxLength: 2 }),
  policies: fc.subarray(POLICIES, { maxLength: 3 }),
  securityDefaults: fc.constantFrom(false, false, false, true),
  licence: fc.constantFrom(true, true, true, false),
  client: fc.constantFrom(...CLIENTS),
  build: fc.constantFrom(...BUILDS),
  compliant: fc.constantFrom(undefined, true, false),
  connections: fc.subarray([...CONNECTION_METHODS], { minLength: 1 }),
  whfbTrust: fc.constantFrom(undefined, 'certificate', 'key'),
});

type Tenant = typeof arbitraryTenant extends fc.Arbitrary<infer T> ? T : never;

function clientFacts(t: Tenant): ClientFacts | undefined {
  const base: ClientFacts = { ngcSet: true, azureAdPrt: true };
  const join: Record<(typeof CLIENTS)[number], ClientFacts | undefined> = {
    none: undefined,
    joined: { ...base, azureAdJoined: true, domainJoined: false, tenantId: TENANT },
    hybrid: { ...base, azureAdJoined: true, domainJoined: true, tenantId: TENANT },
    'domain-only': { azureAdJoined: false, domainJoined: true },
    'other-tenant': { ...base, azureAdJoined: true, domainJoined: false, tenantId: OTHER_TENANT },
    registered: { azureAdJoined: false, domainJoined: false, workplaceJoined: true, workplaceTenantId: TENANT },
  };
  const facts = {
    ...join[t.client],
    ...(t.build ? { osBuild: t.build } : {}),
    ...(t.compliant === undefined ? {} : { compliant: t.compliant }),
  };
  return Object.keys(facts).length > 0 ? facts : undefined;
}

function build(t: Tenant): { snapshot: Snapshot; users: PrincipalFacts[] } {
  const snapshot = emptySnapshot('AzureCloud', TENANT);
  snapshot.subscriptions = [{ id: SUB, displayName: 'prod', tenantId: TENANT }];
  snapshot.vms = t.vms.map((v, i): VmFacts => {
    const os = OS_IMAGES[v.os];
    const name = v.longName ? `vm-reporting-prod-weu-0${i}` : `vm-${i}`;
    const nicId = `${RG}/providers/Microsoft.Network/networkInterfaces/${name}-nic`;
    snapshot.nics[nicId] = { id: nicId, subnetId: `${VNET}/subnets/app`, vnetId: VNET };
    const type = os.osType === 'Windows' ? 'AADLoginForWindows' : 'AADSSHLoginForLinux';
    return {
      id: `${RG}/providers/Microsoft.Compute/virtualMachines/${name}`,
      name,
      resourceGroup: 'rg1',
      subscriptionId: SUB,
      location: 'westeurope',
      osType: os.osType,
      image: os.image,
      osName: os.osName,
      osVersion: os.osVersion,
      powerState: v.power,
      computerName: v.longName ? name.slice(0, 15) : name,
      identity: { type: 'SystemAssigned', principalId: `mi-${i}`, userAssignedIds: [] },
      extensions:
        v.extension === 'missing'
          ? []
          : [
              {
                name: type,
                publisher: 'Microsoft.Azure.ActiveDirectory',
                type,
                provisioningState: v.extension,
                statuses: [],
                substatuses: [],
              },
            ],
      nicIds: [nicId],
      tags: {},
    };
  });
  snapshot.vnets[VNET] = { id: VNET, peeredVnetIds: [HUB] };
  if (t.bastion !== 'none') {
    const sku = t.bastion.startsWith('Standard') ? 'Standard' : (t.bastion as 'Basic' | 'Developer');
    snapshot.bastions = [
      {
        id: `${RG}/providers/Microsoft.Network/bastionHosts/bas`,
        name: 'bas',
        sku,
        enableTunneling: sku === 'Standard' && t.bastion !== 'Standard-no-tunnel',
        vnetId: t.bastion === 'Standard-hub' ? HUB : VNET,
      },
    ];
  }
  const users = t.users.map((u, i): PrincipalFacts => {
    const id = `a0000000-0000-0000-0000-00000000000${i}`;
    const upn = u.kind === 'member' ? `user${i}@contoso.com` : `user${i}_fabrikam.com#EXT#@contoso.onmicrosoft.com`;
    const p: PrincipalFacts = {
      ref: upn,
      kind: 'user',
      id,
      displayName: `user${i}`,
      userPrincipalName: upn,
      userType: u.kind === 'guest' ? 'Guest' : 'Member',
      accountEnabled: !u.disabled,
      memberOf: u.role === 'group' ? [GROUP] : [],
      roleTemplateIds: [],
    };
    snapshot.principals[upn] = p;
    const grant = (role: string, principal = id, scope = RG) =>
      snapshot.roleAssignments.push({
        id: `ra-${principal}-${role}`,
        name: `${i}`,
        scope,
        roleDefinitionGuid: role,
        principalId: principal,
      });
    if (u.role === 'direct') grant(ROLE_IDS.vmUserLogin);
    if (u.role === 'admin') grant(ROLE_IDS.vmAdministratorLogin);
    if (u.role === 'owner-only') grant(ROLE_IDS.owner);
    if (u.reader) grant(ROLE_IDS.reader);
    snapshot.authMethods[id] = u.methods;
    snapshot.perUserMfa[id] = u.perUserMfa as 'disabled' | 'enforced';
    return p;
  });
  if (t.users.some((u) => u.role === 'group')) {
    snapshot.roleAssignments.push({
      id: 'ra-group',
      name: 'g',
      scope: RG,
      roleDefinitionGuid: ROLE_IDS.vmUserLogin,
      principalId: GROUP,
    });
  }
  for (const app of Object.values(APP_IDS)) {
    snapshot.servicePrincipals[app] = t.missingApps.includes(app)
      ? null
      : { id: `sp-${app}`, appId: app, displayName: app };
  }
  snapshot.caPolicies = t.policies;
  snapshot.securityDefaultsEnabled = t.securityDefaults;
  snapshot.licenceP1 = t.licence;
  snapshot.client = clientFacts(t);
  return { snapshot, users };
}

const STAGE_ORDER: SignInStage[] = ['reach', 'vm', 'role', 'token', 'client'];
const BASTION_METHODS: ConnectionMethod[] = ['bastion-native', 'bastion-portal'];

/** The stage at which `f` stops `user` connecting to `vm` by `method`, or undefined when it does not. */
function blocks(f: FindingDraft, user: PrincipalFacts, vm: VmFacts, method: ConnectionMethod): SignInStage | undefined {
  const onVm = f.target.toLowerCase() === vm.id.toLowerCase();
  const onUser = f.target === `graph:/users/${user.id}`;
  const upn = user.userPrincipalName!;
  const bastion = BASTION_METHODS.includes(method);
  switch (f.code) {
    case 'vm-deallocated':
      return onVm ? 'reach' : undefined;
    case 'bastion-missing':
      return onVm && bastion ? 'reach' : undefined;
    case 'bastion-sku-too-low':
      return onVm &&
        (method === 'bastion-native' || (method === 'bastion-portal' && f.message.includes(' is Developer')))
        ? 'reach'
        : undefined;
    case 'bastion-reader-missing':
      return onVm && bastion && f.message.includes(`${upn} on`) ? 'reach' : undefined;
    case 'vm-os-unsupported':
    case 'extension-failed':
    case 'vm-hostname-duplicate-device':
      return onVm ? 'vm' : undefined;
    case 'role-missing':
      return scopeCovers(f.target, vm.id) && f.message.startsWith(`${upn} has no`) && f.message.includes(vm.name)
        ? 'role'
        : undefined;
    case 'principal-guest-unsupported':
      return onUser ? 'role' : undefined;
    case 'principal-guest-bastion':
      return onUser && bastion ? 'role' : undefined;
    case 'service-principal-missing':
      return appsForConnection(method, vm.osType).some((a) => f.target.includes(a)) ? 'token' : undefined;
    case 'no-strong-auth-method':
      return onUser && f.message.includes(`${method} needs`) ? 'token' : undefined;
    case 'client-not-joined':
      return method === 'rdp-password' ? 'client' : undefined;
    case 'client-os-too-old':
      if (vm.osType !== 'Windows') return undefined;
      if (method === 'rdp-password') return f.message.includes('password RDP needs') ? 'client' : undefined;
      return (method === 'rdp-web-account' || method === 'bastion-native') &&
        f.message.includes('web-account RDP needs')
        ? 'client'
        : undefined;
    case 'per-user-mfa-enabled':
      return onUser && vm.osType === 'Windows' ? 'client' : undefined;
    default:
      return undefined;
  }
}

const SUCCESS = new Set(['mfa-then-success', 'success-without-mfa']);

function check(t: Tenant): void {
  const { snapshot, users } = build(t);
  // ca 'none': findings about the policy the plan would create describe the future; the prediction is now.
  const answers = parseAnswers({
    users: users.map((u) => u.ref),
    connections: t.connections,
    ca: 'none',
    whfbTrust: t.whfbTrust,
  });
  const findings = STEPS.steps
    .flatMap((s) => stepFindings(s, snapshot, answers))
    .filter((f) => f.severity === 'error' || f.code === 'vm-deallocated');
  const rows = predictAll(snapshot, answers);
  for (const user of users) {
    for (const vm of snapshot.vms) {
      for (const method of answers.connections) {
        if (!methodFitsOs(method, vm.osType)) continue;
        const row = rows.find((r) => r.user === user.userPrincipalName && r.vm === vm.name && r.method === method)!;
        const stages = findings.map((f) => blocks(f, user, vm, method)).filter((s): s is SignInStage => !!s);
        if (stages.length === 0) continue;
        const path = `${user.userPrincipalName} → ${vm.name} (${method})`;
        const codes = findings.filter((f) => blocks(f, user, vm, method)).map((f) => f.code);
        expect(
          SUCCESS.has(row.outcome) || row.outcome === 'depends',
          `${path}: ${row.outcome} despite ${codes.join(', ')}`,
        ).toBe(false);
        const earliest = Math.min(...stages.map((s) => STAGE_ORDER.indexOf(s)));
        expect(
          STAGE_ORDER.indexOf(row.stage!),
          `${path}: first cause "${row.reasons[0]}" (${row.stage}) comes after ${codes.join(', ')}`,
        ).toBeLessThanOrEqual(earliest);
      }
    }
  }
}

describe('predictions never contradict the findings', () => {
  it('holds on 2,000 generated tenants', () => {
    fc.assert(
      fc.property(arbitraryTenant, (t) => check(t)),
      { numRuns: 2000, seed: 14 },
    );
  });
});

describe('every view shows the same prediction', () => {
  it('doctor predicts what the summary and apply predict, on generated tenants', () => {
    fc.assert(
      fc.property(arbitraryTenant, (t) => {
        const { snapshot, users } = build(t);
        const answers = parseAnswers({ users: users.map((u) => u.ref), connections: t.connections, ca: 'none' });
        const rows = predictAll(snapshot, answers);
        const user = users[0]!;
        const vm = snapshot.vms[0]!;
        const report = buildDoctorReport({ snapshot, answers, vmId: vm.id, userRef: user.ref });
        for (const o of report.outcomes) {
          const row = rows.find((r) => r.user === user.userPrincipalName && r.vm === vm.name && r.method === o.method);
          if (!row) continue;
          // `cause` is doctor's headline: the summary rows carry the same outcome, message and reasons without it.
          const { cause: _cause, ...shown } = o;
          expect(shown).toEqual({
            method: row.method,
            outcome: row.outcome,
            message: row.message,
            reasons: row.reasons,
            ...(row.whyNoMfa ? { whyNoMfa: row.whyNoMfa } : {}),
            ...(row.stage ? { stage: row.stage } : {}),
            ...(row.dependsOn ? { dependsOn: row.dependsOn } : {}),
            ...(row.trace ? { trace: row.trace } : {}),
            ...(row.tokenMfa ? { tokenMfa: row.tokenMfa } : {}),
          });
        }
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});

describe('one run of predictions shares its Conditional Access verdicts', () => {
  it('predicts every sign-in as a prediction made on its own would, on generated tenants', () => {
    fc.assert(
      fc.property(arbitraryTenant, (t) => {
        const { snapshot, users } = build(t);
        const answers = parseAnswers({ users: users.map((u) => u.ref), connections: t.connections, ca: 'none' });
        const rows = predictAll(snapshot, answers);
        let compared = 0;
        for (const user of users) {
          for (const vm of snapshot.vms) {
            for (const method of answers.connections) {
              const row = rows.find(
                (r) => r.user === user.userPrincipalName && r.vm === vm.name && r.method === method,
              );
              if (!row) continue;
              const alone = predictOutcome({ snapshot, answers, vm, user, method });
              expect({ ...row, user: undefined, vm: undefined }).toEqual({ ...alone, user: undefined, vm: undefined });
              compared++;
            }
          }
        }
        expect(compared).toBe(rows.length);
      }),
      { numRuns: 300, seed: 16 },
    );
  });
});
