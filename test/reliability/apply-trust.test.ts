/**
 * What apply trusts (issue #13): one apply per plan (four at once leave one policy and three one-line
 * refusals), copies of a plan applied at once without a shared lock still leave one policy and one service
 * principal, a forged "succeeded" journal line is reported rather than counted, a plan for another subscription
 * is refused, an old plan says its age, a signed plan cannot be edited without the key, and a plan edited to
 * write something the tool never plans (Owner at subscription scope, another VM, a lying summary) is refused.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lockPathFor } from '../../src/apply/lock';
import { main } from '../../src/commands/main';
import { ROLE_IDS } from '../../src/core/well-known-ids';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { computeDigest } from '../../src/plan/digest';
import { journalPathFor, serializePlan } from '../../src/plan/plan-file';
import type { Plan } from '../../src/plan/types';
import { roleAssignmentName } from '../../steps/role-assignment/assignments';
import { assignRoleKind } from '../../steps/role-assignment/params';
import { captureIO } from '../cli/io';
import { childEnv, emuEnv, ensureBuilt, readPlan, spawnCli, tempDir } from './harness';

const SELECTION = ['--vm', 'vm-web-01', '--user', DEMO.users.carol.upn, '--ca', 'mfa', '--disable-security-defaults'];

let emu: RunningEmulator | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function planned(extra: string[] = [], env: Record<string, string> = {}) {
  emu = await startEmulator({ extensionInstallMs: 10 });
  const dir = await tempDir('trust');
  const path = join(dir, 'plan.json');
  const io = captureIO({ env: { ...emuEnv(emu), ...env } });
  expect(await main(['plan', ...SELECTION, ...extra, '--out', path], io), io.err()).toBe(0);
  const plan = await readPlan(path);
  // The VM policy (not one of the baseline policies replacing security defaults).
  const policy = plan.actions.find(
    (a) =>
      a.kind === 'create-ca-policy' && !(a.params.body as { displayName: string }).displayName.includes('baseline'),
  );
  expect(policy, 'the selection plans a new CA policy').toBeDefined();
  return { emu, dir, path, plan, policyName: (policy!.params.body as { displayName: string }).displayName };
}

const policiesNamed = (e: RunningEmulator, name: string) =>
  [...e.state.caPolicies.values()].filter((p) => p.displayName === name);

async function applyIn(e: RunningEmulator, args: string[], env: Record<string, string> = {}) {
  const io = captureIO({ env: { ...emuEnv(e), ...env } });
  const code = await main(['apply', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

async function rewrite(path: string, edit: (plan: Plan) => void): Promise<void> {
  const plan = JSON.parse(await readFile(path, 'utf8')) as Plan;
  edit(plan);
  plan.digest = computeDigest(plan);
  await writeFile(path, serializePlan(plan));
}

describe('one apply per plan', () => {
  it('four applies at once: one policy, one refusal line naming the holder for each of the other three', async () => {
    const { emu: e, dir, path, policyName } = await planned();
    e.setFaults('latency=300');
    const runs = [1, 2, 3, 4].map(() => spawnCli(['apply', path, '--yes'], childEnv(emuEnv(e)), dir));
    const ends = await Promise.all(runs.map((r) => r.done));
    const codes = ends.map((x) => x.code);
    expect(
      codes.filter((c) => c === 0),
      runs.map((r) => r.stderr()).join('\n---\n'),
    ).toHaveLength(1);
    const refused = runs.filter((_, i) => codes[i] === 2);
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      const errors = r
        .stderr()
        .split('\n')
        .filter((l) => l.startsWith('error: '));
      expect(errors).toEqual([
        expect.stringMatching(/^error: another apply of this plan is running \(apply pid \d+ on .+, started \S+\)$/),
      ]);
    }
    expect(policiesNamed(e, policyName)).toHaveLength(1);
    expect(existsSync(lockPathFor(path))).toBe(false);
  });

  it('two copies of one plan applied at once, with no lock in common, still create one policy and one service principal', async () => {
    const { emu: e, dir, path, plan, policyName } = await planned();
    const copies = [join(dir, 'a'), join(dir, 'b')];
    for (const d of copies) {
      await mkdir(d);
      await copyFile(path, join(d, 'plan.json'));
    }
    e.setFaults('latency=300');
    const runs = copies.map((d) => spawnCli(['apply', join(d, 'plan.json'), '--yes'], childEnv(emuEnv(e)), d));
    const ends = await Promise.all(runs.map((r) => r.done));
    expect(
      ends.map((x) => x.code),
      runs.map((r) => r.stderr()).join('\n---\n'),
    ).toEqual([0, 0]);
    expect(policiesNamed(e, policyName)).toHaveLength(1);
    for (const a of plan.actions.filter((x) => x.kind === 'create-service-principal')) {
      const appId = a.params.appId as string;
      expect([...e.state.servicePrincipals.values()].filter((sp) => sp.appId === appId)).toHaveLength(1);
    }
  });
});

describe('what apply counts and refuses', () => {
  it('a forged "succeeded" journal line is not counted as a change in place: reported, exit 1', async () => {
    const { emu: e, path, plan, policyName } = await planned();
    const ca = plan.actions.find(
      (a) => a.kind === 'create-ca-policy' && (a.params.body as { displayName: string }).displayName === policyName,
    )!;
    const forged = { ts: plan.createdAt, planDigest: plan.digest, actionId: ca.id, kind: ca.kind, event: 'succeeded' };
    await writeFile(journalPathFor(path), `${JSON.stringify(forged)}\n`);
    const r = await applyIn(e, [path, '--yes']);
    expect(r.code, r.err).toBe(1);
    expect(policiesNamed(e, policyName)).toHaveLength(0);
    expect(r.err).toContain(`▲ Not as planned: ${ca.id}`);
    const n = plan.actions.length;
    expect(r.out).toMatch(
      new RegExp(`^Apply finished with problems: ${n - 1} of ${n} changes in place, 1 not as planned\\.`, 'm'),
    );
  });

  it('--subscription naming another subscription than the plan was made for is refused, nothing written', async () => {
    const { emu: e, path } = await planned();
    e.log.reset();
    const r = await applyIn(e, [path, '--yes', '--subscription', '99999999-9999-4999-8999-999999999999']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^error: the plan was made for subscription [0-9a-f-]{36}, which --subscription does not name$/m,
    );
    expect(e.log.writes()).toBe(0);
  });

  it('a plan made two years ago says its age before applying', async () => {
    const { emu: e, path } = await planned();
    await rewrite(path, (p) => {
      p.createdAt = new Date(Date.now() - 730 * 24 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    });
    const r = await applyIn(e, [path, '--yes']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^This plan was made 730 days ago \(/m);
    const noTty = await applyIn(e, [path]);
    expect(noTty.code).toBe(2);
  });

  it('a signed plan edited without the key is refused; --require-signature refuses an unsigned plan', async () => {
    const stateDir = await tempDir('state');
    const env = { ENTRA_VM_LOGIN_STATE_DIR: stateDir };
    const { emu: e, path } = await planned(['--sign'], env);
    expect((await readPlan(path)).signature).toMatch(/^ed25519:/);
    const signedCopy = `${path}.orig`;
    await copyFile(path, signedCopy);
    await rewrite(path, (p) => {
      p.actions[0]!.reason = 'edited after review';
    });
    e.log.reset();
    const edited = await applyIn(e, [path, '--yes'], env);
    expect(edited.code).toBe(2);
    expect(edited.err).toMatch(/changed after it was signed/);
    await rewrite(path, (p) => {
      p.signature = undefined;
    });
    const unsigned = await applyIn(e, [path, '--yes', '--require-signature'], env);
    expect(unsigned.code).toBe(2);
    expect(unsigned.err).toMatch(/not signed/);
    expect(e.log.writes()).toBe(0);
    const ok = await applyIn(e, [signedCopy, '--yes', '--require-signature'], env);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.err).toMatch(/Plan signature verified/);
  });
});

describe('forged plans', () => {
  const forge = async (edit: (a: Plan['actions'][number], p: Plan) => void) => {
    const { emu: e, path, plan } = await planned(['--admin', DEMO.users.dave.upn]);
    const role = plan.actions.find((a) => a.kind === 'assign-role');
    expect(role, 'the selection assigns a login role').toBeDefined();
    await rewrite(path, (p) => edit(p.actions.find((a) => a.id === role!.id)!, p));
    e.log.reset();
    const r = await applyIn(e, [path, '--yes']);
    expect(r.code, r.err).toBe(2);
    expect(e.log.writes()).toBe(0);
    expect(existsSync(journalPathFor(path))).toBe(false);
    const errors = r.err.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toHaveLength(1);
    return { line: errors[0]!, id: role!.id };
  };
  const sub = `/subscriptions/${DEMO.subscriptions.prod}`;

  it('Owner at subscription scope (digest recomputed) is refused naming the action and the field', async () => {
    const { line, id } = await forge((a) => {
      a.params.roleDefinitionGuid = ROLE_IDS.owner;
      a.params.scope = sub;
    });
    expect(line.startsWith(`error: action ${id} (assign-role) is not a change this tool makes: `)).toBe(true);
    expect(line).toContain('params.roleDefinitionGuid: only the VM login roles and Reader are assigned by this tool');
  });

  it('a consistent forgery (Reader at subscription scope, name and display recomputed) is refused on its scope', async () => {
    const { line } = await forge((a) => {
      const scope = sub;
      a.params = { ...a.params, roleDefinitionGuid: ROLE_IDS.reader, scope };
      a.params.name = roleAssignmentName(scope, a.params.principalId as string, ROLE_IDS.reader);
      Object.assign(a, assignRoleKind.describe(a.params, 'AzureCloud'));
    });
    expect(line).toMatch(/params\.scope: not a scope this role is assigned at$/);
  });

  it('a login role on a VM the answers did not select is refused before the first write', async () => {
    const { line } = await forge((a) => {
      const scope = DEMO.vms.dev;
      a.params = {
        ...a.params,
        scope,
        name: roleAssignmentName(scope, a.params.principalId as string, a.params.roleDefinitionGuid as string),
      };
      Object.assign(a, assignRoleKind.describe(a.params, 'AzureCloud'));
    });
    expect(line).toMatch(/scope: not a selected VM, or its resource group or subscription as --scope says$/);
  });

  it('a summary that does not say what the parameters write is refused', async () => {
    const { line } = await forge((a) => {
      a.summary = 'Assign Virtual Machine User Login to someone harmless';
    });
    expect(line).toMatch(/summary: does not say what the parameters write$/);
  });
});
