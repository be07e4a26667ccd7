/**
 * The wizard reads its inventory once, before the admin has chosen connection methods, and judges every later
 * answer against that snapshot. That inventory must hold what `plan` would read for any answer: on the demo
 * tenant, choosing a Bastion connection finds bas-prod-weu and plans its Reader roles, as `plan` does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { discoveryAnswers } from '../../src/machine';
import { createWizardServices } from '../../src/workflows/wizard-services';
import { captureIO } from '../cli/io';
import { emuEnv } from '../reliability/harness';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('the wizard and plan share one discovery', () => {
  it('finds the demo Bastion for a Bastion connection chosen after the inventory was read', async () => {
    emu = await startEmulator({ scenario: 'demo' });
    const env = emuEnv(emu);
    const io = captureIO({ env });
    const services = createWizardServices({ demo: false, subscription: [], deviceCode: false, color: false }, io);
    try {
      await services.connect();
      const inventory = await services.discover(discoveryAnswers({}) as never, () => {});
      expect(inventory.bastions.map((b) => b.name)).toContain('bas-prod-weu');

      const answers = { vms: [DEMO.vms.ready], users: [DEMO.users.bob.upn], connections: ['bastion-portal'] };
      const findings = services.findings(inventory, answers as never)['role-assignment'] ?? [];
      expect(findings.map((f) => f.code)).not.toContain('bastion-missing');
      const view = services.views(inventory, answers as never)['role-assignment'] as { notes?: string[] };
      expect(JSON.stringify(view)).toContain('bas-prod-weu');

      // The same choice on the command line plans the same Bastion.
      const cli = captureIO({ env });
      const code = await main(
        ['plan', '--vm', 'vm-web-01', '--user', DEMO.users.bob.upn, '--connection', 'bastion-portal', '--json'],
        cli,
      );
      expect(code, cli.err()).toBe(0);
      expect(cli.out()).toContain('bas-prod-weu');
    } finally {
      await services.close();
    }
  }, 60_000);
});

describe('discovery phases', () => {
  it('says what each phase found, with counts', async () => {
    emu = await startEmulator({ scenario: 'fleet', vms: 30 });
    const env = emuEnv(emu);
    const io = captureIO({ env });
    const code = await main(['plan', '--all', '--json'], io);
    expect(code, io.err()).toBe(0);
    expect(io.err()).toMatch(/^Phase 1 of 2: 30 VMs in 2 subscriptions \(\d+\.\d s\)$/m);
    expect(io.err()).toMatch(/^Phase 2 of 2: \d+ role assignments?, \d+ Conditional Access polic(y|ies), /m);
  }, 60_000);
});
