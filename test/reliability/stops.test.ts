/**
 * How runs end when the tenant stops cooperating (issue #12): a request that never answers, a sign-in lost in
 * the middle of apply, an install that keeps failing, a signal. Each case checks the exact line the admin
 * reads and the exit code; the signal cases run the built CLI as a process and time how long it takes to stop.
 */
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { captureIO } from '../cli/io';
import { KEYS, spawnTerminal } from '../e2e/terminal';
import { CLI, childEnv, emuEnv, ensureBuilt, journalLines, readPlan, spawnCli, tempDir, waitFor } from './harness';

let dir: string;
const emulators: RunningEmulator[] = [];

beforeAll(async () => {
  ensureBuilt();
  dir = await tempDir('stops');
});

afterEach(async () => {
  await Promise.all(emulators.splice(0).map((e) => e.close()));
});

async function emulator(faults = '', installMs = 30): Promise<RunningEmulator> {
  const emu = await startEmulator({ extensionInstallMs: installMs, faults });
  emulators.push(emu);
  return emu;
}

/** A plan with an identity, an extension install and a role assignment: vm-app-02 has no identity, erin no login role. */
async function savedPlan(emu: RunningEmulator, name: string): Promise<string> {
  const path = join(dir, `${name}.json`);
  const io = captureIO({ env: emuEnv(emu) });
  const code = await main(
    ['plan', '--vm', 'vm-app-02', '--user', DEMO.users.erin.upn, '--ca', 'none', '--out', path],
    io,
  );
  expect(code, io.err()).toBe(0);
  return path;
}

const putsTo = (emu: RunningEmulator, part: string) =>
  emu.log.requests().filter((r) => r.method === 'PUT' && r.path.toLowerCase().includes(part)).length;

describe('one owner for retries', () => {
  it('sends an install that keeps answering 500 at most 6 times, then reports it failed', async () => {
    const emu = await emulator();
    const plan = await savedPlan(emu, 'storm-500');
    emu.setFaults('500=1@PUT:/extensions/');
    emu.log.reset();
    const io = captureIO({ env: emuEnv(emu) });
    const code = await main(['apply', plan, '--yes'], io);
    expect(code, io.err()).toBe(1);
    expect(putsTo(emu, '/extensions/')).toBe(6);
    expect(io.err()).toMatch(/✖ Failed: a\d+ Install AADLoginForWindows on vm-app-02: Azure failed while installing/);
  }, 60_000);
});

describe('retries inside $batch', () => {
  it('are announced on stderr like any other retry', async () => {
    const emu = await emulator('429=1:times=1@/authentication/requirements');
    const io = captureIO({ env: emuEnv(emu) });
    const code = await main(['plan', '--vm', 'vm-web-01', '--user', DEMO.users.carol.upn, '--ca', 'none'], io);
    expect(code, io.err()).toBe(0);
    expect(io.err().split('\n')).toContain(
      `↻ $batch: 1 of 1 inner requests throttled (429) (GET /users/${DEMO.users.carol.id}/authentication/requirements): retrying`,
    );
  }, 30_000);
});

describe('a request that never answers', () => {
  it('ends plan within the timeout budget with one line naming what did not answer', async () => {
    const emu = await emulator('hang=1@GET:/providers/Microsoft.Compute/virtualMachines');
    const io = captureIO({ env: emuEnv(emu) });
    const started = Date.now();
    const code = await main(['plan', '--vm', 'vm-web-01', '--request-timeout', '1', '--ca', 'none'], io);
    const took = Date.now() - started;
    expect(code).toBe(2);
    expect(io.err()).toMatch(
      /^error: No answer within 1 s while reading virtual machines \/subscriptions\/[0-9a-f-]+$/m,
    );
    expect(io.err()).toMatch(/--request-timeout/);
    // Three request timeouts' worth of time per read, waits included, plus start-up.
    expect(took).toBeLessThan(6_000);
  }, 30_000);
});

describe('a sign-in lost during apply', () => {
  it('stops starting actions at once, journals the refused one as interrupted and says how to resume', async () => {
    const emu = await emulator();
    const plan = await savedPlan(emu, 'lost-sign-in');
    const actions = (await readPlan(plan)).actions;
    emu.setFaults('401=1@PUT:/roleAssignments/');
    const io = captureIO({ env: emuEnv(emu) });
    const code = await main(['apply', plan, '--yes', '--parallelism', '1'], io);
    expect(code, io.err()).toBe(3);
    const lines = io.err().split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^error: the sign-in expired or was revoked during apply \(The Azure sign-in was rejected while creating role assignments \(ExpiredAuthenticationToken\)\); \d of \d+ changes in place$/,
      ),
    );
    expect(lines).toContain(`  Sign in again (az login), then run 'entra-vm-login apply ${plan}' to resume.`);
    const journal = await journalLines(`${plan}.journal.jsonl`);
    const refused = journal.filter((l) => l.kind === 'assign-role' && l.event === 'interrupted');
    expect(refused).toHaveLength(1);
    // Nothing started after the 401: one role assignment PUT, no action left half-journalled.
    expect(putsTo(emu, '/roleassignments/')).toBe(1);
    const started = new Set(journal.filter((l) => l.event === 'started').map((l) => l.actionId));
    const ended = new Set(journal.filter((l) => l.event !== 'started').map((l) => l.actionId));
    expect([...started].filter((id) => !ended.has(id))).toEqual([]);
    expect(started.size).toBeLessThan(actions.length);

    // Signed in again: apply resumes and finishes.
    emu.setFaults('');
    const again = captureIO({ env: emuEnv(emu) });
    expect(await main(['apply', plan, '--yes'], again), again.err()).toBe(0);
  }, 60_000);
});

describe('signals', () => {
  it('Ctrl-C ends a plan that waits on a hanging request within 2 s', async () => {
    const emu = await emulator('hang=1@GET:/providers/Microsoft.Compute/virtualMachines');
    const run = spawnCli(['plan', '--vm', 'vm-web-01', '--ca', 'none'], childEnv(emuEnv(emu)), dir);
    await waitFor(() => emu.log.requests().some((r) => r.path.endsWith('/virtualMachines')), 'the hanging request');
    const sent = Date.now();
    run.child.kill('SIGINT');
    const { code } = await run.done;
    expect(Date.now() - sent).toBeLessThan(2_000);
    expect(code).toBe(130);
    expect(run.stderr()).toMatch(/^Interrupted: nothing was changed\.$/m);
  }, 30_000);

  it('Ctrl-C typed in a terminal ends a plan that waits on a hanging request within 2 s', async () => {
    const emu = await emulator('hang=1@GET:/providers/Microsoft.Compute/virtualMachines');
    const term = spawnTerminal(process.execPath, [CLI, 'plan', '--vm', 'vm-web-01', '--ca', 'none'], {
      env: childEnv(emuEnv(emu)),
      cwd: dir,
    });
    try {
      await waitFor(() => emu.log.requests().some((r) => r.path.endsWith('/virtualMachines')), 'the hanging request');
      const sent = Date.now();
      term.press(KEYS.ctrlC);
      const code = await term.exited;
      expect(Date.now() - sent).toBeLessThan(2_000);
      expect(code).toBe(130);
      await term.waitForText('Interrupted: nothing was changed.');
    } finally {
      term.kill();
    }
  }, 30_000);

  for (const [signal, exit] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal} during apply journals the action in flight and prints the resume line (exit ${exit})`, async () => {
      const emu = await emulator('', 60_000);
      const plan = await savedPlan(emu, `signal-${signal}`);
      emu.setFaults('hang=1@PUT:/extensions/');
      const run = spawnCli(['apply', plan, '--yes'], childEnv(emuEnv(emu)), dir);
      await waitFor(() => putsTo(emu, '/extensions/') > 0, 'the extension PUT');
      const sent = Date.now();
      run.child.kill(signal);
      const { code } = await run.done;
      expect(Date.now() - sent).toBeLessThan(2_000);
      expect(code, run.stderr()).toBe(exit);
      expect(run.stderr()).toMatch(
        new RegExp(
          `^Interrupted \\(\\d of \\d+ changes in place\\): run 'entra-vm-login apply ${plan}' again to resume\\.$`,
          'm',
        ),
      );
      const journal = await journalLines(`${plan}.journal.jsonl`);
      expect(journal.filter((l) => l.kind === 'install-extension').map((l) => l.event)).toEqual([
        'started',
        'interrupted',
      ]);
    }, 30_000);
  }
});

describe('emulator --faults', () => {
  it('names a bad rule as bad input', async () => {
    const io = captureIO();
    expect(await main(['emulator', '--faults', '429=0.1,teapot=1@GET:/x'], io)).toBe(2);
    expect(io.err()).toBe(
      "error: --faults: Unknown fault kind 'teapot' in 'teapot=1@GET:/x': use one of 401, 403, 404, 429, 500, 502, 503, 504, drop, hang, latency.\n" +
        '  A rule is kind=rate[:option…][@[METHOD:]/path-part], e.g. 429=0.1:retry-after=1 or 403=1@GET:/virtualNetworks/.\n',
    );
  });
});
