/** The doctor on the demo tenant, discovered through the real SDK clients: read-only, names every cause. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/azure/operations';
import { buildDoctorReport } from '../../../src/doctor/index';
import { DEMO, type RunningEmulator, startEmulator } from '../../../src/emulator/index';
import { parseAnswers } from '../../../src/plan/answers';
import clientReadiness from '../../../steps/client-readiness';
import conditionalAccess from '../../../steps/conditional-access';
import servicePrincipal from '../../../steps/service-principal';
import { discoverSteps1to3, gatewayFor } from '../steps-1-3/emulator-helpers';

let emulator: RunningEmulator;
let gateway: Gateway;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: 'demo', extensionInstallMs: 0 });
  gateway = gatewayFor(emulator);
});
afterAll(async () => {
  await emulator?.close();
});

describe('doctor on the demo tenant', () => {
  it('names report-only, per-user MFA and security defaults for carol, and predicts the message', async () => {
    const answers = parseAnswers({ vms: [DEMO.vms.onboarded], users: [DEMO.users.carol.upn] });
    const snapshot = await discoverSteps1to3(gateway, answers);
    const ctx = { gateway, answers, snapshot, progress() {} };
    await servicePrincipal.discover(ctx);
    await Promise.all([conditionalAccess.discover(ctx), clientReadiness.discover(ctx)]);

    const report = buildDoctorReport({ snapshot, answers, vmId: DEMO.vms.onboarded, userRef: DEMO.users.carol.upn });
    expect(emulator.log.writes()).toBe(0);
    const codes = report.findings.map((f) => f.code);
    expect(codes).toEqual(
      expect.arrayContaining(['ca-report-only', 'per-user-mfa-enabled', 'security-defaults-enabled']),
    );
    const password = report.outcomes.find((o) => o.method === 'rdp-password')!;
    expect(password).toMatchObject({ outcome: 'error-credentials', message: 'Your credentials did not work' });
    expect(password.reasons).toContain(`legacy per-user MFA is enforced for ${DEMO.users.carol.upn}`);
    expect(password.reasons.some((r) => r.includes('report-only'))).toBe(true);
    expect(report.drafts.map((d) => d.kind)).toEqual(
      expect.arrayContaining(['create-service-principal', 'disable-per-user-mfa']),
    );
  });
});
