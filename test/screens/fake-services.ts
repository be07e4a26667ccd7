/**
 * A deterministic fake of `WizardServices` over plain data: a small simulated tenant (five VMs, five
 * principals, one report-only CA policy). No timers, no clock: every time and duration is fixed, so golden
 * frames are stable. `pause(method)` holds a method's calls until `release(method)`, so tests can look at
 * in-flight screens without sleeping.
 */

import { doctorHeadline } from '../../src/doctor/index';
import type {
  ApplyEvent,
  ApplyFailure,
  ApplyResult,
  ConnectInfo,
  FailureDecision,
  FindingLike,
  OutcomeRow,
  Verification,
  WizardServices,
} from '../../src/machine/services';
import { type Answers, parseAnswers } from '../../src/plan/answers';
import type { PrincipalFacts, Snapshot, SubscriptionFacts, VmFacts } from '../../src/plan/snapshot';
import { emptySnapshot } from '../../src/plan/snapshot';
import type { Action, Finding, Plan, StepId } from '../../src/plan/types';
import { chainsToDraw, connectCommands, predictAll } from '../../src/workflows/predictions';
import { outcomeWhileAnswering, STEPS } from '../../steps/registry';

export const TENANT_ID = '11111111-1111-4111-8111-111111111111';
export const SUB_A = '22222222-2222-4222-8222-222222222222';
export const SUB_B = '33333333-3333-4333-8333-333333333333';
export const FIXED_CREATED_AT = '2026-11-22T10:00:00Z';
/** The fake's clock: action start times are this plus the action's index in seconds. */
export const FIXED_NOW = 1_800_000_000_000;

export const SUBSCRIPTIONS: SubscriptionFacts[] = [
  { id: SUB_A, displayName: 'Production', tenantId: TENANT_ID, state: 'Enabled' },
  { id: SUB_B, displayName: 'Development', tenantId: TENANT_ID, state: 'Enabled' },
];

export const CONNECT_INFO: ConnectInfo = {
  cloud: 'AzureCloud',
  tenantId: TENANT_ID,
  tenantName: 'Contoso (simulated)',
  account: 'admin@contoso.example',
  simulated: true,
  subscriptions: SUBSCRIPTIONS,
};

export function vmId(sub: string, rg: string, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
}

interface VmSeed {
  name: string;
  rg: string;
  sub: string;
  os: 'Windows' | 'Linux';
  osName: string;
  osVersion: string;
  power: VmFacts['powerState'];
  identity: string;
  extension?: 'Succeeded' | 'Failed';
}

function vm(s: VmSeed): VmFacts {
  const type = s.os === 'Windows' ? 'AADLoginForWindows' : 'AADSSHLoginForLinux';
  return {
    id: vmId(s.sub, s.rg, s.name),
    name: s.name,
    resourceGroup: s.rg,
    subscriptionId: s.sub,
    location: 'westeurope',
    osType: s.os,
    osName: s.osName,
    osVersion: s.osVersion,
    powerState: s.power,
    computerName: s.name,
    identity: { type: s.identity, userAssignedIds: [] },
    extensions: s.extension
      ? [
          {
            name: type,
            publisher: 'Microsoft.Azure.ActiveDirectory',
            type,
            provisioningState: s.extension,
            statuses: [],
            substatuses: [],
          },
        ]
      : [],
    nicIds: [],
    tags: {},
  };
}

export const VMS: VmFacts[] = [
  vm({
    name: 'vm-web-01',
    rg: 'rg-web',
    sub: SUB_A,
    os: 'Windows',
    osName: 'Windows Server 2022 Datacenter',
    osVersion: '10.0.20348',
    power: 'running',
    identity: 'None',
  }),
  vm({
    name: 'vm-web-02',
    rg: 'rg-web',
    sub: SUB_A,
    os: 'Windows',
    osName: 'Windows Server 2019 Datacenter',
    osVersion: '10.0.17763',
    power: 'running',
    identity: 'SystemAssigned',
    extension: 'Succeeded',
  }),
  vm({
    name: 'vm-app-01',
    rg: 'rg-app',
    sub: SUB_A,
    os: 'Windows',
    osName: 'Windows 11 Enterprise',
    osVersion: '10.0.22631',
    power: 'running',
    identity: 'SystemAssigned',
    extension: 'Failed',
  }),
  vm({
    name: 'vm-db-01',
    rg: 'rg-data',
    sub: SUB_B,
    os: 'Linux',
    osName: 'ubuntu',
    osVersion: '22.04',
    power: 'deallocated',
    identity: 'None',
  }),
  vm({
    name: 'vm-legacy-01',
    rg: 'rg-app',
    sub: SUB_B,
    os: 'Windows',
    osName: 'Windows Server 2016 Datacenter',
    osVersion: '10.0.14393',
    power: 'running',
    identity: 'None',
  }),
];

/** `n` generated VMs for the windowing test: names `vm-00001…`, alternating OS and power state. */
export function manyVms(n: number): VmFacts[] {
  return Array.from({ length: n }, (_, i) =>
    vm({
      name: `vm-${String(i + 1).padStart(5, '0')}`,
      rg: `rg-${String((i % 50) + 1).padStart(2, '0')}`,
      sub: SUB_A,
      os: i % 3 === 2 ? 'Linux' : 'Windows',
      osName: i % 3 === 2 ? 'ubuntu' : 'Windows Server 2022 Datacenter',
      osVersion: i % 3 === 2 ? '22.04' : '10.0.20348',
      power: i % 7 === 6 ? 'deallocated' : 'running',
      identity: i % 2 === 0 ? 'SystemAssigned' : 'None',
    }),
  );
}

function user(upn: string, id: string, displayName: string, userType: 'Member' | 'Guest' = 'Member'): PrincipalFacts {
  return {
    ref: upn,
    kind: 'user',
    id,
    displayName,
    userPrincipalName: upn,
    userType,
    accountEnabled: true,
    memberOf: [],
    roleTemplateIds: [],
  };
}

export const PRINCIPALS: PrincipalFacts[] = [
  user('alice@contoso.example', 'aaaaaaaa-0000-4000-8000-000000000001', 'Alice Admin'),
  user('bob@contoso.example', 'bbbbbbbb-0000-4000-8000-000000000002', 'Bob User'),
  user('breakglass@contoso.example', 'cccccccc-0000-4000-8000-000000000003', 'Break Glass'),
  user('carol_fabrikam.example#EXT#@contoso.example', 'dddddddd-0000-4000-8000-000000000004', 'Carol (guest)', 'Guest'),
  {
    ref: 'VM Admins',
    kind: 'group',
    id: 'eeeeeeee-0000-4000-8000-000000000005',
    displayName: 'VM Admins',
    memberOf: [],
    roleTemplateIds: [],
  },
];

const principalLabel = (p: PrincipalFacts) => p.userPrincipalName ?? p.displayName;

function selected(answers: Answers, vms: VmFacts[]): VmFacts[] {
  const wanted = new Set(answers.vms.map((v) => v.toLowerCase()));
  return vms.filter((v) => wanted.has(v.id.toLowerCase()) || wanted.has(v.name.toLowerCase()));
}

const supported = (v: VmFacts) => !(v.osType === 'Windows' && v.osVersion === '10.0.14393');
const hasExtension = (v: VmFacts) => v.extensions.some((e) => e.provisioningState === 'Succeeded');

/** Findings of the fake tenant, a function of the snapshot and answers like the steps' `assess`. */
export function fakeFindings(snapshot: Snapshot, answers: Answers): Record<StepId, FindingLike[]> {
  const out = Object.fromEntries(STEPS.ids.map((s) => [s, [] as FindingLike[]])) as Record<StepId, FindingLike[]>;
  const add = (f: Omit<FindingLike, 'remediation'> & { remediation?: string }) =>
    out[f.step]!.push({ remediation: '', ...f });
  const pool = answers.vms.length > 0 ? selected(answers, snapshot.vms) : snapshot.vms;
  for (const v of pool) {
    if (!supported(v))
      add({
        code: 'vm-os-unsupported',
        severity: 'error',
        step: 'vm-selection',
        target: v.id,
        message: `${v.name} runs Windows Server 2016, which cannot use Entra sign-in`,
        remediation: 'Upgrade to Windows Server 2019 or later.',
      });
    if (v.powerState === 'deallocated')
      add({
        code: 'vm-deallocated',
        severity: 'warning',
        step: 'vm-selection',
        target: v.id,
        message: `${v.name} is deallocated: the extension installs when it runs`,
        remediation: 'Start the VM before apply.',
      });
    if (v.extensions.some((e) => e.provisioningState === 'Failed'))
      add({
        code: 'extension-failed',
        severity: 'error',
        step: 'identity-extension',
        target: v.id,
        message: `The login extension on ${v.name} failed: the VM could not reach login.microsoftonline.com`,
        remediation: 'Allow outbound 443 to AzureActiveDirectory.',
      });
  }
  for (const ref of [...answers.admins, ...answers.users]) {
    add({
      code: 'role-missing',
      severity: 'error',
      step: 'role-assignment',
      target: ref,
      message: `${ref} has no VM login role on the selected VMs`,
      remediation: 'The plan assigns it.',
    });
  }
  if (snapshot.servicePrincipals['372140e0-b3b7-4226-8ef9-d57986796201'] === null) {
    add({
      code: 'service-principal-missing',
      severity: 'error',
      step: 'service-principal',
      target: 'tenant',
      message: 'Azure Windows VM Sign-In has no service principal in this tenant',
      remediation: 'The plan creates it.',
    });
  }
  add({
    code: 'ca-report-only',
    severity: 'error',
    step: 'conditional-access',
    target: 'graph:/identity/conditionalAccess/policies/p1',
    message: 'Require MFA for admins is report-only: it does not enforce MFA',
    remediation: 'Turn it on after checking sign-in logs.',
  });
  add({
    code: 'per-user-mfa-enabled',
    severity: 'error',
    step: 'conditional-access',
    target: 'bob@contoso.example',
    message: 'bob@contoso.example has legacy per-user MFA enforced: RDP sign-in fails',
    remediation: 'The plan disables it.',
  });
  if (!answers.dsregcmdFile)
    add({
      code: 'client-not-joined',
      severity: 'warning',
      step: 'client-readiness',
      target: 'client',
      message: 'The client PC’s join state is unknown',
      remediation: 'Run dsregcmd /status on the client and give its output.',
    });
  return out;
}

export function fakeSnapshot(vms: VmFacts[], answers: Answers): Snapshot {
  const s = emptySnapshot('AzureCloud', TENANT_ID);
  s.subscriptions = SUBSCRIPTIONS;
  s.vms = answers.vms.length > 0 ? selected(answers, vms) : vms;
  for (const ref of [...answers.admins, ...answers.users, ...answers.exclude]) {
    const p = PRINCIPALS.find((x) => principalLabel(x).toLowerCase() === ref.toLowerCase());
    if (p) s.principals[ref] = { ...p, ref };
    else s.unresolvedPrincipals.push(ref);
  }
  s.servicePrincipals = {
    '372140e0-b3b7-4226-8ef9-d57986796201': null,
    'ce6ff14a-7fdc-4685-bbe0-f6afdfcfa8e0': {
      id: 'sp-linux',
      appId: 'ce6ff14a-7fdc-4685-bbe0-f6afdfcfa8e0',
      displayName: 'Azure Linux VM Sign-In',
    },
  };
  s.caPolicies = [
    {
      id: 'p1',
      displayName: 'Require MFA for admins',
      state: 'enabledForReportingButNotEnforced',
      conditions: {},
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    },
  ];
  s.licenceP1 = true;
  s.perUserMfa = { 'bbbbbbbb-0000-4000-8000-000000000002': 'enforced' };
  return s;
}

/** The fake planner: deterministic ids, fixed createdAt and digest. */
export function fakePlan(snapshot: Snapshot, answers: Answers): Plan {
  const actions: Action[] = [];
  const push = (a: Omit<Action, 'id' | 'params' | 'dependsOn'> & { dependsOn?: string[] }): string => {
    const id = `a${actions.length + 1}`;
    actions.push({ id, params: {}, ...a, dependsOn: a.dependsOn ?? [] });
    return id;
  };
  for (const v of snapshot.vms.filter(supported)) {
    let identity: string | undefined;
    if (v.identity.type === 'None') {
      identity = push({
        kind: 'enable-system-identity',
        step: 'identity-extension',
        target: v.id,
        summary: `Enable the system-assigned identity of ${v.name}`,
        reason: 'The login extension needs a managed identity',
        requires: `Virtual Machine Contributor on ${v.name}`,
        command: `az vm identity assign -g ${v.resourceGroup} -n ${v.name}`,
      });
    }
    if (!hasExtension(v)) {
      const type = v.osType === 'Windows' ? 'AADLoginForWindows' : 'AADSSHLoginForLinux';
      push({
        kind: 'install-extension',
        step: 'identity-extension',
        target: v.id,
        summary: `Install ${type} on ${v.name}`,
        reason:
          v.extensions.length > 0
            ? 'The extension failed and must be reinstalled'
            : 'Entra sign-in needs the extension',
        requires: `Virtual Machine Contributor on ${v.name}`,
        command: `az vm extension set -g ${v.resourceGroup} --vm-name ${v.name} -n ${type} --publisher Microsoft.Azure.ActiveDirectory`,
        dependsOn: identity ? [identity] : [],
      });
    }
  }
  const scopeOf = (v: VmFacts) =>
    answers.scope === 'vm'
      ? v.id
      : answers.scope === 'resource-group'
        ? `/subscriptions/${v.subscriptionId}/resourceGroups/${v.resourceGroup}`
        : `/subscriptions/${v.subscriptionId}`;
  const scopes = [...new Set(snapshot.vms.map(scopeOf))];
  for (const [refs, role] of [
    [answers.admins, 'Virtual Machine Administrator Login'],
    [answers.users, 'Virtual Machine User Login'],
  ] as const) {
    for (const ref of refs) {
      for (const scope of scopes) {
        push({
          kind: 'assign-role',
          step: 'role-assignment',
          target: scope,
          summary: `Assign ${role} to ${ref}`,
          reason: `${ref} needs a login role to sign in`,
          requires: `Owner or User Access Administrator on ${scope.split('/').pop()}`,
          command: `az role assignment create --assignee ${ref} --role "${role}" --scope ${scope}`,
        });
      }
    }
  }
  const sp = push({
    kind: 'create-service-principal',
    step: 'service-principal',
    target: 'graph:/servicePrincipals',
    summary: 'Create the Azure Windows VM Sign-In service principal',
    reason: 'Conditional Access can only target an app with a service principal',
    requires: 'Application Administrator',
    command: 'az ad sp create --id 372140e0-b3b7-4226-8ef9-d57986796201',
  });
  if (answers.ca !== 'none') {
    push({
      kind: 'create-ca-policy',
      step: 'conditional-access',
      target: 'graph:/identity/conditionalAccess/policies',
      summary: `Create policy "entra-vm-login: ${answers.ca} for VM sign-in" (${answers.caState})`,
      reason: 'No policy requires MFA for VM sign-in',
      requires: 'Conditional Access Administrator',
      command: 'az rest --method POST --url https://graph.microsoft.com/v1.0/identity/conditionalAccess/policies',
      dependsOn: [sp],
    });
  }
  if (answers.disablePerUserMfa) {
    push({
      kind: 'disable-per-user-mfa',
      step: 'conditional-access',
      target: 'graph:/users/bbbbbbbb-0000-4000-8000-000000000002',
      summary: 'Disable per-user MFA for bob@contoso.example',
      reason: 'Enforced per-user MFA makes RDP sign-in fail',
      requires: 'Authentication Policy Administrator',
      command:
        'az rest --method PATCH --url https://graph.microsoft.com/beta/users/bob@contoso.example/authentication/requirements',
    });
  }
  if (answers.disableSecurityDefaults) {
    push({
      kind: 'disable-security-defaults',
      step: 'conditional-access',
      target: 'tenant',
      summary: 'Turn off security defaults',
      reason: 'Security defaults block Conditional Access policies',
      requires: 'Security Administrator',
      command:
        'az rest --method PATCH --url https://graph.microsoft.com/v1.0/policies/identitySecurityDefaultsEnforcementPolicy',
    });
  }
  const findings: Finding[] = Object.values(fakeFindings(snapshot, answers))
    .flat()
    .filter((f) => f.code === 'vm-os-unsupported' || f.code === 'client-not-joined')
    .map((f) => ({ ...f, fixedBy: [] }));
  return {
    version: 1,
    tool: 'entra-vm-login',
    createdAt: FIXED_CREATED_AT,
    cloud: 'AzureCloud',
    tenantId: TENANT_ID,
    answers,
    fingerprint: {},
    actions,
    findings,
    digest: 'sha256:fake',
  };
}

type Method = keyof WizardServices;

export interface FakeOptions {
  vms?: VmFacts[];
  /** This action fails once; the admin's decision then drives the rest. */
  failOnce?: string;
}

export interface FakeServices extends WizardServices {
  /** Every call, in order, by method name. */
  calls: Method[];
  decisions: FailureDecision[];
  pause(method: Method): void;
  release(method: Method): void;
}

export function createFakeServices(options: FakeOptions = {}): FakeServices {
  const vms = options.vms ?? VMS;
  const calls: Method[] = [];
  const decisions: FailureDecision[] = [];
  const gates = new Map<Method, { promise: Promise<void>; open: () => void }>();
  const gate = async (m: Method) => {
    calls.push(m);
    await gates.get(m)?.promise;
  };
  return {
    calls,
    decisions,
    pause(m) {
      let open = () => {};
      const promise = new Promise<void>((r) => {
        open = r;
      });
      gates.set(m, { promise, open });
    },
    release(m) {
      gates.get(m)?.open();
      gates.delete(m);
    },
    async connect() {
      await gate('connect');
      return CONNECT_INFO;
    },
    async discover(answers, onProgress) {
      await gate('discover');
      onProgress('Subscriptions read: 2');
      onProgress(`VMs listed: ${vms.length}`);
      return fakeSnapshot(vms, answers);
    },
    findings: (snapshot, answers) => fakeFindings(snapshot, answers),
    // The real steps' view models: pure, so they run on the fake tenant's snapshot as on a real one.
    // Like the real services, about the VMs chosen so far (all of them while none is).
    views: (snapshot, answers) => {
      const chosen = answers.vms.length
        ? {
            ...snapshot,
            vms: snapshot.vms.filter((v) => answers.vms.some((s) => s.toLowerCase() === v.id.toLowerCase())),
          }
        : snapshot;
      return Object.fromEntries(
        STEPS.steps.map((step) => [step.id, outcomeWhileAnswering(step, chosen, answers).view]),
      );
    },
    async plan(snapshot, answers) {
      await gate('plan');
      return fakePlan(snapshot, answers);
    },
    async doctor(question, onProgress) {
      await gate('doctor');
      onProgress(`Reading ${question.user}'s sign-ins of the last 7 days…`);
      // The real prediction and chains on the fake tenant; the fake planner for the fix.
      const answers = parseAnswers({
        vms: [question.vm],
        users: [question.user],
        ...(question.method ? { connections: [question.method] } : {}),
      });
      const snapshot = fakeSnapshot(vms, answers);
      const vm = snapshot.vms[0]!;
      const plan = fakePlan(snapshot, answers);
      const outcomes = predictAll(snapshot, answers);
      return {
        user: question.user,
        vm: vm.name,
        headline: doctorHeadline({ vm, user: snapshot.principals[question.user]!, outcomes }),
        outcomes: outcomes.map((o) => ({ ...o })),
        chains: chainsToDraw(snapshot, answers, 5),
        findings: plan.findings,
        plan,
      };
    },
    async apply(plan, onEvent, _signal, onFailure) {
      await gate('apply');
      const result: ApplyResult = {
        outcome: 'completed',
        succeeded: [],
        alreadyDone: [],
        skipped: [],
        failed: [],
        journalPath: '/home/admin/plan.json.journal',
      };
      let failed = false;
      for (const [i, a] of plan.actions.entries()) {
        const at = FIXED_NOW + i * 1000;
        const emit = (e: Omit<ApplyEvent, 'actionId'>) => onEvent({ actionId: a.id, ...e });
        emit({ type: 'started', attempt: 1, at });
        if (a.id === options.failOnce && !failed) {
          failed = true;
          const failure: ApplyFailure = {
            actionId: a.id,
            message: `The extension on ${a.target.split('/').pop()} reports a timeout`,
            hint: 'Retry, or skip it and fix the VM later.',
          };
          emit({ type: 'failed', message: failure.message, elapsedMs: 4000 });
          const decision = await onFailure(failure);
          decisions.push(decision);
          if (decision === 'abort') return { ...result, outcome: 'aborted', failed: [failure] };
          if (decision === 'skip') {
            emit({ type: 'skipped' });
            result.skipped.push(a.id);
            continue;
          }
          emit({ type: 'retrying', attempt: 2, delayMs: 0 });
        }
        emit({ type: 'succeeded', elapsedMs: 2000 + i * 100 });
        result.succeeded.push(a.id);
      }
      return result;
    },
    async verify(plan) {
      await gate('verify');
      const a = plan.answers;
      const vm = vms.find((v) => a.vms.includes(v.id))?.name ?? 'vm';
      const outcomes: OutcomeRow[] = [];
      for (const u of [...a.admins, ...a.users]) {
        for (const method of a.connections) {
          outcomes.push(
            a.caState === 'on'
              ? {
                  user: u,
                  vm,
                  method,
                  outcome: 'mfa-then-success',
                  message: 'Asked for MFA, then signed in',
                  reasons: ['Policy requires MFA for Azure Windows VM Sign-In'],
                }
              : {
                  user: u,
                  vm,
                  method,
                  outcome: 'success-without-mfa',
                  message: 'Signed in without MFA',
                  whyNoMfa: 'the policy is report-only',
                  reasons: ['Policy is report-only'],
                },
          );
        }
      }
      // Next steps and pictures come from the real rules on the fake tenant, as the real services compute them.
      const after = fakeSnapshot(
        vms.filter((v) => a.vms.includes(v.id)),
        a,
      );
      const verification: Verification = {
        findings: plan.findings,
        outcomes,
        rdpFiles: [`/home/admin/${vm}.rdp`],
        connectCommands: connectCommands(after, a),
        chains: chainsToDraw(after, a, 1),
      };
      return verification;
    },
    async savePlan(_plan, path) {
      await gate('savePlan');
      return path.startsWith('/') ? path : `/home/admin/${path}`;
    },
    async lookupPrincipal(text) {
      await gate('lookupPrincipal');
      // Text anywhere in the UPN or display name, as the gateway's search finds it.
      const t = text.toLowerCase();
      return PRINCIPALS.filter((p) => [principalLabel(p), p.displayName].some((v) => v.toLowerCase().includes(t)));
    },
  };
}
