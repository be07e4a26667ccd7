import { describe, expect, it } from 'vitest';
import { answersWithDefaults } from '../../../src/plan/answers';
import { ACTION_KINDS, type Action } from '../../../src/plan/types';
import { BASELINE_NAMES } from '../../../steps/conditional-access/baseline';
import { enforcedPolicies } from '../../../steps/fleet-enforcement/definition';
import { ENFORCEMENT_CONTRACTS } from '../../../steps/fleet-enforcement/params';
import { planEnforcement } from '../../../steps/fleet-enforcement/rules';
import { parseEnforceScope } from '../../../steps/fleet-enforcement/scope';
import { BUILT_IN_STEPS, STEPS } from '../../../steps/registry';
import { actionProblems, kindOwners } from '../../../steps/shared/action-checks';

const owners = STEPS.contracts();
const configure = { cloud: 'AzureCloud' as const, answers: answersWithDefaults({}) };
const SUB = '11111111-2222-3333-4444-555555555555';
const enforcing = (audit = false) => ({
  cloud: 'AzureCloud' as const,
  answers: answersWithDefaults({ enforce: { scope: `/subscriptions/${SUB}`, audit } }),
});

describe('action kind contracts', () => {
  it('every action kind has exactly one contract, from the step that handles it', () => {
    expect(kindOwners(BUILT_IN_STEPS, { step: 'identity-extension', contracts: ENFORCEMENT_CONTRACTS })).toEqual(
      owners,
    );
    for (const kind of ACTION_KINDS) {
      if (kind in ENFORCEMENT_CONTRACTS) continue;
      const handling = BUILT_IN_STEPS.filter((s) => s.handlers[kind]);
      const declaring = BUILT_IN_STEPS.filter((s) => s.actionContracts[kind]);
      expect(
        declaring.map((s) => s.id),
        kind,
      ).toEqual(handling.map((s) => s.id));
      expect(handling).toHaveLength(1);
    }
  });

  const base = (kind: Action['kind'], step: Action['step'], params: Record<string, unknown>): Action => {
    const shown = owners[kind]!.spec.describe(owners[kind]!.spec.params.parse(params), 'AzureCloud');
    return { id: 'a1', kind, step, ...shown, reason: 'r', dependsOn: [], requires: 'x', params };
  };

  it('install-extension: only the login extensions from their publisher, settings only mdmId', () => {
    const params = {
      vmId: '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1',
      vmName: 'vm1',
      location: 'westeurope',
      reinstall: false,
      spec: {
        name: 'AADLoginForWindows',
        publisher: 'Microsoft.Azure.ActiveDirectory',
        type: 'AADLoginForWindows',
        typeHandlerVersion: '2.2.0.0',
        autoUpgradeMinorVersion: true,
      },
    };
    const ok = base('install-extension', 'identity-extension', params);
    expect(actionProblems(ok, configure, owners)).toEqual([]);
    const script = { ...ok, params: { ...params, spec: { ...params.spec, type: 'CustomScriptExtension' } } };
    expect(actionProblems(script, configure, owners)[0]).toMatch(/^params\.spec\.type: /);
    const settings = { ...ok, params: { ...params, spec: { ...params.spec, settings: { commandToExecute: 'calc' } } } };
    expect(actionProblems(settings, configure, owners)[0]).toMatch(/^params\.spec\.settings/);
    const renamed = { ...ok, params: { ...params, vmName: 'vm2' } };
    expect(actionProblems(renamed, configure, owners)[0]).toBe('params.vmName: vmName is not the name in vmId');
    const wrongStep = { ...ok, step: 'role-assignment' as const };
    expect(actionProblems(wrongStep, configure, owners)).toEqual([
      'step: install-extension belongs to identity-extension',
    ]);
  });

  it('CA bodies: the tool names, VM sign-in apps and grant shapes only; extra fields refused', () => {
    const body = {
      displayName: 'entra-vm-login: VM sign-in – require MFA',
      state: 'enabledForReportingButNotEnforced',
      conditions: {
        users: { includeUsers: ['All'], includeGroups: [], excludeUsers: [], excludeGroups: [] },
        applications: { includeApplications: ['372140e0-b3b7-4226-8ef9-d57986796201'] },
        clientAppTypes: ['all'],
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    };
    const ok = base('create-ca-policy', 'conditional-access', { body });
    expect(actionProblems(ok, configure, owners)).toEqual([]);
    const allApps = structuredClone(body);
    allApps.conditions.applications.includeApplications = ['All'];
    expect(actionProblems({ ...ok, params: { body: allApps } }, configure, owners)[0]).toMatch(
      /^params\.body\.conditions\.applications\.includeApplications\.0: not a VM sign-in app/,
    );
    const block = { ...body, grantControls: { operator: 'OR', builtInControls: ['block'] } };
    expect(actionProblems({ ...ok, params: { body: block } }, configure, owners)[0]).toMatch(
      /^params\.body\.grantControls/,
    );
    const session = { ...body, sessionControls: { signInFrequency: { value: 1 } } };
    expect(actionProblems({ ...ok, params: { body: session } }, configure, owners)[0]).toMatch(/^params\.body/);
    const renamed = { ...body, displayName: 'Allow everything' };
    expect(actionProblems({ ...ok, params: { body: renamed } }, configure, owners)[0]).toMatch(
      /^params\.body\.displayName: not a name this tool gives its policies/,
    );
  });

  it('security defaults only off, per-user MFA only disabled', () => {
    const sd = base('disable-security-defaults', 'conditional-access', {
      body: { isEnabled: false },
      replacement: 'baseline',
    });
    expect(actionProblems(sd, configure, owners)).toEqual([]);
    expect(
      actionProblems({ ...sd, params: { ...sd.params, body: { isEnabled: true } } }, configure, owners)[0],
    ).toMatch(/^params\.body\.isEnabled/);
    const mfa = base('disable-per-user-mfa', 'conditional-access', {
      userId: 'a0b1c2d3-0000-4000-8000-0000000000a1',
      userPrincipalName: 'alice@contoso.com',
      body: { perUserMfaState: 'disabled' },
    });
    expect(mfa.summary).toBe('Disable legacy per-user MFA for alice@contoso.com');
    expect(
      actionProblems(
        { ...mfa, params: { ...mfa.params, body: { perUserMfaState: 'enforced' } } },
        configure,
        owners,
      )[0],
    ).toMatch(/^params\.body\.perUserMfaState/);
  });

  it('install-extension on an Azure Arc-enabled server: connectedmachine command, same closed spec', () => {
    const params = {
      vmId: `/subscriptions/${SUB}/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/machines/arc-lnx-01`,
      vmName: 'arc-lnx-01',
      location: 'westeurope',
      reinstall: false,
      spec: {
        name: 'AADSSHLoginForLinux',
        publisher: 'Microsoft.Azure.ActiveDirectory',
        type: 'AADSSHLoginForLinux',
        typeHandlerVersion: '1.0',
        autoUpgradeMinorVersion: true,
      },
    };
    const ok = base('install-extension', 'identity-extension', params);
    expect(ok.command).toBe(
      'az connectedmachine extension create --machine-name arc-lnx-01 --resource-group rg-arc --name AADSSHLoginForLinux --publisher Microsoft.Azure.ActiveDirectory --type AADSSHLoginForLinux --type-handler-version 1.0 --location westeurope',
    );
    expect(actionProblems(ok, configure, owners)).toEqual([]);
    const other = { ...ok, params: { ...params, vmId: params.vmId.replace('HybridCompute/machines', 'Web/sites') } };
    expect(actionProblems(other, configure, owners)[0]).toMatch(/^params\.vmId: /);
  });

  it('remove-stale-device: a device id and the VM it blocks; the summary shows its last sign-in', () => {
    const rsd = base('remove-stale-device', 'identity-extension', {
      deviceObjectId: 'd0000000-0000-4000-8000-000000000001',
      displayName: 'FILESRV01',
      vmId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-file-01`,
      vmName: 'vm-file-01',
      lastSignInDateTime: '2024-05-01T10:00:00Z',
    });
    expect(rsd.summary).toBe("Remove stale device 'FILESRV01' (last sign-in 2024-05-01) so that vm-file-01 can join");
    expect(actionProblems(rsd, configure, owners)).toEqual([]);
    const users = { ...rsd, params: { ...rsd.params, deviceObjectId: 'users/x' } };
    expect(actionProblems(users, configure, owners)[0]).toMatch(/^params\.deviceObjectId: expected a GUID/);
  });

  it('start-vm: a VM id and a state it is started from; the summary says when it starts billing', () => {
    const vmId = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-sql-01`;
    const start = base('start-vm', 'identity-extension', { vmId, vmName: 'vm-sql-01', powerState: 'deallocated' });
    expect(start.summary).toBe('Start vm-sql-01 (deallocated): it bills compute from now on');
    expect(start.command).toBe('az vm start -g rg -n vm-sql-01');
    expect(actionProblems(start, configure, owners)).toEqual([]);
    const running = { ...start, params: { ...start.params, powerState: 'running' } };
    expect(actionProblems(running, configure, owners)[0]).toBe('params.powerState: not a state a VM is started from');
  });

  it("baseline CA bodies and enable-ca-policies: only the tool's own policy names", () => {
    const enable = base('enable-ca-policies', 'conditional-access', {
      displayNames: [BASELINE_NAMES['legacy-auth']],
    });
    expect(actionProblems(enable, configure, owners)).toEqual([]);
    const theirs = { ...enable, params: { displayNames: ['Contoso – block everyone'] } };
    expect(actionProblems(theirs, configure, owners)[0]).toBe('params.displayNames.0: not a policy this tool creates');
    const blockAll = {
      displayName: 'Contoso – block everyone',
      state: 'disabled',
      conditions: {
        users: { includeUsers: ['All'], includeGroups: [], excludeUsers: [], excludeGroups: [] },
        applications: { includeApplications: ['All'] },
        clientAppTypes: ['all'],
      },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    };
    const create = { ...enable, kind: 'create-ca-policy' as const, params: { body: blockAll } };
    expect(actionProblems(create, configure, owners)[0]).toBe(
      'params.body.displayName: not a name this tool gives its policies',
    );
  });

  it('enforcement kinds: every action planned for a scope passes; another scope, role or effect is refused', () => {
    const scope = parseEnforceScope(SUB);
    const facts = {
      location: 'westeurope',
      locationSource: 'test',
      definitions: {},
      assignments: {},
      identityRoles: {},
      remediations: {},
      states: {},
    } as unknown as Parameters<typeof planEnforcement>[0];
    const drafts = planEnforcement(facts, { scope, audit: false });
    expect(drafts.map((d) => d.kind)).toContain('start-remediation');
    const actions: Action[] = drafts.map((d, i) => ({ ...d, id: `a${i + 1}` }));
    for (const a of actions) expect(actionProblems(a, enforcing(), owners), a.kind).toEqual([]);
    // Not in a configuration plan, nor in an audit plan (which assigns no identity and starts no remediation).
    expect(actionProblems(actions[0]!, configure, owners)[0]).toBe(
      'kind: create-policy-definition is not part of a configuration plan',
    );
    const remediation = actions.find((a) => a.kind === 'start-remediation')!;
    expect(actionProblems(remediation, enforcing(true), owners)).toContain(
      `name: ${String(remediation.params.assignmentId).split('/').at(-1)} is not assigned in audit mode`,
    );
    const role = actions.find((a) => a.kind === 'assign-policy-role')!;
    const owner = { ...role, params: { ...role.params, roleDefinitionGuid: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' } };
    expect(actionProblems(owner, enforcing(), owners)[0]).toMatch(/^params\.roleDefinitionGuid: not a role/);
    const assign =
      actions.find((a) => a.kind === 'assign-policy' && a.params.identity === false) ??
      actions.find((a) => a.kind === 'assign-policy')!;
    const audit = { ...assign, params: { ...assign.params, parameters: { effect: { value: 'Disabled' } } } };
    expect(actionProblems(audit, enforcing(), owners)[0]).toMatch(/^params\.parameters: /);
    const elsewhere = `/subscriptions/99999999-2222-3333-4444-555555555555`;
    const moved = { ...assign, params: { ...assign.params, scope: elsewhere } };
    expect(actionProblems(moved, enforcing(), owners).join('\n')).toMatch(/assignmentId: not that assignment/);
    expect(enforcedPolicies(scope, false)).toHaveLength(3);
  });
});
