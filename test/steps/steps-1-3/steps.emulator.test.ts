import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/azure/operations';
import { ROLE_IDS } from '../../../src/core/well-known-ids';
import { DEMO, type RunningEmulator, startEmulator } from '../../../src/emulator/index';
import type { UserError } from '../../../src/errors';
import { parseAnswers } from '../../../src/plan/answers';
import { sameId } from '../../../src/plan/ids';
import type { ActionDraft, FindingDraft } from '../../../src/plan/types';
import identityExtension from '../../../steps/identity-extension';
import { stepDrafts, stepFindings } from '../../../steps/registry';
import roleAssignment from '../../../steps/role-assignment';
import { assignDraft } from '../../../steps/role-assignment/params';
import { discoverSteps1to3, gatewayFor, planSteps1to3, runDraft, STEPS_1_3 } from './emulator-helpers';

let emulator: RunningEmulator;
let gateway: Gateway;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: 'demo', extensionInstallMs: 20 });
  gateway = gatewayFor(emulator);
});
afterAll(async () => {
  await emulator?.close();
});

const answers = parseAnswers({
  subscriptions: [DEMO.subscriptions.prod],
  admins: [DEMO.users.alice.upn],
  users: [DEMO.groups.vmUsers.name, DEMO.users.erin.upn],
  exclude: [DEMO.users.breakGlass1.upn],
});
const codesOn = (findings: FindingDraft[], vmId: string) =>
  findings.filter((f) => sameId(f.target, vmId)).map((f) => f.code);
const draftsOn = (drafts: ActionDraft[], vmId: string) =>
  drafts.filter((d) => sameId(d.target, vmId)).map((d) => d.kind);

describe('steps 1–3 on the demo tenant', () => {
  it('sees the subnet NSG that denies outbound 443 (needs VnetFacts.subnets from the gateway)', async () => {
    const snapshot = await discoverSteps1to3(gateway, answers);
    const findings = stepFindings(identityExtension, snapshot, answers);
    const blocked = findings.find((f) => f.code === 'network-endpoint-blocked')!;
    expect(blocked.target.toLowerCase()).toBe(DEMO.vms.nsgBlocked.toLowerCase());
    expect(blocked.message).toContain(DEMO.nsgs.restricted.split('/').pop());
  });

  it('discovers, assesses, plans, applies and converges', async () => {
    const snapshot = await discoverSteps1to3(gateway, answers);
    expect(snapshot.tenantId).toBe(DEMO.tenantId);
    expect(emulator.log.writes()).toBe(0);

    const findings = STEPS_1_3.flatMap((s) => stepFindings(s, snapshot, answers));
    expect(codesOn(findings, DEMO.vms.unsupported)).toEqual(['vm-os-unsupported']);
    expect(codesOn(findings, DEMO.vms.deallocated).filter((c) => c !== 'role-missing')).toEqual(['vm-deallocated']);
    expect(codesOn(findings, DEMO.vms.longName)).toContain('vm-computername-mismatch');
    expect(codesOn(findings, DEMO.vms.duplicateDevice)).toContain('vm-hostname-duplicate-device');
    const failed = findings.find((f) => f.code === 'extension-failed' && sameId(f.target, DEMO.vms.failed1007))!;
    expect(failed.message).toContain('(1007, exit code -2145648574)');
    expect(findings.some((f) => f.code === 'owner-without-login-role' && f.target.endsWith(DEMO.users.erin.id))).toBe(
      true,
    );

    const drafts = planSteps1to3(snapshot, answers);
    for (const quiet of [DEMO.vms.unsupported, DEMO.vms.deallocated, DEMO.vms.onboarded]) {
      expect(
        draftsOn(
          drafts.filter((d) => d.step === 'identity-extension'),
          quiet,
        ),
      ).toEqual([]);
    }
    expect(
      draftsOn(
        drafts.filter((d) => d.step === 'identity-extension'),
        DEMO.vms.noIdentity,
      ),
    ).toEqual(['enable-system-identity', 'install-extension']);
    const reinstall = drafts.find((d) => d.kind === 'install-extension' && sameId(d.target, DEMO.vms.failed1007))!;
    expect(reinstall.params.reinstall).toBe(true);

    // Apply in dependency order: identities, extensions, roles.
    // The duplicate-device VM gets no install (it would fail): only the NSG-blocked install fails.
    expect(drafts.some((d) => d.kind === 'install-extension' && sameId(d.target, DEMO.vms.duplicateDevice))).toBe(
      false,
    );
    const broken = [DEMO.vms.nsgBlocked];
    const errors = new Map<string, UserError>();
    for (const kind of ['enable-system-identity', 'install-extension', 'assign-role'] as const) {
      await Promise.all(
        drafts
          .filter((d) => d.kind === kind)
          .map((d) =>
            runDraft(gateway, d).then(
              (r) => expect(r.outcome).toBe('done'),
              (e: unknown) => errors.set(d.target.toLowerCase(), e as UserError),
            ),
          ),
      );
    }
    expect([...errors.keys()].sort()).toEqual(broken.map((id) => id.toLowerCase()).sort());
    expect(errors.get(DEMO.vms.nsgBlocked.toLowerCase())).toMatchObject({ code: 'action-failed' });
    expect(errors.get(DEMO.vms.nsgBlocked.toLowerCase())!.message).toContain('-2145648607');

    // The group already holds User Login on the app resource group: a create is already-done.
    const group = snapshot.principals[DEMO.groups.vmUsers.name]!;
    const existing = assignDraft(DEMO.resourceGroups.app, group, ROLE_IDS.vmUserLogin, 'test');
    await expect(runDraft(gateway, existing)).resolves.toMatchObject({ outcome: 'already-done' });

    // Re-discovery of the VMs whose actions succeeded plans nothing more for steps 2 and 3.
    const healthy = snapshot.vms.filter((vm) => !broken.some((id) => sameId(id, vm.id))).map((vm) => vm.id);
    const again = parseAnswers({ ...answers, vmIds: healthy });
    const after = await discoverSteps1to3(gateway, again);
    expect(stepDrafts(identityExtension, after, again)).toEqual([]);
    expect(stepDrafts(roleAssignment, after, again)).toEqual([]);
    expect(after.vms.find((vm) => sameId(vm.id, DEMO.vms.failed1007))!.extensions[0]!.provisioningState).toBe(
      'Succeeded',
    );
  });
});
