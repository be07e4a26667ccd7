/**
 * Stale and tampered plans (issue #8.4): a change made in the tenant between `plan` and `apply` (through the
 * real SDK clients and Graph, as another admin would) stops apply with exit 2 naming what changed; a plan
 * file edited by hand is refused. Neither writes anything: no request, no journal.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { ROLE_IDS } from '../../src/core/well-known-ids';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { journalPathFor } from '../../src/plan/plan-file';
import { captureIO } from '../cli/io';
import { armClients, dispatcher, graphClient } from '../emulator/clients';
import { emuEnv, tempDir } from './harness';

const SELECTION = [
  'plan',
  '--vm',
  'vm-web-01',
  '--vm',
  'vm-app-02',
  '--admin',
  DEMO.users.alice.upn,
  '--user',
  DEMO.users.bob.upn,
  '--ca',
  'mfa',
  '--disable-security-defaults',
];

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function planned(): Promise<{ emu: RunningEmulator; path: string }> {
  emu = await startEmulator({ extensionInstallMs: 10 });
  const path = join(await tempDir('stale'), 'plan.json');
  const io = captureIO({ env: emuEnv(emu) });
  expect(await main([...SELECTION, '--out', path], io), io.err()).toBe(0);
  return { emu, path };
}

/** Runs apply after `change`; returns its stderr after checking the refusal and that nothing was written. */
async function applyRefused(e: RunningEmulator, path: string): Promise<string> {
  e.log.reset();
  const io = captureIO({ env: emuEnv(e) });
  const code = await main(['apply', path, '--yes'], io);
  expect(code, io.err()).toBe(2);
  expect(e.log.writes()).toBe(0);
  expect(existsSync(journalPathFor(path))).toBe(false);
  const lines = io.err().trim().split('\n');
  const error = lines.filter((l) => l.startsWith('error: '));
  expect(error.length, io.err()).toBe(1);
  expect(io.err()).not.toMatch(/\n\s+at /);
  return io.err();
}

const WEB = DEMO.vms.ready;
const [, , SUB, , RG] = WEB.split('/');

describe('stale plans', () => {
  it('a VM that got the extension since planning', async () => {
    const { emu: e, path } = await planned();
    const { compute } = armClients(e, SUB!);
    await compute.virtualMachineExtensions.beginCreateOrUpdateAndWait(
      RG!,
      'vm-web-01',
      'AADLoginForWindows',
      {
        location: 'westeurope',
        publisher: 'Microsoft.Azure.ActiveDirectory',
        typePropertiesType: 'AADLoginForWindows',
        typeHandlerVersion: '2.2',
        autoUpgradeMinorVersion: true,
      },
      { updateIntervalInMs: 10 },
    );
    const err = await applyRefused(e, path);
    expect(err).toContain('error: the plan is stale: 1 resource changed since it was made');
    expect(err).toContain(WEB);
  });

  // Someone gives a selected principal a login role on a selected VM (an unrelated principal would not matter).
  it('a role assignment that appeared since planning', async () => {
    const { emu: e, path } = await planned();
    const { authorization } = armClients(e, SUB!);
    // The classic client puts the scope after a '/' of its own.
    await authorization.roleAssignments.create(WEB.slice(1), '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', {
      roleDefinitionId: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.vmUserLogin}`,
      principalId: DEMO.users.alice.id,
      principalType: 'User',
    });
    const err = await applyRefused(e, path);
    expect(err).toContain('error: the plan is stale: 1 resource changed since it was made');
    expect(err).toContain(`${WEB}#roleAssignments`);
  });

  it('a Conditional Access policy edited since planning', async () => {
    const { emu: e, path } = await planned();
    const agent = dispatcher(e);
    try {
      await graphClient(e, agent)
        .api(`/identity/conditionalAccess/policies/${DEMO.reportOnlyPolicyId}`)
        .patch({ state: 'disabled' });
    } finally {
      await agent.close();
    }
    const err = await applyRefused(e, path);
    expect(err).toContain('error: the plan is stale: 1 resource changed since it was made');
    expect(err).toContain('graph:/identity/conditionalAccess/policies');
  });
});

describe('tampered plans', () => {
  const edits: [string, (plan: Record<string, unknown>) => void][] = [
    ['an action retargeted', (p) => ((p.actions as { target: string }[])[0]!.target = DEMO.vms.onboarded)],
    ['an action removed', (p) => (p.actions as unknown[]).pop()],
    ['an answer changed', (p) => ((p.answers as { caState: string }).caState = 'on')],
    ['the tenant changed', (p) => (p.tenantId = '00000000-0000-4000-8000-000000000000')],
    ['the digest changed', (p) => (p.digest = `sha256:${'0'.repeat(64)}`)],
  ];
  for (const [what, edit] of edits) {
    it(`is refused when ${what}, writing nothing`, async () => {
      const { emu: e, path } = await planned();
      const plan = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
      edit(plan);
      await writeFile(path, JSON.stringify(plan, null, 2));
      const err = await applyRefused(e, path);
      expect(err).toMatch(/^error: .*(modified|altered|digest|tamper)/m);
      // Nothing reached the tenant at all: the file is refused before connecting.
      expect(e.log.requests()).toEqual([]);
    });
  }
});
