/**
 * Secrets (issue #8.6): with a distinctive token, nothing the product writes contains it: stdout, stderr, the
 * plan file, the journal, .rdp files, the debug log (ENTRA_VM_LOGIN_DEBUG=1, whose Authorization shows only
 * as `Bearer [redacted]`), the message of a rejected sign-in, nor the output around a killed and resumed run.
 * The token is opaque on purpose: redaction must not depend on it looking like a JWT.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { captureIO } from '../cli/io';
import { childEnv, emuEnv, ensureBuilt, journalLines, spawnCli, tempDir, waitFor } from './harness';

const SECRET = `evl-secret-${randomBytes(16).toString('hex')}`;
/** Distinctive pieces too: a leak of part of the token (a truncated header dump) counts. */
const PIECES = [SECRET, SECRET.slice(11, 27), SECRET.slice(-16)];

let emu: RunningEmulator;
let dir: string;
/** Everything the product wrote during this file, labelled for the failure message. */
const outputs: { where: string; text: string }[] = [];

beforeAll(async () => {
  ensureBuilt();
  emu = await startEmulator({
    token: SECRET,
    extensionInstallMs: 20,
    faults: '429=0.05:retry-after=0,503=0.05,drop=0.02',
  });
  dir = await tempDir('secrets');
});

afterAll(async () => {
  await emu?.close();
});

const env = () => ({ ...emuEnv(emu), ENTRA_VM_LOGIN_DEBUG: '1' });
const SELECTION = ['--vm', 'vm-web-01', '--vm', 'vm-app-02', '--user', DEMO.users.carol.upn, '--ca', 'mfa'];

async function inProcess(argv: string[], environment: NodeJS.ProcessEnv = env()): Promise<number> {
  const io = captureIO({ env: environment });
  const code = await main(argv, io);
  outputs.push(
    { where: `${argv.join(' ')} (stdout)`, text: io.out() },
    { where: `${argv.join(' ')} (stderr)`, text: io.err() },
  );
  return code;
}

describe('the token never leaks', () => {
  it('through every command in-process, including errors', async () => {
    const plan = join(dir, 'plan.json');
    expect(await inProcess(['plan', ...SELECTION, '--disable-security-defaults', '--out', plan])).toBe(0);
    expect(await inProcess(['plan', ...SELECTION, '--json'])).toBe(0);
    expect(await inProcess(['plan', ...SELECTION, '--markdown'])).toBe(0);
    expect(await inProcess(['doctor', '--vm', 'vm-web-01', '--user', DEMO.users.carol.upn])).toBe(0);
    expect(
      await inProcess([
        'doctor',
        '--vm',
        'vm-web-01',
        '--user',
        DEMO.users.carol.upn,
        '--json',
        '--out',
        join(dir, 'fix.json'),
      ]),
    ).toBe(0);
    expect(await inProcess(['apply', plan, '--yes'])).toBe(0);
    expect(await inProcess(['apply', plan, '--yes'])).toBe(0);
    // A 403 on a write: the failure messages quote the service's words.
    const denied = join(dir, 'denied.json');
    expect(await inProcess(['plan', '--vm', 'vm-ubuntu-web-01', '--admin', DEMO.users.dave.upn, '--out', denied])).toBe(
      0,
    );
    emu.state.caller.deniedActions.push('Microsoft.Authorization/roleAssignments/write');
    try {
      expect(await inProcess(['apply', denied, '--yes'])).toBe(1);
    } finally {
      emu.state.caller.deniedActions.length = 0;
    }
    // The token is sent to a tenant that rejects it (401): the error names the rejection, not the token.
    const other = await startEmulator();
    try {
      expect(await inProcess(['plan', ...SELECTION], { ...emuEnv(other), ENTRA_VM_LOGIN_TOKEN: SECRET })).toBe(2);
      expect(outputs.at(-1)!.text).toMatch(/^error: .*sign-in was rejected/m);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('through the binary: debug log, a killed run and its resume', async () => {
    const sub = join(dir, 'binary');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(sub);
    const plan = join(sub, 'plan.json');
    const childEnvironment = childEnv(env());
    const planRun = spawnCli(['plan', ...SELECTION, '--vm', 'vm-rhel-db-01', '--out', plan], childEnvironment, sub);
    expect((await planRun.done).code, planRun.stderr()).toBe(0);
    const debugLines = planRun
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('[entra-vm-login] '));
    expect(debugLines.length).toBeGreaterThan(5);
    expect(debugLines.every((l) => l.endsWith('authorization: Bearer [redacted]'))).toBe(true);
    outputs.push(
      { where: 'binary plan (stdout)', text: planRun.stdout() },
      { where: 'binary plan (stderr)', text: planRun.stderr() },
    );

    const first = spawnCli(['apply', plan, '--yes'], childEnvironment, sub);
    let exited = false;
    void first.done.then(() => {
      exited = true;
    });
    await waitFor(
      async () => exited || (await journalLines(`${plan}.journal.jsonl`)).some((l) => l.event === 'succeeded'),
      'a first action done',
    );
    first.child.kill('SIGKILL');
    await first.done;
    outputs.push(
      { where: 'killed apply (stderr)', text: first.stderr() },
      { where: 'killed apply (stdout)', text: first.stdout() },
    );
    const second = spawnCli(['apply', plan, '--yes'], childEnvironment, sub);
    expect((await second.done).code, second.stderr()).toBe(0);
    outputs.push(
      { where: 'resumed apply (stdout)', text: second.stdout() },
      { where: 'resumed apply (stderr)', text: second.stderr() },
    );
  }, 60_000);

  it('in any output or file written', async () => {
    const files: string[] = [];
    const walk = async (d: string): Promise<void> => {
      for (const e of await readdir(d, { withFileTypes: true })) {
        if (e.isDirectory()) await walk(join(d, e.name));
        else files.push(join(d, e.name));
      }
    };
    await walk(dir);
    // Plan files, journals, the doctor's fix plan and .rdp files were all written.
    expect(files.filter((f) => f.endsWith('.journal.jsonl')).length).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => f.endsWith('.rdp')).length).toBeGreaterThan(0);
    for (const f of files) outputs.push({ where: f, text: await readFile(f, 'utf8') });
    expect(outputs.length).toBeGreaterThan(20);
    const leaks = outputs.filter((o) => PIECES.some((p) => o.text.includes(p))).map((o) => o.where);
    expect(leaks).toEqual([]);
    console.info(`[reliability] tokens leaked: ${leaks.length} (searched ${outputs.length} outputs and files)`);
  });
});
