/**
 * Shared helpers of the reliability suite: running the built CLI as a child process against an in-process
 * emulator, waiting on conditions (never fixed sleeps), and a normalised view of the tenant that two runs can
 * be compared on regardless of random ids and timestamps.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningEmulator, TenantState } from '../../src/emulator/index';
import { DEMO } from '../../src/emulator/index';
import type { Plan } from '../../src/plan/types';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist', 'cli.js');

/** `npm test` builds first; a bare `vitest run` on a fresh checkout builds here. */
export function ensureBuilt(): void {
  if (!existsSync(CLI)) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
}

export const tempDir = (prefix: string) => mkdtemp(join(tmpdir(), `evl-rel-${prefix}-`));

/** The emulator's environment plus a fast LRO poll: emulated operations take milliseconds, not minutes. */
export function emuEnv(emu: { env(): Record<string, string> }, extra: Record<string, string> = {}) {
  return { ...emu.env(), ENTRA_VM_LOGIN_POLL_MS: '10', ...extra };
}

/** A child environment without the parent's Azure settings: only what the test passes. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
  return { ...env, ...extra };
}

export interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Exit code, or null with the signal when killed. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv, cwd: string): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('close', (code, signal) => res({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, done };
}

export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = spawnCli(args, env, cwd);
  const { code } = await run.done;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Polls `check` until it returns a value other than undefined/false; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface JournalLine {
  actionId: string;
  kind: string;
  event: string;
  message?: string;
}

/** Complete lines of a journal ([] when there is none yet). */
export async function journalLines(path: string): Promise<JournalLine[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n');
  lines.pop();
  return lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as JournalLine);
}

const vmName = (id: string) => id.split('/').at(-1)!;

/**
 * The tenant as a comparable value: identities and extensions by VM, role assignments as (scope, principal,
 * role), CA policies by name (content without ids and timestamps), service principals by appId, per-user MFA
 * by UPN, security defaults. Lists keep duplicates so that a duplicate write shows as a difference.
 */
export function normalState(state: TenantState) {
  const vms = [...state.vms.values()].sort((a, b) => a.name.localeCompare(b.name));
  const strip = (p: Record<string, unknown>) => {
    const { id: _i, createdDateTime: _c, modifiedDateTime: _m, ...rest } = p;
    return rest;
  };
  return {
    identities: Object.fromEntries(vms.map((vm) => [vm.name, vm.identity.type])),
    extensions: Object.fromEntries(
      vms.map((vm) => [
        vm.name,
        vm.extensions.map((e) => `${e.type}@${e.typeHandlerVersion}:${e.provisioningState}`).sort(),
      ]),
    ),
    roleAssignments: state.roleAssignments
      .map((a) => `${a.scope.toLowerCase()}|${a.principalId}|${a.roleDefinitionGuid}`)
      .sort(),
    caPolicies: [...state.caPolicies.values()]
      .map((p) => [String(p.displayName), strip(p)] as const)
      .sort((a, b) => a[0].localeCompare(b[0])),
    servicePrincipals: [...state.servicePrincipals.values()]
      .filter((sp) => sp.servicePrincipalType !== 'ManagedIdentity')
      .map((sp) => sp.appId)
      .sort(),
    perUserMfa: Object.fromEntries([...state.users.values()].map((u) => [u.userPrincipalName, u.perUserMfaState])),
    securityDefaults: state.securityDefaultsEnabled,
  };
}

export const duplicates = (xs: readonly string[]) => xs.filter((x, i) => xs.indexOf(x) !== i);

/**
 * The big demo selection: every VM whose install succeeds (so the failing ones are left out), admins and
 * users including carol (per-user MFA enforced), MFA policy, security defaults off.
 */
export const BIG_PLAN_ARGS = [
  'plan',
  ...[
    'vm-web-01',
    'vm-app-02',
    'vm-w11-avd-01',
    'vm-ubuntu-web-01',
    'vm-rhel-db-01',
    'vm-sql-01',
    'vm-reporting-prod-weu-01',
    'vm-dev-01',
    'vm-jump-01',
  ].flatMap((vm) => ['--vm', vm]),
  '--admin',
  DEMO.users.alice.upn,
  '--admin',
  DEMO.groups.vmAdmins.name,
  '--user',
  DEMO.users.bob.upn,
  '--user',
  DEMO.users.carol.upn,
  '--user',
  DEMO.users.dave.upn,
  '--ca',
  'mfa',
  '--disable-security-defaults',
];

export async function readPlan(path: string): Promise<Plan> {
  return JSON.parse(await readFile(path, 'utf8')) as Plan;
}

/** Emulator admin endpoint, as an out-of-process test would use it (TLS trusted by the emulator's own CA). */
export async function adminGet<T>(emu: RunningEmulator, path: string): Promise<T> {
  const { Agent, request } = await import('undici');
  const dispatcher = new Agent({ connect: { ca: emu.caPem } });
  const res = await request(`${emu.armEndpoint}${path}`, { dispatcher });
  const body = (await res.body.json()) as T;
  await dispatcher.close();
  return body;
}

export { vmName };
