import { describe, expect, it } from 'vitest';
import { FLEET, startEmulator } from '../../../src/emulator/index';
import { parseAnswers } from '../../../src/plan/answers';
import type { Snapshot } from '../../../src/plan/snapshot';
import { GET_LIMIT } from '../../../steps/shared/network';
import { discoverSteps1to3, gatewayFor } from './emulator-helpers';

const PAGE = 100;
const answers = parseAnswers({ admins: [FLEET.admin.upn], users: ['fleet-vm-users'] });

/**
 * The most discovery may send, derived from the operations steps 1–3 use:
 * - tenant, subscription list, one principal `$batch`: 3;
 * - per subscription: the VM list twice over (status and model listings) and the NIC list, each in pages of
 *   PAGE; NSGs by at most GET_LIMIT single reads or their list;
 * - one device `$batch` per 20 Windows hostnames (see the budgets `npm run bench` prints);
 * - one versions call per (location, extension type): at most 4 locations × 2 types;
 * - one read per VNet of the VMs (for the subnets' NSGs);
 * - one role assignment listing per (subscription, principal or group the principal is in).
 */
function bound(snapshot: Snapshot): number {
  const perSub = new Map<string, number>();
  for (const vm of snapshot.vms) perSub.set(vm.subscriptionId, (perSub.get(vm.subscriptionId) ?? 0) + 1);
  const pages = [...perSub.values()].reduce((n, count) => n + Math.ceil(count / PAGE), 0);
  const windows = snapshot.vms.filter((vm) => vm.osType === 'Windows').length;
  const principalIds = new Set(Object.values(snapshot.principals).flatMap((p) => [p.id, ...p.memberOf]));
  const vnets = new Set(Object.values(snapshot.nics).map((n) => n.vnetId?.toLowerCase()));
  return (
    3 + vnets.size + 3 * pages + perSub.size * GET_LIMIT + Math.ceil(windows / 20) + 8 + perSub.size * principalIds.size
  );
}

async function measure(vms: number): Promise<{ requests: number; bound: number; pages: number; batches: number }> {
  const emulator = await startEmulator({ scenario: 'fleet', vms, pageSize: PAGE });
  try {
    const snapshot = await discoverSteps1to3(gatewayFor(emulator), answers);
    expect(snapshot.vms).toHaveLength(vms);
    expect(emulator.log.writes()).toBe(0);
    const perSub = new Map<string, number>();
    for (const vm of snapshot.vms) perSub.set(vm.subscriptionId, (perSub.get(vm.subscriptionId) ?? 0) + 1);
    return {
      requests: emulator.log.requests().length,
      bound: bound(snapshot),
      pages: [...perSub.values()].reduce((n, c) => n + Math.ceil(c / PAGE), 0),
      batches: Math.ceil(snapshot.vms.filter((vm) => vm.osType === 'Windows').length / 20),
    };
  } finally {
    await emulator.close();
  }
}

describe('discovery request count for steps 1–3', () => {
  it('stays within a constant plus list paging and device batches, from 100 to 1,000 VMs', async () => {
    const small = await measure(100);
    const large = await measure(1000);
    expect(small.requests).toBeLessThanOrEqual(small.bound);
    expect(large.requests).toBeLessThanOrEqual(large.bound);
    // Growth is paging (three listings per page) and device batches only: nothing per VM.
    expect(large.requests - small.requests).toBeLessThanOrEqual(
      3 * (large.pages - small.pages) + (large.batches - small.batches),
    );
    expect(large.requests).toBeLessThan(120);
  });
});
