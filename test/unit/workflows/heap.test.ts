import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { collectGarbage } from '../../../src/workflows/heap';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('collectGarbage', () => {
  const marks = join(tmpdir(), `heap-test-marks-${process.pid}.txt`);
  afterEach(() => {
    delete process.env.ENTRA_VM_LOGIN_BENCH_MARKS;
    rmSync(marks, { force: true });
  });

  it('collects an object nothing refers to any more', async () => {
    let page: { vms: string[] } | undefined = { vms: Array.from({ length: 10_000 }, (_, i) => `vm-${i}`) };
    const ref = new WeakRef(page);
    page = undefined;
    // A WeakRef keeps its target for the rest of the job that made or read it.
    await nextTurn();
    collectGarbage('after-discovery');
    await nextTurn();
    expect(ref.deref()).toBeUndefined();
  });

  it('thoroughly, gives back what the young generation grew to', () => {
    const youngMb = () =>
      (getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0) / 1024 / 1024;
    // Objects that survive young collections make V8 grow the young generation, as discovery's pages in flight do.
    let survivors: { i: number; name: string }[] | null = [];
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 100_000; i++) survivors.push({ i, name: `vm-${i}` });
      if (survivors.length > 1_000_000) survivors = survivors.slice(-200_000);
    }
    const grown = youngMb();
    survivors = null;
    expect(grown).toBeGreaterThanOrEqual(8);
    collectGarbage('after-discovery', true);
    expect(youngMb()).toBeLessThanOrEqual(grown / 4);
  });

  it('records how long the collection took as a bench mark', () => {
    process.env.ENTRA_VM_LOGIN_BENCH_MARKS = marks;
    collectGarbage('before-discovery');
    collectGarbage('after-discovery');
    expect(readFileSync(marks, 'utf8')).toMatch(/^gc-before-discovery-ms \d+\.\d\ngc-after-discovery-ms \d+\.\d\n$/);
  });
});
