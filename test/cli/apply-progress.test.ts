/**
 * `apply` on a terminal keeps one live progress line (done/total, failures, retries, elapsed, time left) and
 * writes per-change lines only for failures and skips; without a terminal, one line per event as before.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { DEMO, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { duration, emptyCounts, progressLine } from '../../src/output/apply-progress';
import { emuEnv, readPlan, tempDir } from '../reliability/harness';
import { expectGolden } from '../unit/output/golden';
import { captureIO } from './io';

/** A fleet apply as the live line goes through it: start, mid-way with failures and retries, the end. */
const FLEET_MOMENTS: [Parameters<typeof progressLine>[0], number][] = [
  [emptyCounts(824), 1_000],
  [{ ...emptyCounts(824), done: 1, retries: 0 }, 4_000],
  [{ ...emptyCounts(824), done: 412, failed: 3, skipped: 2, retries: 17 }, 185_000],
  [{ ...emptyCounts(12_345), done: 10_001, failed: 123, skipped: 45, retries: 1_234 }, 3_725_000],
  [{ ...emptyCounts(824), done: 819, failed: 3, skipped: 2, retries: 17 }, 371_000],
];

describe('progressLine', () => {
  for (const width of [80, 120, 40]) {
    it(`fits ${width} columns with one to spare, at every moment of a fleet apply (golden)`, async () => {
      const lines = FLEET_MOMENTS.map(([c, ms]) => progressLine(c, ms, width));
      for (const l of lines) expect([...l].length, l).toBeLessThan(width);
      await expectGolden(`progress/apply-line.${width}.golden.txt`, `${lines.join('\n')}\n`);
    });
  }

  it('keeps done/total and failures however narrow, and drops elapsed time before the estimate', () => {
    const c = { ...emptyCounts(824), done: 412, failed: 3, skipped: 2, retries: 17 };
    expect(progressLine(c, 185_000, 65)).toBe('▶ 412/824 · 3 failed · 2 skipped · 17 retries · ~3m 01s left');
    expect(progressLine(c, 185_000, 20)).toBe('▶ 412/824 · 3 failed');
  });

  it('says done/total, failures, retries, elapsed and the time left at the pace so far', () => {
    const c = { ...emptyCounts(824), done: 400, failed: 2, retries: 5 };
    expect(progressLine(c, 61_000)).toBe('▶ 400/824 done · 2 failed · 5 retries · 1m 01s elapsed · about 1m 04s left');
  });

  it('gives no estimate before the first change finishes, nor after the last', () => {
    expect(progressLine(emptyCounts(3), 2_000)).toBe('▶ 0/3 done · 2s elapsed');
    expect(progressLine({ ...emptyCounts(1), done: 1, retries: 1 }, 3_600_000)).toBe(
      '▶ 1/1 done · 1 retry · 1h 00m elapsed',
    );
    expect(duration(59_400)).toBe('59s');
  });
});

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('apply progress', () => {
  it('on a terminal: one live line, not a line per change', async () => {
    emu = await startEmulator({ extensionInstallMs: 10 });
    const path = join(await tempDir('progress'), 'plan.json');
    const env = emuEnv(emu);
    const planIo = captureIO({ env });
    const args = ['--vm', 'vm-web-01', '--vm', 'vm-app-02', '--user', DEMO.users.carol.upn, '--ca', 'mfa'];
    expect(await main(['plan', ...args, '--disable-security-defaults', '--out', path], planIo), planIo.err()).toBe(0);
    const total = (await readPlan(path)).actions.length;
    expect(total).toBeGreaterThan(3);

    const io = captureIO({ env, tty: true });
    expect(await main(['apply', path, '--yes'], io), io.err()).toBe(0);
    const err = io.err();
    expect(err).toContain(`\r\x1b[2K▶ ${total}/${total} done`);
    expect(err).not.toMatch(/^… a1 /m);
    expect(err).not.toMatch(/^✔ .*: a1 /m);
  }, 60_000);
});
