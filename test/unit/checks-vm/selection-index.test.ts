import { describe, expect, it } from 'vitest';
import { primaryNic } from '../../../src/checks/access-path';
import { emptySnapshot, type NicFacts, type Snapshot, type VmFacts } from '../../../src/plan/snapshot';
import { isBastionReadTarget, isSelectionScope, selectedVm } from '../../../steps/shared/selection-index';

const SUB = '/subscriptions/00000000-0000-0000-0000-00000000000a';
const vmAt = (rg: string, name: string) =>
  ({
    id: `${SUB}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
    nicIds: [`${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/networkInterfaces/${name}-nic`],
  }) as VmFacts;

function snapshotWith(vms: VmFacts[]): Snapshot {
  const s = emptySnapshot('AzureCloud', 't');
  s.vms = vms;
  s.bastions = [
    { id: `${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/bastionHosts/bas` } as Snapshot['bastions'][number],
  ];
  s.vnets = {
    [`${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/hub`]: {} as Snapshot['vnets'][string],
  };
  return s;
}

describe('selection index', () => {
  const web = vmAt('rg-web', 'vm-1');
  const db = vmAt('rg-db', 'vm-2');

  it('finds a selected VM by id in any casing, and nothing else', () => {
    const s = snapshotWith([web, db]);
    expect(selectedVm(s, web.id.toUpperCase())).toBe(web);
    expect(selectedVm(s, `${web.id}0`)).toBeUndefined();
  });

  it('knows the scope --scope gives each selected VM', () => {
    const s = snapshotWith([web, db]);
    expect(isSelectionScope(s, 'vm', db.id.toLowerCase())).toBe(true);
    expect(isSelectionScope(s, 'resource-group', `${SUB}/resourceGroups/RG-WEB`)).toBe(true);
    expect(isSelectionScope(s, 'resource-group', `${SUB}/resourceGroups/rg-other`)).toBe(false);
    expect(isSelectionScope(s, 'subscription', SUB)).toBe(true);
    expect(isSelectionScope(s, 'vm', SUB)).toBe(false);
  });

  it('knows what a Bastion connection reads: the VMs, their NICs, the Bastion and its VNet', () => {
    const s = snapshotWith([web]);
    expect(isBastionReadTarget(s, web.nicIds[0]!.toUpperCase())).toBe(true);
    expect(isBastionReadTarget(s, s.bastions[0]!.id)).toBe(true);
    expect(isBastionReadTarget(s, Object.keys(s.vnets)[0]!)).toBe(true);
    expect(isBastionReadTarget(s, db.id)).toBe(false);
  });

  it('follows the snapshot when its VM list is replaced', () => {
    const s = snapshotWith([web]);
    expect(selectedVm(s, db.id)).toBeUndefined();
    expect(isSelectionScope(s, 'resource-group', `${SUB}/resourceGroups/rg-db`)).toBe(false);
    s.vms = [web, db];
    expect(selectedVm(s, db.id)).toBe(db);
    expect(isSelectionScope(s, 'resource-group', `${SUB}/resourceGroups/rg-db`)).toBe(true);
    expect(isBastionReadTarget(s, db.nicIds[0]!)).toBe(true);
  });
});

describe('primaryNic', () => {
  it('finds a NIC spelled otherwise than the reference, and says unknown for one never read', () => {
    const own = `${SUB}/resourceGroups/rg-web/providers/Microsoft.Network/networkInterfaces/vm-1-nic`;
    const nics: Record<string, NicFacts> = { [own]: { id: own } as NicFacts };
    const shouted = { ...vmAt('rg-web', 'vm-1'), nicIds: [own.toUpperCase()] };
    expect(primaryNic(shouted, nics)).toBe(nics[own]);
    expect(primaryNic(vmAt('rg-web', 'vm-9'), nics)).toBeUndefined();
    expect(primaryNic({ ...shouted, nicIds: [] }, nics)).toBeUndefined();
  });
});
