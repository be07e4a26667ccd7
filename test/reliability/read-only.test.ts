/**
 * Read-only guarantee (issue #8.3): `plan`, `doctor` and discovery as the wizard runs it issue zero writes on
 * every scenario, counted by the emulator (inner `$batch` writes included), also while faults force retries.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { CLEAN, DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { parseAnswers } from '../../src/plan/answers';
import { runDiscovery } from '../../src/workflows/discover';
import { gatewayOn } from '../azure/harness';
import { captureIO } from '../cli/io';
import { BIG_PLAN_ARGS, emuEnv } from './harness';

interface Case {
  scenario: 'demo' | 'clean' | 'fleet';
  vms: (emu: RunningEmulator) => string[];
  users: (emu: RunningEmulator) => string[];
}

const firstUser = (emu: RunningEmulator) =>
  [...emu.state.users.values()].find((u) => u.id !== emu.state.caller.objectId)!.userPrincipalName;

const CASES: Case[] = [
  {
    scenario: 'demo',
    vms: () => BIG_PLAN_ARGS.filter((_, i, a) => a[i - 1] === '--vm'),
    users: () => [DEMO.users.bob.upn, DEMO.users.carol.upn, DEMO.groups.vmUsers.name],
  },
  { scenario: 'clean', vms: () => ['vm-srv-01', 'vm-lnx-01'], users: () => [CLEAN.users.user.upn] },
  {
    scenario: 'fleet',
    vms: (emu) => [...emu.state.vms.values()].slice(0, 12).map((vm) => vm.name),
    users: (emu) => [firstUser(emu)],
  },
];

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('plan, doctor and discovery never write', () => {
  for (const c of CASES) {
    // Faults force retries, which must stay reads; one scenario is enough to show it (the waits are real).
    for (const faults of c.scenario === 'demo' ? ['', '429=0.1:retry-after=0,503=0.05,drop=0.02'] : ['']) {
      it(`${c.scenario}${faults ? ' under faults' : ''}`, async () => {
        emu = await startEmulator({ scenario: c.scenario, vms: c.scenario === 'fleet' ? 60 : undefined, faults });
        const env = emuEnv(emu);
        const vms = c.vms(emu);
        const users = c.users(emu);
        const choice = [
          ...vms.flatMap((v) => ['--vm', v]),
          ...users.flatMap((u) => ['--user', u]),
          '--ca',
          'mfa',
          '--disable-security-defaults',
        ];
        for (const argv of [
          ['plan', ...choice, '--json'],
          ['plan', ...choice, '--markdown', '--scope', 'resource-group', '--connection', 'bastion-native'],
          ['doctor', '--vm', vms[0]!, '--user', users[0]!, '--json'],
          ['doctor', '--vm', vms[0]!, '--user', users[0]!],
        ]) {
          const io = captureIO({ env });
          const code = await main(argv, io);
          expect(code, `${argv.join(' ')}\n${io.err()}`).toBe(0);
        }
        const { gateway } = gatewayOn(emu, { ENTRA_VM_LOGIN_POLL_MS: '10' }, { retry: { random: () => 0.5 } });
        const snapshot = await runDiscovery(
          gateway,
          parseAnswers({ vms, users, disableSecurityDefaults: true, connections: ['rdp-web-account', 'ssh'] }),
          { tenantId: emu.tenantId },
        );
        expect(snapshot.vms.length).toBe(vms.length);
        const requests = emu.log.requests();
        expect(requests.length).toBeGreaterThan(10);
        expect(emu.log.writes()).toBe(0);
        expect(requests.flatMap((r) => [r, ...(r.inner ?? [])]).filter((r) => r.isWrite)).toEqual([]);
      }, 60_000);
    }
  }
});
