/** Steps 4–6 through the real SDK clients against the demo tenant: discover, plan, apply, converge. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/azure/operations';
import { APP_IDS } from '../../../src/core/well-known-ids';
import { buildDoctorReport } from '../../../src/doctor/index';
import { DEMO, type RunningEmulator, startEmulator } from '../../../src/emulator/index';
import { parseAnswers } from '../../../src/plan/answers';
import type { Snapshot } from '../../../src/plan/snapshot';
import type { Action, ActionDraft } from '../../../src/plan/types';
import clientReadiness from '../../../steps/client-readiness';
import conditionalAccess from '../../../steps/conditional-access';
import { stepDrafts, stepFindings } from '../../../steps/registry';
import servicePrincipal from '../../../steps/service-principal';
import type { StepModule } from '../../../steps/shared/contract';
import { discoverSteps1to3, gatewayFor } from '../steps-1-3/emulator-helpers';

const STEPS_4_6: StepModule[] = [servicePrincipal, conditionalAccess, clientReadiness];
let emulator: RunningEmulator;
let gateway: Gateway;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: 'demo', extensionInstallMs: 0 });
  gateway = gatewayFor(emulator);
});
afterAll(async () => {
  await emulator?.close();
});

const answers = parseAnswers({
  subscriptions: [DEMO.subscriptions.prod],
  vms: [DEMO.vms.onboarded],
  users: [DEMO.users.carol.upn, DEMO.users.dave.upn],
  exclude: [DEMO.users.breakGlass1.upn],
  connections: ['rdp-web-account', 'rdp-password'],
  disableSecurityDefaults: true,
});

async function discover(): Promise<Snapshot> {
  const snapshot = await discoverSteps1to3(gateway, answers);
  const ctx = { gateway, answers, snapshot, progress() {} };
  await servicePrincipal.discover(ctx);
  await Promise.all([conditionalAccess.discover(ctx), clientReadiness.discover(ctx)]);
  return snapshot;
}

const run = (d: ActionDraft) => {
  const step = STEPS_4_6.find((s) => s.id === d.step)!;
  const action: Action = { ...d, id: d.key, dependsOn: [] };
  return step.handlers[d.kind]!(action, { gateway, signal: new AbortController().signal, progress() {} });
};

describe('steps 4–6 on the demo tenant', () => {
  it('discovers, plans, applies and converges; a resumed create does not duplicate the policy', async () => {
    const snapshot = await discover();
    expect(emulator.log.writes()).toBe(0);
    expect(snapshot.servicePrincipals[APP_IDS.windowsVmSignIn]).toBeNull();
    expect(snapshot.securityDefaultsEnabled).toBe(true);
    expect(snapshot.licenceP1).toBe(true);
    expect(snapshot.perUserMfa[DEMO.users.carol.id]).toBe('enforced');
    expect(snapshot.authMethods[DEMO.users.dave.id]!.windowsHelloForBusiness).toBe(1);

    const codes = STEPS_4_6.flatMap((s) => stepFindings(s, snapshot, answers)).map((f) => f.code);
    for (const code of [
      'service-principal-missing',
      'security-defaults-enabled',
      'per-user-mfa-enabled',
      'ca-report-only',
    ]) {
      expect(codes).toContain(code);
    }
    const drafts = STEPS_4_6.flatMap((s) => stepDrafts(s, snapshot, answers));
    const baseline = ['admin-roles', 'legacy-auth', 'azure-management', 'registration', 'all-users'].map(
      (id) => `create-ca-policy:baseline-${id}`,
    );
    expect(drafts.map((d) => d.key)).toEqual([
      `create-service-principal:${APP_IDS.windowsVmSignIn}`,
      ...baseline,
      'create-ca-policy:vm-sign-in',
      'disable-security-defaults:tenant',
      'enable-ca-policies:tenant',
      `disable-per-user-mfa:${DEMO.users.carol.id}`,
    ]);
    // The VM policy is created while security defaults are on (report-only is accepted); security defaults go
    // only once every policy exists, and the baseline is turned on right after.
    const vmCreate = drafts.find((d) => d.key === 'create-ca-policy:vm-sign-in')!;
    expect(vmCreate.dependsOn).toEqual([`create-service-principal:${APP_IDS.windowsVmSignIn}`]);
    expect(drafts.find((d) => d.kind === 'disable-security-defaults')!.dependsOn).toEqual([
      ...baseline,
      'create-ca-policy:vm-sign-in',
    ]);

    for (const d of drafts) expect((await run(d)).outcome).toBe('done');
    const policies = await gateway.graph.listCaPolicies();
    const created = policies.find((p) => p.displayName === 'entra-vm-login: VM sign-in – require MFA')!;
    expect(created.state).toBe('enabledForReportingButNotEnforced');
    expect(created.conditions.users?.excludeUsers).toEqual([DEMO.users.breakGlass1.id]);

    // Crash-resume: the create runs again and finds its policy by name.
    expect((await run(vmCreate)).outcome).toBe('already-done');
    expect((await gateway.graph.listCaPolicies()).length).toBe(policies.length);

    const again = await discover();
    expect(STEPS_4_6.flatMap((s) => stepDrafts(s, again, answers))).toEqual([]);
    const left = STEPS_4_6.flatMap((s) => stepFindings(s, again, answers)).map((f) => f.code);
    expect(left).not.toContain('service-principal-missing');
    expect(left).not.toContain('security-defaults-enabled');
    expect(left).not.toContain('per-user-mfa-enabled');

    // Turning the tool's own policy on is an update, not a second policy; then nothing is left to do.
    const on = { ...answers, caState: 'on' as const };
    const update = STEPS_4_6.flatMap((s) => stepDrafts(s, again, on));
    expect(update.map((d) => d.key)).toEqual([`update-ca-policy:${created.id}`]);
    expect((await run(update[0]!)).outcome).toBe('done');
    const final = await discover();
    expect(STEPS_4_6.flatMap((s) => stepDrafts(s, final, on))).toEqual([]);

    // The doctor now predicts MFA for dave (WHfB) on password RDP from a client joined to the tenant.
    final.client = {
      azureAdJoined: true,
      domainJoined: false,
      tenantId: DEMO.tenantId,
      ngcSet: true,
      azureAdPrt: true,
    };
    const report = buildDoctorReport({
      snapshot: final,
      answers: on,
      vmId: DEMO.vms.onboarded,
      userRef: DEMO.users.dave.upn,
      method: 'rdp-password',
    });
    expect(report.outcomes.map((o) => o.outcome)).toEqual(['mfa-then-success']);
  });

  it('a 403 on CA create names Policy.ReadWrite.ConditionalAccess', async () => {
    emulator.state.caller.deniedGraphWrites.push('conditionalAccess');
    const snapshot = await discover();
    const draft: ActionDraft = {
      ...stepDrafts(conditionalAccess, { ...snapshot, caPolicies: [] }, answers).find(
        (d) => d.kind === 'create-ca-policy',
      )!,
    };
    draft.params = { body: { ...(draft.params.body as object), displayName: 'entra-vm-login: another' } };
    await expect(run(draft)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('Policy.ReadWrite.ConditionalAccess'),
    });
  });
});
