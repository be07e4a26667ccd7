/**
 * File-system failures are the admin's to fix, never "a bug" (issue #12): a read-only folder for the plan or
 * the journal, a full disk while writing .rdp files after apply made its changes, a name too long for the file
 * system. The process runs as whatever user CI gives it (root ignores permissions), so read-only and full
 * disks are simulated by failing the file calls for marked paths with the error the kernel returns.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const failing = vi.hoisted(() => ({ rules: [] as { part: string; code: string; call: 'open' | 'writeFile' }[] }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const fail = (call: 'open' | 'writeFile', path: unknown) => {
    const rule = failing.rules.find((r) => r.call === call && String(path).includes(r.part));
    if (!rule) return;
    const e = new Error(`${rule.code}: simulated, ${call} '${String(path)}'`) as NodeJS.ErrnoException;
    Object.assign(e, { code: rule.code, syscall: call === 'open' ? 'open' : 'write', path: String(path) });
    throw e;
  };
  return {
    ...real,
    open: async (path: Parameters<typeof real.open>[0], ...rest: unknown[]) => {
      fail('open', path);
      return (real.open as (...a: unknown[]) => ReturnType<typeof real.open>)(path, ...rest);
    },
    writeFile: async (path: Parameters<typeof real.writeFile>[0], ...rest: unknown[]) => {
      fail('writeFile', path);
      return (real.writeFile as (...a: unknown[]) => ReturnType<typeof real.writeFile>)(path, ...rest);
    },
  };
});

const { main } = await import('../../src/commands/main');
const { DEMO, startEmulator } = await import('../../src/emulator/index');
const { captureIO } = await import('../cli/io');
const { emuEnv, tempDir } = await import('./harness');

let dir: string;
let emu: Awaited<ReturnType<typeof startEmulator>>;

beforeAll(async () => {
  dir = await tempDir('disk');
  emu = await startEmulator({ extensionInstallMs: 30 });
});

afterAll(async () => {
  await emu?.close();
});

const planArgs = (out: string) => [
  'plan',
  '--vm',
  'vm-web-01',
  '--user',
  DEMO.users.erin.upn,
  '--ca',
  'none',
  '--connection',
  'rdp-web-account',
  '--out',
  out,
];

async function run(argv: string[]) {
  const io = captureIO({ env: emuEnv(emu) });
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('file-system failures', () => {
  it('a read-only folder for the plan file (EROFS)', async () => {
    failing.rules = [{ part: 'read-only-plans', code: 'EROFS', call: 'open' }];
    const path = join(dir, 'read-only-plans', 'plan.json');
    const { code, err } = await run(planArgs(path));
    expect(code).toBe(2);
    expect(err.split('\n').slice(-3)).toEqual([
      `error: cannot write the plan file ${path} (EROFS)`,
      '  The file system is read-only: choose a folder on a writable file system.',
      '',
    ]);
    expect(err).not.toMatch(/bug/);
  });

  it('a read-only folder for the apply journal (EROFS): nothing is changed', async () => {
    failing.rules = [];
    const path = join(dir, 'journal-ro.json');
    expect((await run(planArgs(path))).code).toBe(0);
    failing.rules = [{ part: 'journal-ro.json.journal', code: 'EROFS', call: 'open' }];
    emu.log.reset();
    const { code, err } = await run(['apply', path, '--yes']);
    expect(code).toBe(2);
    expect(err.split('\n').slice(-3)).toEqual([
      `error: cannot write the apply journal ${path}.journal.jsonl (EROFS)`,
      '  The file system is read-only: apply keeps its journal next to the plan file: move the plan to a folder you can write to, then run apply again. Nothing was changed.',
      '',
    ]);
    expect(emu.log.writes()).toBe(0);
  });

  it('a full disk while writing .rdp files after apply (ENOSPC) still says the changes were made', async () => {
    failing.rules = [];
    const path = join(dir, 'full-disk.json');
    expect((await run(planArgs(path))).code).toBe(0);
    // .rdp files are written through an exclusively created temporary file, so the disk fills up on its open.
    failing.rules = [{ part: '.rdp', code: 'ENOSPC', call: 'open' }];
    const { code, out, err } = await run(['apply', path, '--yes']);
    expect(code).toBe(2);
    expect(out).toMatch(/^Apply complete: (\d+) of \1 changes in place\./m);
    expect(err.split('\n').slice(-3)).toEqual([
      `error: cannot write the .rdp file ${join(dir, 'vm-web-01.rdp')} (ENOSPC)`,
      expect.stringMatching(
        /^ {2}The disk is full: free some disk space, then run the command again\. The changes were made \((\d+) of \1 changes in place\); only the \.rdp files were not written\.$/,
      ),
      '',
    ]);
  });

  it('a file name too long for the file system (ENAMETOOLONG)', async () => {
    failing.rules = [];
    const path = join(dir, `${'p'.repeat(300)}.json`);
    const { code, err } = await run(planArgs(path));
    expect(code).toBe(2);
    expect(err.split('\n').slice(-3)).toEqual([
      `error: cannot write the plan file ${path} (ENAMETOOLONG)`,
      '  The file name or path is too long: use a shorter path.',
      '',
    ]);
  });
});
