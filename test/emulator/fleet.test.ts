import { describe, expect, it } from 'vitest';
import { FLEET, startEmulator } from '../../src/emulator';
import { loadScenario } from '../../src/emulator/scenarios';
import { armClients } from './clients';

describe('emulator: generated fleets', () => {
  it('builds 5,000 VMs in well under a second, deterministically per seed', () => {
    const started = performance.now();
    const state = loadScenario('fleet', 5000, 3);
    const elapsed = performance.now() - started;
    expect(state.vms.size).toBe(5000);
    expect(elapsed).toBeLessThan(1000);
    const again = loadScenario(undefined, 5000, 3);
    const summary = (s: typeof state) =>
      [...s.vms.values()].map((v) => `${v.name}|${v.osName}|${v.identity.type}|${v.extensions.length}`);
    expect(summary(again)).toEqual(summary(state));
    expect(summary(loadScenario('fleet', 5000, 4))).not.toEqual(summary(state));
    const subs = new Set([...state.vms.values()].map((v) => v.subscriptionId));
    expect([...subs].sort()).toEqual([...FLEET.subscriptions].sort());
    const kinds = new Set([...state.vms.values()].map((v) => v.osType));
    expect([...kinds].sort()).toEqual(['Linux', 'Windows']);
  });

  it('grants per VM on request: one VM User Login per VM for the user group, the fleet otherwise the same', () => {
    const plain = loadScenario('fleet', 300, 2, 0);
    const granted = loadScenario('fleet', 300, 2, 0, { grantsPerVm: true });
    const vmsOf = (s: typeof plain) => [...s.vms.values()].map((v) => `${v.id}|${v.osName}|${v.identity.type}`);
    expect(vmsOf(granted)).toEqual(vmsOf(plain));
    expect([...granted.groups.values()].map((g) => g.id)).toEqual([...plain.groups.values()].map((g) => g.id));
    const grants = granted.roleAssignments.filter((a) => a.principalId === FLEET.usersGroupId);
    expect(grants).toHaveLength(300);
    expect(new Set(grants.map((a) => a.scope.toLowerCase()))).toEqual(
      new Set([...granted.vms.values()].map((v) => v.id.toLowerCase())),
    );
    expect(new Set(grants.map((a) => a.name)).size).toBe(300);
    expect(granted.roleAssignments.length - grants.length).toBe(plain.roleAssignments.length);
  });

  it('pages 5,000 VMs through the SDK with statusOnly, every VM exactly once', async () => {
    const emu = await startEmulator({ vms: 5000, pageSize: 1000 });
    try {
      const seen = new Set<string>();
      for (const sub of FLEET.subscriptions) {
        const { compute } = armClients(emu, sub);
        for await (const vm of compute.virtualMachines.listAll({ statusOnly: 'true' })) {
          expect(vm.instanceView?.statuses?.length).toBe(2);
          seen.add(vm.id!);
        }
      }
      expect(seen.size).toBe(5000);
      expect(emu.log.requests()).toHaveLength(6);
      expect(emu.log.writes()).toBe(0);
    } finally {
      await emu.close();
    }
  });
});
