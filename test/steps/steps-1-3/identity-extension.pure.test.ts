import { describe, expect, it, vi } from 'vitest';
import type { Gateway } from '../../../src/azure/operations';
import { UserError } from '../../../src/errors';
import type { Action } from '../../../src/plan/types';
import identityExtension from '../../../steps/identity-extension';
import { stepDrafts, stepFindings } from '../../../steps/registry';
import { actionKey } from '../../../steps/shared/contract';
import { aadExtension, answers, FAILED_1007, NET, outboundRule, RG, snapshotOf, vm } from './fixtures';

const VERSIONS = { 'westeurope/AADLoginForWindows': '2.2', 'westeurope/AADSSHLoginForLinux': '1.0' };

describe('identity-extension plan', () => {
  it('plans the identity, then the extension depending on it', () => {
    const v = vm('vm-web-01', { identity: { type: 'UserAssigned', userAssignedIds: ['/uai/1'] } });
    const drafts = stepDrafts(identityExtension, snapshotOf([v], { extensionVersions: VERSIONS }), answers());
    expect(drafts.map((d) => d.kind)).toEqual(['enable-system-identity', 'install-extension']);
    const [identity, ext] = drafts;
    expect(identity).toMatchObject({
      key: actionKey('enable-system-identity', v.id),
      target: v.id,
      requires: 'Virtual Machine Contributor on vm-web-01',
      command: 'az vm identity assign -g rg-web -n vm-web-01',
      params: { vmId: v.id, userAssignedIds: ['/uai/1'] },
    });
    expect(identity!.reason).toContain('Its 1 user-assigned identity is kept');
    expect(ext!.dependsOn).toEqual([identity!.key]);
    expect(ext!.command).toBe(
      'az vm extension set --publisher Microsoft.Azure.ActiveDirectory --name AADLoginForWindows --resource-group rg-web --vm-name vm-web-01 --version 2.2',
    );
    expect(ext!.params).toEqual({
      vmId: v.id,
      vmName: 'vm-web-01',
      location: 'westeurope',
      reinstall: false,
      spec: {
        name: 'AADLoginForWindows',
        publisher: 'Microsoft.Azure.ActiveDirectory',
        type: 'AADLoginForWindows',
        typeHandlerVersion: '2.2',
        autoUpgradeMinorVersion: true,
      },
    });
  });

  it('falls back to 1.0 only when the versions API gave nothing, and says so', () => {
    const drafts = stepDrafts(
      identityExtension,
      snapshotOf([vm('vm-a', { identity: { type: 'SystemAssigned', userAssignedIds: [] } })]),
      answers(),
    );
    expect(drafts.map((d) => d.kind)).toEqual(['install-extension']);
    expect((drafts[0]!.params.spec as { typeHandlerVersion: string }).typeHandlerVersion).toBe('1.0');
    expect(drafts[0]!.reason).toContain('version 1.0 because the versions API listed none in westeurope');
  });

  it('uses AADSSHLoginForLinux on Linux and sets mdmId only for Windows clients with intune', () => {
    const sys = { type: 'SystemAssigned', userAssignedIds: [] };
    const linux = vm('vm-lx', { osType: 'Linux', osName: 'ubuntu', osVersion: '22.04', identity: sys });
    const win11 = vm('vm-w11', { osName: 'Windows 11 Enterprise', osVersion: '10.0.22631', identity: sys });
    const server = vm('vm-srv', { identity: sys });
    const drafts = stepDrafts(
      identityExtension,
      snapshotOf([linux, win11, server], { extensionVersions: VERSIONS }),
      answers({ intune: true }),
    );
    const specs = drafts.map((d) => d.params.spec as { type: string; settings?: unknown });
    expect(specs.map((s) => [s.type, s.settings])).toEqual([
      ['AADSSHLoginForLinux', undefined],
      ['AADLoginForWindows', { mdmId: '0000000a-0000-0000-c000-000000000000' }],
      ['AADLoginForWindows', undefined],
    ]);
  });

  it('reinstalls a Failed extension under its name after the identity fix, and explains the failure', () => {
    const v = vm('vm-1007', { extensions: [{ ...FAILED_1007, name: 'AADLogin' }] });
    const snap = snapshotOf([v], { extensionVersions: VERSIONS });
    const drafts = stepDrafts(identityExtension, snap, answers());
    const ext = drafts.find((d) => d.kind === 'install-extension')!;
    expect(ext.summary).toBe('Reinstall AADLoginForWindows on vm-1007');
    expect(ext.params).toMatchObject({ reinstall: true, spec: { name: 'AADLogin' } });
    expect(ext.dependsOn).toEqual([actionKey('enable-system-identity', v.id)]);
    expect(ext.command.endsWith('--force-update')).toBe(true);
    const findings = stepFindings(identityExtension, snap, answers());
    expect(findings.map((f) => [f.code, f.fixedBy])).toEqual([['extension-failed', [ext.key]]]);
    expect(findings[0]!.remediation).toBe(
      'Enable the VM’s system-assigned managed identity, then reinstall the extension.',
    );
  });

  it('plans nothing on unsupported, deallocated, installed or installing VMs', () => {
    const sys = { type: 'SystemAssigned', userAssignedIds: [] };
    const snap = snapshotOf([
      vm('vm-2016', { osName: 'Windows Server 2016 Datacenter', osVersion: '10.0.14393' }),
      vm('vm-off', { powerState: 'deallocated' }),
      vm('vm-done', { identity: sys, extensions: [aadExtension('Succeeded')] }),
      vm('vm-busy', { identity: sys, extensions: [aadExtension('Creating')] }),
    ]);
    expect(stepDrafts(identityExtension, snap, answers())).toEqual([]);
  });
});

describe('identity-extension assess', () => {
  it('reports a device with the hostname unless the extension already joined', () => {
    const device = { id: 'dev-1', displayName: 'vm-web-01', trustType: 'AzureAd' };
    const fresh = snapshotOf([vm('vm-web-01')], { devicesByName: { 'vm-web-01': [device] } });
    const findings = stepFindings(identityExtension, fresh, answers());
    expect(findings.map((f) => f.code)).toEqual(['vm-hostname-duplicate-device']);
    expect(findings[0]!.remediation).toContain(
      'az rest --method delete --url https://graph.microsoft.com/v1.0/devices/dev-1',
    );
    const joined = snapshotOf([vm('vm-web-01', { extensions: [aadExtension('Succeeded')] })], {
      devicesByName: { 'vm-web-01': [device] },
    });
    expect(stepFindings(identityExtension, joined, answers())).toEqual([]);
  });

  it('warns about an NSG that denies outbound 443 before any allow, at NIC or subnet level', () => {
    const v = vm('vm-web-01');
    const nicId = v.nicIds[0]!;
    const subnetNsg = `${NET}/networkSecurityGroups/nsg-subnet`;
    const snap = snapshotOf([v], {
      nics: {
        [nicId]: {
          id: nicId,
          subnetNsgId: subnetNsg,
          nsgId: `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-nic`,
        },
      },
      nsgs: {
        [subnetNsg]: {
          id: subnetNsg,
          rules: [
            outboundRule('DenyInternet', 300, 'Deny', 'Internet'),
            outboundRule('AllowAad', 400, 'Allow', 'AzureActiveDirectory'),
          ],
        },
        [`${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-nic`]: { id: 'nsg-nic', rules: [] },
      },
    });
    const findings = stepFindings(identityExtension, snap, answers());
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['network-endpoint-blocked', 'warning']]);
    expect(findings[0]!.message).toContain(
      "rule 'DenyInternet' (priority 300) in nsg-subnet denies outbound TCP 443 to Internet",
    );
    expect(findings[0]!.message).toContain('effective reachability is checked on the VM itself');
    expect(findings[0]!.remediation).toContain("'enterpriseregistration.windows.net'");
  });

  it('is idempotent: the snapshot after apply yields no actions and no findings', () => {
    const after = vm('vm-web-01', {
      identity: { type: 'SystemAssigned, UserAssigned', principalId: 'p', userAssignedIds: ['/uai/1'] },
      extensions: [aadExtension('Succeeded')],
    });
    const snap = snapshotOf([after], { extensionVersions: VERSIONS });
    expect(stepDrafts(identityExtension, snap, answers())).toEqual([]);
    expect(stepFindings(identityExtension, snap, answers())).toEqual([]);
  });
});

function applyContext(arm: Partial<Gateway['arm']>) {
  const gateway = { cloud: 'AzureCloud', arm, graph: {}, requestCount: () => 0 } as unknown as Gateway;
  return { gateway, signal: new AbortController().signal, progress: vi.fn() };
}
const asAction = (d: ReturnType<typeof identityExtension.plan>[number]): Action => ({ ...d, id: 'a1' }) as Action;

describe('identity-extension handlers', () => {
  const v = vm('vm-web-01');
  const [identityDraft, extDraft] = stepDrafts(
    identityExtension,
    snapshotOf([v], { extensionVersions: VERSIONS }),
    answers(),
  );

  it('enables the identity, or reports already-done when it is on', async () => {
    const enableSystemIdentity = vi.fn(async () => ({
      type: 'SystemAssigned',
      principalId: 'p1',
      userAssignedIds: [],
    }));
    const off = applyContext({ getVm: async () => v, enableSystemIdentity });
    await expect(identityExtension.handlers['enable-system-identity']!(asAction(identityDraft!), off)).resolves.toEqual(
      { outcome: 'done', outputs: { principalId: 'p1' } },
    );
    const on = applyContext({
      getVm: async () => ({ ...v, identity: { type: 'SystemAssigned', principalId: 'p1', userAssignedIds: [] } }),
      enableSystemIdentity,
    });
    await expect(
      identityExtension.handlers['enable-system-identity']!(asAction(identityDraft!), on),
    ).resolves.toMatchObject({ outcome: 'already-done' });
    expect(enableSystemIdentity).toHaveBeenCalledTimes(1);
  });

  it('turns a Failed install into an explained action-failed error', async () => {
    const ctx = applyContext({ getExtension: async () => undefined, installExtension: async () => FAILED_1007 });
    const err = await identityExtension.handlers['install-extension']!(asAction(extDraft!), ctx).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({
      code: 'action-failed',
      message:
        'AADLoginForWindows failed on vm-web-01: the extension could not read the tenant from the VM’s managed identity (1007, exit code -2145648574): the system-assigned identity was not enabled when it ran',
      hint: 'enable the VM’s system-assigned managed identity, then reinstall the extension',
    });
  });

  it('re-runs a Failed extension with a new forceUpdateTag, and skips an installed one', async () => {
    const installExtension = vi.fn(async () => aadExtension('Succeeded'));
    const failed = applyContext({ getExtension: async () => FAILED_1007, installExtension });
    await expect(identityExtension.handlers['install-extension']!(asAction(extDraft!), failed)).resolves.toMatchObject({
      outcome: 'done',
    });
    expect((installExtension.mock.calls[0] as unknown[])[2]).toMatchObject({ forceUpdateTag: expect.any(String) });
    const done = applyContext({ getExtension: async () => aadExtension('Succeeded'), installExtension });
    await expect(identityExtension.handlers['install-extension']!(asAction(extDraft!), done)).resolves.toMatchObject({
      outcome: 'already-done',
    });
    expect(installExtension).toHaveBeenCalledTimes(1);
  });
});
