import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('records how long the collection took as a bench mark', () => {
    process.env.ENTRA_VM_LOGIN_BENCH_MARKS = marks;
    collectGarbage('before-discovery');
    collectGarbage('after-discovery');
    expect(readFileSync(marks, 'utf8')).toMatch(/^gc-before-discovery-ms \d+\.\d\ngc-after-discovery-ms \d+\.\d\n$/);
  });
});
