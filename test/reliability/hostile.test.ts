/**
 * The hostile tenant (issue #13): names with escape sequences, quotes, `..\`, 300 characters and unicode, a
 * computer name carrying CR LF and .rdp settings, and role assignment writes refused with a 400 that echoes the
 * (opaque) token. Plan, doctor, apply and the wizard run on it: no raw control character reaches stdout, stderr
 * or the pty; every .rdp file lands directly in the plan directory with checked values and no planted link is
 * followed; the token appears nowhere.
 */
import { randomBytes } from 'node:crypto';
import { lstat, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdpFileName } from '../../src/checks/rdp-file';
import { main } from '../../src/commands/main';
import { HOSTILE, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { journalPathFor } from '../../src/plan/plan-file';
import { captureIO } from '../cli/io';
import { KEYS, spawnTerminal } from '../e2e/terminal';
import { CLI, childEnv, emuEnv, ensureBuilt, tempDir } from './harness';

const SECRET = `hostile-opaque-${randomBytes(16).toString('hex')}`;
/** Any C0 or C1 control character but the line feed that ends lines. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const SELECTION = [
  '--resource-group',
  HOSTILE.resourceGroup,
  '--admin',
  HOSTILE.users.admin.upn,
  '--user',
  HOSTILE.users.mallory.upn,
  '--user',
  HOSTILE.group.id,
  '--ca',
  'mfa',
];
const vmId = (name: string) =>
  `/subscriptions/${HOSTILE.subscriptionId}/resourceGroups/${HOSTILE.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`;

let emu: RunningEmulator;
const written: { where: string; text: string }[] = [];

beforeAll(async () => {
  ensureBuilt();
  emu = await startEmulator({ scenario: 'hostile', token: SECRET, extensionInstallMs: 10 });
});
afterAll(async () => {
  await emu?.close();
});

async function run(argv: string[], stateDir: string) {
  const io = captureIO({ env: { ...emuEnv(emu), ENTRA_VM_LOGIN_STATE_DIR: stateDir } });
  const code = await main(argv, io);
  written.push({ where: `${argv[0]} stdout`, text: io.out() }, { where: `${argv[0]} stderr`, text: io.err() });
  return { code, out: io.out(), err: io.err() };
}

function expectNoRawControls(text: string, where: string) {
  const at = text.search(RAW_CONTROL);
  expect(
    at,
    `${where} has a raw control character near ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 20))}`,
  ).toBe(-1);
}

describe('the hostile tenant', () => {
  it('plan, doctor and apply: tenant strings shown escaped, .rdp files safe and inside the plan folder, no token', async () => {
    const dir = await tempDir('hostile');
    const state = await tempDir('hostile-state');
    const plan = join(dir, 'plan.json');

    const planned = await run(['plan', ...SELECTION, '--connection', 'rdp-web-account', '--out', plan], state);
    expect(planned.code, planned.err).toBe(0);
    expect(planned.out).toContain('\\x1B[2J');
    const md = await run(['plan', ...SELECTION, '--markdown'], state);
    expect(md.code).toBe(0);
    // Shown as written: the escape made visible (its backslash escaped for Markdown), no table cell, code or link.
    expect(md.out).toContain('grp-\\\\x1B\\[2J\\| \\`code\\` \\*bold\\* \\[link\\](x)');
    const doctor = await run(['doctor', '--vm', HOSTILE.vms.quotes, '--user', HOSTILE.users.mallory.upn], state);
    expect(doctor.code, doctor.err).toBe(0);
    // Equivalent commands quote what the shell would otherwise run.
    expect(planned.out + doctor.out).not.toMatch(/-n vm 'quoted'|--vm-name vm 'quoted'/);

    // A link planted where one .rdp file goes, pointing outside the plan folder.
    const outside = join(dirname(dir), `hostile-target-${process.pid}.txt`);
    await writeFile(outside, 'keep');
    const planted = join(dir, rdpFileName({ id: vmId(HOSTILE.vms.quotes), name: HOSTILE.vms.quotes }));
    await symlink(outside, planted);

    const applied = await run(['apply', plan, '--yes'], state);
    // Role assignments are refused (with the token in the error body): the run reports failures.
    expect(applied.code, applied.err).toBe(1);
    expect(applied.err).toMatch(/✖ Failed: .*\[redacted\]/);
    expect(applied.err).toContain('▲ No .rdp file for vm-crlf: the host name');
    expect(await readFile(outside, 'utf8')).toBe('keep');
    expect((await lstat(planted)).isSymbolicLink()).toBe(false);

    const rdp = (await readdir(dir)).filter((f) => f.endsWith('.rdp'));
    expect(rdp).toHaveLength(5);
    for (const f of rdp) {
      expect(f).toMatch(/^[A-Za-z0-9._-]+\.rdp$/);
      const text = await readFile(join(dir, f), 'utf8');
      expect(text).toMatch(/^full address:s:vm-[a-z]+\r\nenablerdsaadauth:i:1\r\n$/);
      written.push({ where: f, text });
    }
    const journal = await readFile(journalPathFor(plan), 'utf8');
    expect(journal).toContain('[redacted]');
    written.push({ where: 'journal', text: journal }, { where: 'plan', text: await readFile(plan, 'utf8') });

    for (const w of written.filter((x) => x.where.includes('std'))) expectNoRawControls(w.text, w.where);
    for (const w of written) expect(w.text.includes(SECRET), `the token leaked into ${w.where}`).toBe(false);
  });

  it('the wizard in a pseudo-terminal shows the names escaped and never emits their sequences', async () => {
    const home = await tempDir('hostile-wizard');
    const t = spawnTerminal(process.execPath, [CLI], {
      cols: 120,
      rows: 40,
      cwd: home,
      env: { ...childEnv(emuEnv(emu)), ENTRA_VM_LOGIN_STATE_DIR: join(home, 'state') },
    });
    try {
      // The first screen asks what the admin came to do; the tenant's name in its title is escaped too.
      await t.waitForText('What would you like to do?', 30_000);
      t.press(KEYS.enter);
      await t.waitForText('Which VMs should accept Entra sign-in?', 30_000);
      await t.waitForText('0 of 6 selected');
      t.press('a');
      await t.waitForText('6 of 6 selected');
      expect(t.screen()).toContain('vm-\\x1B[2J');
      t.press(KEYS.enter);
      await t.waitForText('Identity and extension');
      t.press(KEYS.enter);
      await t.waitForText('Who should sign in to these VMs');
      t.type(HOSTILE.users.mallory.upn);
      await t.waitForText(`Add a user or group: ${HOSTILE.users.mallory.upn}`);
      t.press(KEYS.enter);
      // Added principals get Virtual Machine User Login unless the admin picks Administrator Login.
      await t.waitForText(`user  ${HOSTILE.users.mallory.upn}`);
      t.press(KEYS.ctrlC);
      await t.exited;
      const raw = t.raw();
      for (const seq of [...HOSTILE.sequences, '\u001b]0;owned\u0007', '\u202E']) {
        expect(raw.includes(seq), `the pty received ${JSON.stringify(seq)}`).toBe(false);
      }
      expect(raw.includes(SECRET)).toBe(false);
    } finally {
      t.kill();
    }
  }, 60_000);
});
