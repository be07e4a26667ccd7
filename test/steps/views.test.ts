/** Each step's view model, without Ink: what its screen will show for a known tenant and known answers. */
import { describe, expect, it } from 'vitest';
import { type AnswersInput, parseAnswers } from '../../src/plan/answers';
import type { Snapshot } from '../../src/plan/snapshot';
import { outcomeWhileAnswering, STEPS } from '../../steps/registry';
import type { StepView } from '../../steps/shared/contract';
import { fakeSnapshot, VMS } from '../screens/fake-services';

const ALL: AnswersInput = {
  vms: [VMS[0]!.id, VMS[2]!.id, VMS[3]!.id, VMS[4]!.id],
  admins: ['alice@contoso.example'],
  users: ['bob@contoso.example'],
  connections: ['rdp-web-account', 'bastion-native', 'ssh'],
};

function viewOf(id: string, input: AnswersInput = ALL, over: Partial<Snapshot> = {}): StepView {
  const answers = parseAnswers(input);
  return outcomeWhileAnswering(STEPS.byId(id), { ...fakeSnapshot(VMS, answers), ...over }, answers).view;
}
const table = (v: StepView) => v.rows.map((r) => [r.subject, r.state, r.planned, r.tone]);
const fieldValues = (v: StepView) => Object.fromEntries((v.fields ?? []).map((f) => [f.answer, f.value]));

describe('VM selection view', () => {
  it('lists every VM with its OS, power state and whether steps may change it, and the cells the table shows', () => {
    const v = viewOf('vm-selection');
    expect(v.question).toBe('Which VMs should accept Entra sign-in?');
    expect(table(v)).toEqual([
      ['vm-web-01', 'Windows Server 2022 · running', 'may be configured', 'ok'],
      ['vm-app-01', 'Windows 11 (build 22631) · running', 'may be configured', 'ok'],
      ['vm-db-01', 'Ubuntu 22.04 · deallocated', 'none: deallocated', 'warn'],
      ['vm-legacy-01', 'Windows Server 2016 · running', 'none: OS unsupported', 'warn'],
    ]);
    expect(v.rows[1]!.id).toBe(VMS[2]!.id);
    expect(v.rows[1]!.cells).toEqual({
      name: 'vm-app-01',
      subscription: 'Production',
      group: 'rg-app',
      os: 'Windows 11 Enterprise 10.0.22631',
      osShort: 'Windows 11',
      power: 'running',
      identity: 'system',
      extension: 'failed',
      search: 'vm-app-01 rg-app Production windows windows 11 enterprise 10.0.22631 running'.toLowerCase(),
    });
  });
});

describe('identity and extension view', () => {
  it('says what the plan does on each VM, and why it leaves one alone', () => {
    const v = viewOf('identity-extension');
    expect(table(v)).toEqual([
      ['vm-web-01', 'none · not installed', 'enable identity, install extension', 'warn'],
      ['vm-app-01', 'system · AADLoginForWindows failed', 'reinstall extension', 'warn'],
      ['vm-db-01', 'none · not installed', 'nothing: VM deallocated', 'muted'],
      ['vm-legacy-01', 'none · not installed', 'nothing: OS unsupported', 'muted'],
    ]);
    expect(v.notes).toEqual(['0 of 4 VMs have an identity and a working extension.']);
  });

  it('asks about Intune only when a Windows client VM is selected, with the answer’s value', () => {
    const withClient = viewOf('identity-extension', { ...ALL, intune: true });
    expect(withClient.question).toBe('Should Windows client VMs also enroll in Intune?');
    expect(withClient.fields).toEqual([
      {
        kind: 'toggle',
        answer: 'intune',
        label: 'Enroll the 1 Windows client VM in Intune?',
        value: true,
        hint: 'sets the extension’s mdmId',
      },
      // vm-db-01 is deallocated and needs the extension: starting it is offered, off until chosen.
      START_FIELD,
    ]);
    const servers = viewOf('identity-extension', { ...ALL, vms: [VMS[0]!.id] });
    expect(servers.question).toBe('Identity and extension on each VM');
    expect(servers.fields).toEqual([]);
  });
});

const START_FIELD = {
  kind: 'toggle',
  answer: 'startStoppedVms',
  label: 'Start the 1 stopped VM that needs the extension?',
  value: false,
  hint: 'a started VM bills compute until deallocated again',
};

describe('identity and extension view: starting a stopped VM', () => {
  it('is offered only while a selected VM is stopped, and once chosen the row says it starts (and bills)', () => {
    const chosen = viewOf('identity-extension', { ...ALL, startStoppedVms: true });
    expect(chosen.fields?.find((f) => f.answer === 'startStoppedVms')).toEqual({ ...START_FIELD, value: true });
    expect(table(chosen).find((r) => r[0] === 'vm-db-01')).toEqual([
      'vm-db-01',
      'none · not installed',
      'start VM (bills), enable identity, install extension',
      'warn',
    ]);
    const running = viewOf('identity-extension', { ...ALL, vms: [VMS[0]!.id, VMS[1]!.id] });
    expect(running.fields?.some((f) => f.answer === 'startStoppedVms')).toBe(false);
  });
});

describe('identity and extension view: removing a stale device', () => {
  const stale = {
    id: 'dddddddd-0000-4000-8000-000000000001',
    displayName: 'vm-web-01',
    physicalIds: ['[USER-GID]:x'],
    approximateLastSignInDateTime: '2025-01-05T10:00:00Z',
  };
  it('is offered only while a device provably not the VM’s join holds its name, and once chosen the row says so', () => {
    const over = { devicesByName: { 'vm-web-01': [stale] } };
    const offered = viewOf('identity-extension', ALL, over);
    expect(offered.fields?.find((f) => f.answer === 'removeStaleDevices')).toEqual({
      kind: 'toggle',
      answer: 'removeStaleDevices',
      label: 'Remove the stale device that blocks a VM’s join?',
      value: false,
      hint: 'Cloud Device Administrator; restorable for 30 days',
    });
    // Without the opt-in the doomed install is not planned; with it the device goes first.
    expect(table(offered)[0]![2]).toBe('enable identity');
    const chosen = viewOf('identity-extension', { ...ALL, removeStaleDevices: true }, over);
    expect(table(chosen)[0]![2]).toBe('remove stale device, enable identity, install extension');
    // Its own join (physicalIds name the VM) is never offered for removal.
    const own = { ...stale, physicalIds: [`[AzureResourceId]:${VMS[0]!.id}`] };
    const mine = viewOf('identity-extension', ALL, { devicesByName: { 'vm-web-01': [own] } });
    expect(mine.fields?.some((f) => f.answer === 'removeStaleDevices')).toBe(false);
    expect(viewOf('identity-extension').fields?.some((f) => f.answer === 'removeStaleDevices')).toBe(false);
  });
});

describe('role assignment view', () => {
  it('lists each principal’s role and what is planned, and asks for scope and connection methods', () => {
    const v = viewOf('role-assignment');
    expect(table(v)).toEqual([
      ['alice@contoso.example', 'Virtual Machine Administrator Login', 'assign on 3 scopes', 'warn'],
      ['bob@contoso.example', 'Virtual Machine User Login', 'assign on 3 scopes', 'warn'],
    ]);
    expect(fieldValues(v)).toEqual({ scope: 'vm', connections: ['rdp-web-account', 'bastion-native', 'ssh'] });
    const methods = v.fields?.find((f) => f.kind === 'set');
    expect(methods?.kind === 'set' && methods.options.map((o) => o.label)).toContain('az ssh vm (Linux)');
    expect(v.notes).toEqual(['Bastion: none found in the selected VMs’ networks.']);
  });

  it('says when no one is added, and names the Bastion hosts when a Bastion method is chosen', () => {
    const bastion = { id: 'b1', name: 'bastion-hub', sku: 'Standard' as const, enableTunneling: true, vnetId: 'v' };
    expect(viewOf('role-assignment', { vms: [VMS[0]!.id] }).notes).toEqual([
      'No one added yet: the plan assigns no login roles.',
    ]);
    expect(viewOf('role-assignment', ALL, { bastions: [bastion] }).notes).toEqual([
      'Bastion: bastion-hub (Standard, native client on)',
    ]);
  });
});

describe('service principal view', () => {
  it('lists every app the step asks about: the four for Windows and Linux over RDP, Bastion and SSH', () => {
    expect(table(viewOf('service-principal'))).toEqual([
      ['Azure Windows VM Sign-In', 'missing', 'create it', 'warn'],
      ['Microsoft Remote Desktop', 'not read', 'nothing: not read', 'muted'],
      ['Windows Cloud Login', 'not read', 'nothing: not read', 'muted'],
      ['Azure Linux VM Sign-In', 'present (sp-linux)', 'nothing', 'ok'],
    ]);
  });

  it('lists only the Windows sign-in app for Windows VMs without Conditional Access', () => {
    const v = viewOf('service-principal', { vms: [VMS[0]!.id], ca: 'none' });
    expect(v.rows.map((r) => r.subject)).toEqual(['Azure Windows VM Sign-In']);
  });
});

describe('Conditional Access view', () => {
  it('shows coverage per principal and app, the plan, and the questions with the schema’s defaults', () => {
    const v = viewOf('conditional-access');
    expect(v.question).toBe('Which sign-in strength should VM sign-in require?');
    expect(table(v)[0]).toEqual([
      'alice@contoso.example',
      'Microsoft Remote Desktop: nothing',
      'report-only after apply',
      'error',
    ]);
    expect(v.rows).toHaveLength(6);
    expect(v.notes).toEqual([
      'VM sign-in apps for your connection methods: Microsoft Remote Desktop, Windows Cloud Login, Azure Linux VM Sign-In.',
      'Existing policies: Require MFA for admins (report-only).',
      'Plan: Create policy "entra-vm-login: VM sign-in – require MFA" (report-only).',
    ]);
    expect(fieldValues(v)).toEqual({ ca: 'mfa', caState: 'report-only', exclude: [], disablePerUserMfa: true });
    expect(v.warnings).toEqual([]);
  });

  it('asks for the break-glass acknowledgement while a policy turned on excludes no one, without failing', () => {
    const on = viewOf('conditional-access', { ...ALL, caState: 'on' });
    expect(on.fields?.map((f) => f.answer)).toEqual(['ca', 'caState', 'exclude', 'breakGlassOk', 'disablePerUserMfa']);
    expect(on.warnings).toEqual(['On enforces at once: users without a registered method cannot sign in.']);
    const excluded = viewOf('conditional-access', { ...ALL, caState: 'on', exclude: ['breakglass@contoso.example'] });
    expect(excluded.fields?.map((f) => f.answer)).not.toContain('breakGlassOk');
  });

  it('says why no policy is planned: no P1 licence, or security defaults left on', () => {
    expect(viewOf('conditional-access', ALL, { licenceP1: false }).warnings).toEqual([
      'No policy is planned: Conditional Access needs an Entra ID P1 licence.',
    ]);
    const defaults = viewOf('conditional-access', ALL, { securityDefaultsEnabled: true });
    expect(defaults.warnings).toEqual(['No policy is planned while security defaults are on: turn them off above.']);
    expect(defaults.fields?.at(-1)).toMatchObject({ answer: 'disableSecurityDefaults', value: false });
  });
});

describe('client readiness view', () => {
  it('lists each selected user’s registered methods and asks about the client PC', () => {
    const v = viewOf('client-readiness', { ...ALL, clientOsBuild: '10.0.22621' });
    expect(v.question).toBe('Which PC will people connect from?');
    expect(table(v)).toEqual([
      ['alice@contoso.example', 'not read', 'nothing: registered by the user', 'muted'],
      ['bob@contoso.example', 'not read', 'nothing: registered by the user', 'muted'],
    ]);
    expect(fieldValues(v)).toEqual({ dsregcmdFile: '', clientOsBuild: '10.0.22621', whfbTrust: 'unknown' });
  });
});
