/**
 * The commands end to end in-process: `main()` with captured output, against the emulator through the real
 * SDK clients and the same environment variables a real run would use.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import type { Plan } from '../../src/plan/types';
import { captureIO } from './io';

let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: 'demo', extensionInstallMs: 20 });
  dir = await mkdtemp(join(tmpdir(), 'evl-cli-'));
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const io = captureIO({ env: emulator.env() });
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

const CHOICES = ['--vm', 'vm-app-02', '--vm', 'vm-ubuntu-web-01', '--admin', 'alice@contoso.com', '--user', 'vm-users'];

describe('plan, apply and doctor against the emulator', () => {
  it('plan --json prints the plan file object with identity before extension, and writes nothing', async () => {
    emulator.log.reset();
    const r = await run(['plan', ...CHOICES, '--connection', 'rdp-web-account', '--connection', 'ssh', '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out) as Plan;
    expect(plan.version).toBe(1);
    expect(plan.tenantId).toBe(DEMO.tenantId);
    const identity = plan.actions.find((a) => a.kind === 'enable-system-identity' && a.target.endsWith('/vm-app-02'));
    const extension = plan.actions.find((a) => a.kind === 'install-extension' && a.target.endsWith('/vm-app-02'));
    expect(identity).toBeDefined();
    expect(extension?.dependsOn).toEqual([identity?.id]);
    expect(plan.actions.some((a) => a.kind === 'create-service-principal')).toBe(true);
    expect(plan.findings.map((f) => f.code)).toContain('security-defaults-enabled');
    expect(emulator.log.writes()).toBe(0);
  });

  it('apply --yes makes the changes; a second plan has none of those actions', async () => {
    const file = join(dir, 'plan.json');
    const planned = await run(['plan', ...CHOICES, '--out', file]);
    expect(planned.code).toBe(0);
    const plan = JSON.parse(await readFile(file, 'utf8')) as Plan;
    expect(plan.actions.length).toBeGreaterThan(0);

    const applied = await run(['apply', file, '--yes']);
    expect(applied.err).not.toContain('Failed');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain(`${plan.actions.length} of ${plan.actions.length} changes in place`);
    // The same next steps as the wizard's summary, with the real names.
    expect(applied.out).toMatch(/\nNext steps\n {2}• (Run|Open) .*vm-app-02/);
    expect(applied.out).not.toContain('<vm>');

    const again = await run(['plan', ...CHOICES, '--json']);
    const second = JSON.parse(again.out) as Plan;
    for (const action of plan.actions) {
      expect(second.actions.find((a) => a.kind === action.kind && a.target === action.target)).toBeUndefined();
    }
  });

  it('apply refuses a tampered plan file with exit 2 and writes nothing', async () => {
    const file = join(dir, 'tampered.json');
    expect((await run(['plan', '--vm', 'vm-web-01', '--user', 'bob@contoso.com', '--out', file])).code).toBe(0);
    const text = await readFile(file, 'utf8');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, text.replace('vm-web-01', 'vm-web-02'));
    emulator.log.reset();
    const r = await run(['apply', file, '--yes']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('plan file was modified after it was written');
    expect(emulator.log.writes()).toBe(0);
  });

  it('doctor names per-user MFA and report-only, predicts the message, and writes nothing', async () => {
    emulator.log.reset();
    const r = await run(['doctor', '--vm', 'vm-web-01', '--user', DEMO.users.carol.upn, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as {
      outcomes: { method: string; outcome: string; message: string }[];
      plan: Plan;
    };
    const password = report.outcomes.find((o) => o.method === 'rdp-password');
    expect(password?.outcome).toBe('error-credentials');
    expect(password?.message).toBe('Your credentials did not work');
    const codes = report.plan.findings.map((f) => f.code);
    expect(codes).toContain('per-user-mfa-enabled');
    expect(codes).toContain('ca-report-only');
    expect(report.plan.actions.map((a) => a.kind)).toContain('disable-per-user-mfa');
    expect(emulator.log.writes()).toBe(0);
  });

  it('names an unknown VM with close matches, exit 2', async () => {
    const r = await run(['plan', '--vm', 'vm-web-1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('vm-web-01');
  });
});
