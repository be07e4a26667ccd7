/**
 * What the screens once said against the steps: each test renders a step's screen as the wizard does and
 * compares it with what the step itself plans.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_IDS } from '../../src/core/well-known-ids';
import { type AnswersInput, parseAnswers } from '../../src/plan/answers';
import type { Snapshot } from '../../src/plan/snapshot';
import { STEPS } from '../../steps/registry';
import { appName } from '../../steps/shared/sign-in-subjects';
import { fakeSnapshot, VMS } from './fake-services';
import { StepHarness } from './fixtures';
import { cleanup, renderScreen } from './render';

afterEach(cleanup);

const drafts = (id: string, snapshot: Snapshot, input: AnswersInput) =>
  STEPS.evaluate(STEPS.byId(id), snapshot, parseAnswers(input));
const rowOf = (frame: string, subject: string) => frame.split('\n').find((l) => l.startsWith(`  ${subject} `)) ?? '';

describe('the service principal screen lists exactly the apps the step plans for', () => {
  it('four apps for Windows and Linux VMs reached over RDP, Bastion and az ssh vm, none in the tenant yet', async () => {
    const input: AnswersInput = {
      vms: [VMS[0]!.id, VMS[3]!.id],
      connections: ['rdp-web-account', 'bastion-native', 'ssh'],
    };
    const snapshot = fakeSnapshot(VMS, parseAnswers(input));
    // Read, and missing: every app the step asks about has no service principal yet.
    const apps = Object.values(APP_IDS);
    const tenant = { ...snapshot, servicePrincipals: Object.fromEntries(apps.map((id) => [id, null])) };
    const planned = drafts('service-principal', tenant, input).drafts.filter(
      (d) => d.kind === 'create-service-principal',
    );
    const r = renderScreen(<StepHarness id="service-principal" snapshot={tenant} initial={input} />, { columns: 120 });
    const frame = await r.waitForText('APP');
    const appRows = frame.split('\n').filter((l) => / {2}(Azure|Microsoft|Windows) /.test(l));
    // The old screen listed two fixed apps whatever the step planned.
    expect(appRows).toHaveLength(4);
    for (const d of planned) expect(rowOf(frame, appName(d.params.appId as string))).toMatch(/create it$/);
    // Every app row is one the step creates, and every app it creates has a row.
    expect(appRows).toHaveLength(planned.length);
  });
});

describe('identity and extension PLANNED comes from the step’s drafts', () => {
  it('says nothing will change on an unsupported VM, as VM selection does, and plans nothing for it', async () => {
    const input: AnswersInput = { vms: [VMS[0]!.id, VMS[4]!.id] };
    const snapshot = fakeSnapshot(VMS, parseAnswers(input));
    const legacy = VMS[4]!;
    // Step 1 says it will leave the 2016 VM alone…
    const selection = drafts('vm-selection', snapshot, input).findings.find((f) => f.target === legacy.id);
    expect(selection?.message).toContain('Nothing will be changed on it.');
    // …and the identity step plans nothing for it.
    const planned = drafts('identity-extension', snapshot, input).drafts;
    expect(planned.filter((d) => d.target === legacy.id || d.params.vmId === legacy.id)).toEqual([]);
    const r = renderScreen(<StepHarness id="identity-extension" snapshot={snapshot} initial={input} />, {
      columns: 120,
    });
    const frame = await r.waitForText('PLANNED');
    // The old screen re-decided the plan and said "enable identity, install" here.
    expect(rowOf(frame, legacy.name)).toMatch(/nothing: OS unsupported$/);
    expect(rowOf(frame, legacy.name)).not.toMatch(/install extension/);
    expect(rowOf(frame, VMS[0]!.name)).toMatch(/enable identity, install extension$/);
  });

  it('says so for every VM the step leaves alone, whatever the reason', async () => {
    const input: AnswersInput = { vms: VMS.map((v) => v.id) };
    const snapshot = fakeSnapshot(VMS, parseAnswers(input));
    const planned = drafts('identity-extension', snapshot, input).drafts;
    const r = renderScreen(<StepHarness id="identity-extension" snapshot={snapshot} initial={input} />, {
      columns: 120,
    });
    const frame = await r.waitForText('PLANNED');
    for (const vm of VMS) {
      const installs = planned.some((d) => d.kind === 'install-extension' && d.params.vmId === vm.id);
      expect(/install extension$/.test(rowOf(frame, vm.name)), vm.name).toBe(installs);
    }
  });
});

describe('screens decide nothing', () => {
  const dir = resolve(import.meta.dirname, '../../screens');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
  const sources = files.map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);

  it('names no app, role or other well-known id', () => {
    for (const [file, text] of sources) expect(text, file).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i);
  });

  it('fills in no answer default of its own: the answers schema is the one place', () => {
    // e.g. `p.answers.connections ?? ['rdp-web-account']`, `a.caState ?? 'report-only'`
    for (const [file, text] of sources) expect(text, file).not.toMatch(/\b(answers|a)\.\w+ \?\?/);
  });

  it('keeps every screen file at 150 lines or fewer', () => {
    for (const [file, text] of sources) expect(text.split('\n').length - 1, file).toBeLessThanOrEqual(150);
  });
});
