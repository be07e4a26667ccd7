import { describe, expect, it, vi } from 'vitest';
import type { Gateway } from '../../../src/azure/operations';
import { UserError } from '../../../src/errors';
import { emptySnapshot } from '../../../src/plan/snapshot';
import { stepDrafts, stepFindings } from '../../../steps/registry';
import vmSelection from '../../../steps/vm-selection';
import { namedGroups } from '../../../steps/vm-selection/discover';
import { answers, SUB, snapshotOf, vm } from './fixtures';

describe('vm-selection assess', () => {
  it('reports unsupported OS, not running and computer-name problems with their codes', () => {
    const snap = snapshotOf([
      vm('vm-old', { osName: 'Windows Server 2016 Datacenter', osVersion: '10.0.14393' }),
      vm('vm-off', { powerState: 'deallocated' }),
      vm('vm-renamed', { computerName: 'webhost' }),
      vm('vm-ok'),
    ]);
    const findings = stepFindings(vmSelection, snap, answers());
    expect(findings.map((f) => [f.code, f.severity, f.target.split('/').pop()])).toEqual([
      ['vm-os-unsupported', 'error', 'vm-old'],
      ['vm-deallocated', 'warning', 'vm-off'],
      ['vm-computername-mismatch', 'warning', 'vm-renamed'],
    ]);
    expect(findings[0]!.message).toBe(
      'vm-old runs Windows Server 2016: Entra sign-in needs Windows Server 2019 or later. Nothing will be changed on it.',
    );
    expect(stepDrafts(vmSelection, snap, answers())).toEqual([]);
  });

  it('does not claim an unknown OS is unsupported', () => {
    const snap = snapshotOf([vm('vm-mystery', { osName: undefined, osVersion: undefined })]);
    expect(stepFindings(vmSelection, snap, answers())).toEqual([]);
  });
});

function fakeGateway(vmsBySub: Record<string, ReturnType<typeof vm>[]>) {
  const listVms = vi.fn(async (sub: string) => vmsBySub[sub] ?? []);
  const gateway = {
    cloud: 'AzureCloud',
    requestCount: () => 0,
    arm: {
      listSubscriptions: async () => Object.keys(vmsBySub).map((id) => ({ id, displayName: id, state: 'Enabled' })),
      listVms,
    },
    graph: { getTenant: async () => ({ id: 'tenant-1', displayName: 'Contoso' }) },
  } as unknown as Gateway;
  return { gateway, listVms };
}

const SUB2 = '22222222-2222-2222-2222-222222222222';

describe('vm-selection discover', () => {
  it('lists every subscription once, selects, and fingerprints the selected VMs', async () => {
    const other = { ...vm('vm-db-01'), id: vm('vm-db-01').id.replace(SUB, SUB2), subscriptionId: SUB2 };
    const { gateway, listVms } = fakeGateway({ [SUB]: [vm('vm-web-01'), vm('vm-web-02')], [SUB2]: [other] });
    const snapshot = emptySnapshot();
    await vmSelection.discover({
      gateway,
      answers: answers({ vms: ['vm-web-01', 'vm-db-01'] }),
      snapshot,
      progress() {},
    });
    expect(listVms.mock.calls.map((c) => c[0]).sort()).toEqual([SUB, SUB2]);
    expect(snapshot.tenantId).toBe('tenant-1');
    expect(snapshot.vms.map((v) => v.name)).toEqual(['vm-web-01', 'vm-db-01']);
    expect(Object.keys(snapshot.fingerprint)).toEqual(snapshot.vms.map((v) => v.id));
    expect(snapshot.fingerprint[snapshot.vms[0]!.id]).toMatch(/^sha256:[0-9a-f]{32}$/);
  });

  it('searches only the subscriptions asked for', async () => {
    const { gateway, listVms } = fakeGateway({ [SUB]: [vm('vm-web-01')], [SUB2]: [] });
    const snapshot = emptySnapshot();
    await vmSelection.discover({ gateway, answers: answers({ subscriptions: [SUB] }), snapshot, progress() {} });
    expect(listVms.mock.calls).toEqual([[SUB]]);
    expect(snapshot.subscriptions.map((s) => s.id)).toEqual([SUB]);
  });

  it('refuses a malformed subscription id before any request', async () => {
    const { gateway, listVms } = fakeGateway({ [SUB]: [] });
    const run = vmSelection.discover({
      gateway,
      answers: answers({ subscriptions: ['prod'] }),
      snapshot: emptySnapshot(),
      progress() {},
    });
    await expect(run).rejects.toMatchObject({ code: 'bad-input', exitCode: 2 });
    expect(listVms).not.toHaveBeenCalled();
  });

  it('turns an unknown VM into one bad-input line with close matches', async () => {
    const { gateway } = fakeGateway({ [SUB]: [vm('vm-web-01'), vm('vm-web-02')] });
    const err = await vmSelection
      .discover({ gateway, answers: answers({ vms: ['vm-web-1'] }), snapshot: emptySnapshot(), progress() {} })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(
      "no VM named 'vm-web-1' in the selected subscriptions; did you mean vm-web-01, vm-web-02?",
    );
  });
});

describe('namedGroups', () => {
  it('takes the resource groups of a subscription from every kind of selector, each once', () => {
    const id = (sub: string, rg: string, name: string) =>
      `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
    const a = answers({
      resourceGroups: ['rg-web', 'RG-WEB '],
      vms: ['rg-data/vm-db-01', 'vm-bare-name', id(SUB2, 'rg-elsewhere', 'vm-x'), id(SUB, 'rg-app', 'vm-y')],
      vmIds: [id(SUB.toUpperCase(), 'rg-ids', 'vm-z')],
    });
    expect(namedGroups(a, SUB)).toEqual(['rg-web', 'rg-ids', 'rg-data', 'rg-app']);
    expect(namedGroups(a, SUB2)).toEqual(['rg-web', 'rg-data', 'rg-elsewhere']);
    expect(namedGroups(answers({ vms: ['vm-bare-name'] }), SUB)).toEqual([]);
  });
});
