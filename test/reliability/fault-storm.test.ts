/**
 * Fault storms (issue #8.2): 10% 429 with Retry-After, 5% 503 and 2% dropped connections on every endpoint.
 * `plan` must produce the same plan as on a calm tenant and `apply` the same final state; the retries it
 * needed are reported on stderr.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/commands/main';
import { type LogEntry, type RunningEmulator, startEmulator } from '../../src/emulator/index';
import { captureIO } from '../cli/io';
import { BIG_PLAN_ARGS, duplicates, emuEnv, normalState, readPlan, tempDir } from './harness';

const STORM = '429=0.1:retry-after=1,503=0.05,drop=0.02';

let calm: RunningEmulator;
let storm: RunningEmulator;
let dir: string;

beforeAll(async () => {
  dir = await tempDir('storm');
  [calm, storm] = await Promise.all([
    startEmulator({ extensionInstallMs: 30 }),
    startEmulator({ extensionInstallMs: 30, faults: STORM, seed: 7 }),
  ]);
});

afterAll(async () => {
  await Promise.all([calm?.close(), storm?.close()]);
});

function injected(entries: LogEntry[]): { throttled: number; unavailable: number; dropped: number } {
  const all = entries.flatMap((e) => [e, ...(e.inner ?? [])]);
  return {
    throttled: all.filter((e) => e.status === 429).length,
    unavailable: all.filter((e) => e.status === 503).length,
    dropped: all.filter((e) => e.status === 0).length,
  };
}

const retryNotices = (stderr: string) =>
  stderr.split('\n').filter((l) => /^↻ (GET|PUT|POST|PATCH|DELETE) \S+ .*: retrying$/.test(l)).length;

const topLevelFaults = (entries: LogEntry[]) => entries.filter((e) => [0, 429, 503].includes(e.status)).length;

describe('fault storm', () => {
  it('plans and applies exactly as on a calm tenant, retrying what failed', async () => {
    const calmPlan = join(dir, 'calm.json');
    const stormPlan = join(dir, 'storm.json');
    const calmIO = captureIO({ env: emuEnv(calm) });
    const stormIO = captureIO({ env: emuEnv(storm) });
    const [calmCode, stormCode] = await Promise.all([
      main([...BIG_PLAN_ARGS, '--out', calmPlan], calmIO),
      main([...BIG_PLAN_ARGS, '--out', stormPlan], stormIO),
    ]);
    expect(calmCode, calmIO.err()).toBe(0);
    expect(stormCode, stormIO.err()).toBe(0);
    const a = await readPlan(calmPlan);
    const b = await readPlan(stormPlan);
    expect(b.actions).toEqual(a.actions);
    expect(b.findings).toEqual(a.findings);
    expect(b.fingerprint).toEqual(a.fingerprint);
    const planFaults = injected(storm.log.requests());
    // Every faulted HTTP attempt is reported as retried (faults inside a $batch are retried without a line).
    expect(retryNotices(stormIO.err())).toBe(topLevelFaults(storm.log.requests()));
    expect(retryNotices(calmIO.err())).toBe(0);

    storm.log.reset();
    const calmApply = captureIO({ env: emuEnv(calm) });
    const stormApply = captureIO({ env: emuEnv(storm) });
    const [c1, c2] = await Promise.all([
      main(['apply', calmPlan, '--yes'], calmApply),
      main(['apply', stormPlan, '--yes'], stormApply),
    ]);
    expect(c1, calmApply.err()).toBe(0);
    expect(c2, stormApply.err()).toBe(0);
    const after = normalState(storm.state);
    expect(after).toEqual(normalState(calm.state));
    expect(duplicates(after.roleAssignments)).toEqual([]);
    expect(duplicates(after.servicePrincipals)).toEqual([]);
    expect(duplicates(after.caPolicies.map(([n]) => n))).toEqual([]);

    const applyFaults = injected(storm.log.requests());
    const retryLines = stormApply
      .err()
      .split('\n')
      .filter((l) => l.startsWith('↻ ')).length;
    const applyNotices = retryNotices(stormApply.err());
    expect(applyNotices).toBe(topLevelFaults(storm.log.requests()));
    const total = (f: typeof planFaults) => f.throttled + f.unavailable + f.dropped;
    // The storm really happened, on both commands, with every kind of fault.
    expect(total(planFaults)).toBeGreaterThan(0);
    expect(applyFaults.throttled).toBeGreaterThan(0);
    expect(applyFaults.unavailable + applyFaults.dropped).toBeGreaterThan(0);
    expect(retryLines).toBeGreaterThan(0);
    expect(stormApply.err()).not.toMatch(/\n\s+at /);
    console.info(
      `[reliability] fault storm: plan ${JSON.stringify(planFaults)}, apply ${JSON.stringify(applyFaults)}, ` +
        `retry lines on plan's stderr: ${retryNotices(stormIO.err())}, on apply's: ${retryLines} ` +
        `(${applyNotices} request retries, ${retryLines - applyNotices} action retries)`,
    );
  }, 60_000);
});
