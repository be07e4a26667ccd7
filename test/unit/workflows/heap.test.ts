import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { releaseDiscoveryGarbage } from '../../../src/workflows/heap';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('releaseDiscoveryGarbage', () => {
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
    releaseDiscoveryGarbage();
    await nextTurn();
    expect(ref.deref()).toBeUndefined();
  });

  it('records how long the collection took as a bench mark', () => {
    process.env.ENTRA_VM_LOGIN_BENCH_MARKS = marks;
    releaseDiscoveryGarbage();
    expect(readFileSync(marks, 'utf8')).toMatch(/^discovery-gc-ms \d+\.\d\n$/);
  });
});
