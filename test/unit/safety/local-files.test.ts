import { lstat, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalWriter, readJournal } from '../../../src/apply/journal';
import { rdpFileName, rdpFileProblem } from '../../../src/checks/rdp-file';
import { parseAnswers } from '../../../src/plan/answers';
import { readPlanFile, serializePlan, writePlanFile } from '../../../src/plan/plan-file';
import type { Snapshot } from '../../../src/plan/snapshot';
import { writeRdpFiles } from '../../../src/workflows/predictions';
import { makePlan } from '../../fixtures/plan';
import { windowsVm } from '../../steps/steps-4-6/fixtures';

const dir = () => mkdtemp(join(tmpdir(), 'evl-files-'));

describe('.rdp file names and values', () => {
  const vm = (name: string) => ({
    id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
  });

  it('keeps an allow-listed name and replaces anything else, adding a short hash of the resource id', () => {
    expect(rdpFileName(vm('vm-web-01'))).toBe('vm-web-01.rdp');
    expect(rdpFileName(vm('../../etc/passwd'))).toMatch(/^__\.\._etc_passwd-[0-9a-f]{8}\.rdp$/);
    expect(rdpFileName(vm('vm\u001b[31m'))).toMatch(/^vm__31m-[0-9a-f]{8}\.rdp$/);
    expect(rdpFileName(vm('a'.repeat(300))).length).toBeLessThanOrEqual(64 + 13);
    expect(rdpFileName(vm('.hidden'))).toMatch(/^_hidden-[0-9a-f]{8}\.rdp$/);
    expect(rdpFileName(vm('VM-1'), '', new Set(['vm-1.rdp']))).toMatch(/^VM-1-[0-9a-f]{8}\.rdp$/);
  });

  it('refuses host names that are not DNS names, CR and LF above all', () => {
    const base = { name: 'vm1', computerName: 'vm1' };
    expect(rdpFileProblem({ vm: base, method: 'rdp-web-account' })).toBeUndefined();
    expect(
      rdpFileProblem({
        vm: { ...base, computerName: 'vm1\r\nalternate shell:s:cmd.exe /c calc' },
        method: 'rdp-web-account',
      }),
    ).toMatch(/not a valid DNS name/);
    expect(rdpFileProblem({ vm: base, method: 'rdp-password', upn: 'a@b.c\r\ndrivestoredirect:s:*' })).toMatch(/UPN/);
  });

  it('writes no .rdp file for a VM nobody can sign in to yet: stopped, extension failed or missing', async () => {
    const d = await dir();
    const ok = windowsVm('vm-ok');
    const stopped = windowsVm('vm-stopped', { powerState: 'deallocated' });
    const failed = windowsVm('vm-failed');
    failed.extensions = [{ ...failed.extensions[0]!, provisioningState: 'Failed' }];
    const bare = windowsVm('vm-bare', { extensions: [] });
    const snapshot = { vms: [ok, stopped, failed, bare] } as unknown as Snapshot;
    const result = await writeRdpFiles(snapshot, parseAnswers({ connections: ['rdp-web-account'] }), d);
    expect(result.written.map((p) => p.slice(d.length + 1))).toEqual(['vm-ok.rdp']);
    expect(result.skipped).toEqual([
      'vm-stopped: it is not running, so no .rdp file',
      'vm-failed: its AADLoginForWindows extension is failed, so no .rdp file',
      'vm-bare: its AADLoginForWindows extension is not installed, so no .rdp file',
    ]);
  });

  it('writes inside the directory only, replaces a planted symlink without following it, and skips bad values', async () => {
    const d = await dir();
    const outside = join(d, '..', `evl-outside-${process.pid}.txt`);
    await writeFile(outside, 'keep');
    const good = windowsVm('vm-good');
    const sneaky = windowsVm('../escape', { computerName: 'escape' });
    const crlf = windowsVm('vm-crlf', { computerName: 'x\r\nalternate shell:s:calc' });
    await symlink(outside, join(d, 'vm-good.rdp'));
    const snapshot = { vms: [good, sneaky, crlf] } as unknown as Snapshot;
    const result = await writeRdpFiles(snapshot, parseAnswers({ connections: ['rdp-web-account'] }), d);
    expect(result.written).toHaveLength(2);
    for (const p of result.written) expect(p.startsWith(`${d}/`) && !p.slice(d.length + 1).includes('/')).toBe(true);
    expect(result.skipped).toEqual([expect.stringMatching(/^vm-crlf: the host name .* is not a valid DNS name$/)]);
    expect(await readFile(outside, 'utf8')).toBe('keep');
    expect((await lstat(join(d, 'vm-good.rdp'))).isSymbolicLink()).toBe(false);
    expect(await readFile(join(d, 'vm-good.rdp'), 'utf8')).toBe('full address:s:vm-good\r\nenablerdsaadauth:i:1\r\n');
    expect((await readdir(d)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('plan and journal never follow a planted symbolic link', () => {
  it('the journal refuses to open or read through a link, and the link target is untouched', async () => {
    const d = await dir();
    const target = join(d, 'target');
    await writeFile(target, 'keep');
    const journal = join(d, 'plan.json.journal.jsonl');
    await symlink(target, journal);
    await expect(JournalWriter.open(journal)).rejects.toThrow(/is a symbolic link/);
    await expect(readJournal(journal, 'sha256:x')).rejects.toThrow(/symbolic link/);
    expect(await readFile(target, 'utf8')).toBe('keep');
  });

  it('writing a plan replaces a link at its path; reading a plan through a link is refused', async () => {
    const d = await dir();
    const target = join(d, 'target');
    await writeFile(target, 'keep');
    const path = join(d, 'plan.json');
    await symlink(target, path);
    const plan = makePlan([]);
    await writePlanFile(path, plan);
    expect(await readFile(target, 'utf8')).toBe('keep');
    expect(await readFile(path, 'utf8')).toBe(serializePlan(plan));
    const link = join(d, 'link.json');
    await symlink(path, link);
    await expect(readPlanFile(link)).rejects.toThrow(/symbolic link/);
  });
});
