import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireApplyLock, lockPathFor } from '../../../src/apply/lock';
import { UserError } from '../../../src/errors';

const dir = () => mkdtemp(join(tmpdir(), 'evl-lock-'));

describe('the apply lock', () => {
  it('is exclusive, records its holder, and a second taker is refused naming it', async () => {
    const plan = join(await dir(), 'plan.json');
    const first = await acquireApplyLock(plan, { by: 'apply', pid: process.pid, host: 'h1' });
    const recorded = JSON.parse(await readFile(lockPathFor(plan), 'utf8'));
    expect(recorded).toMatchObject({ pid: process.pid, host: 'h1', by: 'apply' });
    expect(Date.parse(recorded.startedAt)).not.toBeNaN();
    const second = acquireApplyLock(plan, { by: 'wizard', host: 'h1' });
    await expect(second).rejects.toMatchObject({ code: 'apply-locked', exitCode: 2 });
    await expect(second).rejects.toThrow(`apply pid ${process.pid} on h1, started ${recorded.startedAt}`);
    await first.release();
    const third = await acquireApplyLock(plan, { by: 'apply', host: 'h1' });
    expect(third.tookOverFrom).toBeUndefined();
    await third.release();
  });

  it('takes over a lock whose process is gone on this host, and never one held on another host', async () => {
    const plan = join(await dir(), 'plan.json');
    const dead = { pid: 999_999, host: 'h1', startedAt: '2026-01-01T00:00:00.000Z', by: 'apply' };
    await writeFile(lockPathFor(plan), JSON.stringify(dead));
    const lock = await acquireApplyLock(plan, { by: 'apply', host: 'h1', isAlive: () => false });
    expect(lock.tookOverFrom).toEqual(dead);
    await lock.release();

    await writeFile(lockPathFor(plan), JSON.stringify({ ...dead, host: 'elsewhere' }));
    await expect(acquireApplyLock(plan, { by: 'apply', host: 'h1', isAlive: () => false })).rejects.toThrow(
      /on elsewhere/,
    );
  });

  it('two takers of one dead lock: exactly one wins', async () => {
    const plan = join(await dir(), 'plan.json');
    await writeFile(
      lockPathFor(plan),
      JSON.stringify({ pid: 999_999, host: 'h1', startedAt: '2026-01-01T00:00:00.000Z', by: 'apply' }),
    );
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((pid) => acquireApplyLock(plan, { by: 'apply', pid, host: 'h1', isAlive: (p) => p < 10 })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(UserError);
  });

  it('release removes only its own lock', async () => {
    const plan = join(await dir(), 'plan.json');
    const lock = await acquireApplyLock(plan, { by: 'apply', host: 'h1' });
    const other = JSON.stringify({ pid: 1, host: 'h2', startedAt: 'x', by: 'wizard' });
    await writeFile(lockPathFor(plan), other);
    await lock.release();
    expect(await readFile(lockPathFor(plan), 'utf8')).toBe(other);
  });

  it('refuses a symbolic link planted at the lock path, and does not touch its target', async () => {
    const d = await dir();
    const plan = join(d, 'plan.json');
    const target = join(d, 'precious');
    await writeFile(target, 'keep');
    await symlink(target, lockPathFor(plan));
    await expect(acquireApplyLock(plan, { by: 'apply' })).rejects.toThrow(/symbolic link/);
    expect(await readFile(target, 'utf8')).toBe('keep');
  });
});
