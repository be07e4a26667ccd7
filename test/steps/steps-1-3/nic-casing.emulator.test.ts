import { describe, expect, it } from 'vitest';
import { FLEET, startEmulator } from '../../../src/emulator/index';
import { parseAnswers } from '../../../src/plan/answers';
import { primaryNic } from '../../../steps/shared/network';
import { discoverSteps1to3, gatewayFor } from './emulator-helpers';

const answers = parseAnswers({ admins: [FLEET.admin.upn], users: ['fleet-vm-users'] });

/** `/resourceGroups/rg-x/` written as `/resourceGroups/RG-X/`, as templates and older tools often do. */
const shouted = (id: string) =>
  id.replace(/\/resourceGroups\/([^/]+)\//, (_, rg: string) => `/resourceGroups/${rg.toUpperCase()}/`);

describe('NICs referenced in another casing than their own id', () => {
  it('are found under the spelling the VM uses, once each, with their own id kept', async () => {
    const emulator = await startEmulator({ scenario: 'fleet', vms: 120, pageSize: 50 });
    try {
      const own = new Map<string, string>();
      let i = 0;
      for (const vm of emulator.state.vms.values()) {
        // Every other VM refers to its NIC in upper case; the rest keep the NIC's own spelling.
        if (i++ % 2 === 0) {
          own.set(shouted(vm.nicIds[0]!), vm.nicIds[0]!);
          vm.nicIds[0] = shouted(vm.nicIds[0]!);
        }
      }
      const snapshot = await discoverSteps1to3(gatewayFor(emulator), answers);
      expect(snapshot.vms).toHaveLength(120);
      for (const vm of snapshot.vms) {
        const reference = vm.nicIds[0]!;
        // A direct hit: a miss here used to cost a scan of every NIC for every VM.
        const nic = snapshot.nics[reference];
        expect(nic, reference).toBeDefined();
        expect(primaryNic(vm, snapshot.nics)).toBe(nic);
        expect(nic!.id).toBe(own.get(reference) ?? reference);
      }
      expect(own.size).toBe(60);
      expect(new Set(Object.values(snapshot.nics)).size).toBe(120);
    } finally {
      await emulator.close();
    }
  });
});
