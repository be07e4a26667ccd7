import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BugError, UserError } from '../../../src/errors';
import {
  canonicalJson,
  computeDigest,
  journalPathFor,
  parsePlanBytes,
  readPlanFile,
  serializePlan,
  verifyDigest,
  writePlanFile,
} from '../../../src/plan/plan-file';
import type { Plan } from '../../../src/plan/types';
import { fixturePlan } from '../../fixtures/plan';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evl-plan-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `f` and returns the UserError it throws (fails the test otherwise). */
async function userError(f: () => unknown): Promise<UserError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

function withContent(plan: Plan, change: (p: Record<string, unknown>) => void): string {
  const copy = JSON.parse(JSON.stringify(plan)) as Record<string, unknown>;
  change(copy);
  return `${JSON.stringify(copy, null, 2)}\n`;
}

describe('canonicalJson and the digest', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('ignores key order and the digest field itself', () => {
    const plan = fixturePlan();
    const reordered = Object.fromEntries(Object.entries(plan).reverse()) as unknown as Plan;
    expect(computeDigest(reordered)).toBe(plan.digest);
    expect(computeDigest({ ...plan, digest: 'sha256:whatever' })).toBe(plan.digest);
  });

  it('verifyDigest detects a changed value', () => {
    const plan = fixturePlan();
    expect(verifyDigest(plan)).toBe(true);
    expect(verifyDigest({ ...plan, tenantId: 'other' })).toBe(false);
  });
});

describe('writePlanFile / readPlanFile', () => {
  it('round-trips the plan and writes exactly the JSON rendering', async () => {
    const plan = fixturePlan();
    const path = join(dir, 'plan.json');
    await writePlanFile(path, plan);
    expect(await readPlanFile(path)).toEqual(plan);
    expect(await readFile(path, 'utf8')).toBe(serializePlan(plan));
    expect(await readdir(dir)).toEqual(['plan.json']);
  });

  it('replaces an existing file whole', async () => {
    const path = join(dir, 'plan.json');
    await writeFile(path, 'x'.repeat(100_000));
    await writePlanFile(path, fixturePlan());
    expect(await readPlanFile(path)).toEqual(fixturePlan());
  });

  it('refuses to write a plan whose digest does not match', async () => {
    await expect(writePlanFile(join(dir, 'p.json'), { ...fixturePlan(), tenantId: 'x' })).rejects.toThrow(BugError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a directory that cannot be written as a UserError', async () => {
    const e = await userError(() => writePlanFile(join(dir, 'missing', 'plan.json'), fixturePlan()));
    expect(e.code).toBe('bad-input');
    expect(e.message).toBe(`cannot write the plan file ${join(dir, 'missing', 'plan.json')} (ENOENT)`);
  });

  it('moves aside the journal of another plan and keeps the journal of the same plan', async () => {
    const path = join(dir, 'plan.json');
    const plan = fixturePlan();
    const line = (digest: string) =>
      `${JSON.stringify({ ts: 't', planDigest: digest, actionId: 'a1', kind: 'assign-role', event: 'started' })}\n`;
    await writeFile(journalPathFor(path), line(plan.digest));
    await writePlanFile(path, plan);
    expect(await readFile(journalPathFor(path), 'utf8')).toBe(line(plan.digest));

    await writeFile(journalPathFor(path), line('sha256:older'));
    await writePlanFile(path, plan);
    const names = (await readdir(dir)).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('plan.json');
    expect(names[1]).toMatch(/^plan\.json\.journal\.\d{8}T\d{6}Z\.jsonl$/);
    expect(await readFile(join(dir, names[1]!), 'utf8')).toBe(line('sha256:older'));
  });
});

describe('refusing damaged plan files', () => {
  const plan = fixturePlan();

  it('refuses a changed value as plan-tampered', async () => {
    const path = join(dir, 'plan.json');
    await writeFile(path, serializePlan(plan).replace('vm-users', 'vm-usert'));
    const e = await userError(() => readPlanFile(path));
    expect(e.code).toBe('plan-tampered');
    expect(e.message).toBe('plan file was modified after it was written');
    expect(e.hint).toBe('Run `entra-vm-login plan` again to make a fresh plan, review it, then apply that file.');
    expect(e.exitCode).toBe(2);
  });

  it.each([
    ['a different target', (p: Record<string, unknown>) => ((p.actions as { target: string }[])[0]!.target += 'x')],
    ['a removed action', (p: Record<string, unknown>) => (p.actions as unknown[]).pop()],
    [
      'a dropped dependency',
      (p: Record<string, unknown>) => ((p.actions as { dependsOn: string[] }[])[2]!.dependsOn = []),
    ],
    ['policy turned on', (p: Record<string, unknown>) => ((p.answers as { caState: string }).caState = 'on')],
    ['another kind', (p: Record<string, unknown>) => ((p.actions as { kind: string }[])[0]!.kind = 'assign-role')],
    ['an added field', (p: Record<string, unknown>) => (p.extra = true)],
  ])('refuses %s as plan-tampered', (_name, change) => {
    const e = (() => {
      try {
        parsePlanBytes(Buffer.from(withContent(plan, change)), 'plan.json');
      } catch (err) {
        return err as UserError;
      }
      throw new Error('accepted');
    })();
    expect(e.code).toBe('plan-tampered');
  });

  it('refuses every single flipped byte; a flip inside a string value is plan-tampered', () => {
    const bytes = Buffer.from(serializePlan(plan));
    const valueBytes = stringValueByteRanges(bytes);
    let tampered = 0;
    const wrong: string[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const copy = Buffer.from(bytes);
      copy[i] = copy[i]! ^ 0x01;
      let error: unknown;
      try {
        parsePlanBytes(copy, 'plan.json');
      } catch (e) {
        error = e;
      }
      if (!(error instanceof UserError) || error.exitCode !== 2) wrong.push(`byte ${i}: accepted or not a UserError`);
      else if (valueBytes.has(i)) {
        if (error.code === 'plan-tampered') tampered++;
        else wrong.push(`byte ${i}: ${error.code}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(tampered).toBeGreaterThan(2000);
  });

  it('refuses an unknown version naming it', async () => {
    for (const version of [2, 7]) {
      const text = withContent(plan, (p) => {
        p.version = version;
      });
      const e = await userError(() => parsePlanBytes(Buffer.from(text), 'plan.json'));
      expect(e.code).toBe('plan-version');
      expect(e.message).toBe(`plan version ${version} is not supported: this tool reads version 1`);
    }
  });

  it('refuses an empty file', async () => {
    const path = join(dir, 'empty.json');
    await writeFile(path, '');
    const e = await userError(() => readPlanFile(path));
    expect(e.code).toBe('plan-invalid');
    expect(e.message).toBe(`${path} is not a plan file: the file is empty`);
    await writeFile(path, ' \n\t\n');
    expect((await userError(() => readPlanFile(path))).message).toBe(`${path} is not a plan file: the file is empty`);
  });

  it('refuses a binary file', async () => {
    const path = join(dir, 'plan.json.gz');
    await writeFile(path, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x7b]));
    const e = await userError(() => readPlanFile(path));
    expect(e.code).toBe('plan-invalid');
    expect(e.message).toBe(`${path} is not a plan file: the file is binary, not JSON`);
  });

  it('refuses a file truncated at any point', () => {
    const text = serializePlan(plan);
    // The last byte is the final newline: without it the plan is whole and still valid.
    for (let cut = 1; cut < text.length - 1; cut += 7) {
      const e = (() => {
        try {
          parsePlanBytes(Buffer.from(text.slice(0, cut)), 'p.json');
        } catch (err) {
          return err as UserError;
        }
        throw new Error(`accepted a cut at ${cut}`);
      })();
      expect(e.code).toBe('plan-invalid');
      expect(e.message, `cut at ${cut}`).toBe('p.json is not a plan file: the file is truncated (its JSON ends early)');
    }
  });

  it('refuses text that is not JSON, and JSON that is not a plan object', async () => {
    const notJson = await userError(() => parsePlanBytes(Buffer.from('version: 1\n'), 'p.yaml'));
    expect(notJson.code).toBe('plan-invalid');
    expect(notJson.message).toMatch(/^p\.yaml is not a plan file: it is not valid JSON \(Unexpected token/);
    const array = await userError(() => parsePlanBytes(Buffer.from('[1]'), 'p.json'));
    expect(array.message).toBe('p.json is not a plan file: it holds JSON, but not a plan object');
    const noVersion = await userError(() => parsePlanBytes(Buffer.from('{"a":1}'), 'p.json'));
    expect(noVersion.message).toBe('p.json is not a plan file: it has no version field');
    const noDigest = await userError(() => parsePlanBytes(Buffer.from('{"version":1}'), 'p.json'));
    expect(noDigest.message).toBe('p.json is not a plan file: it has no digest');
  });

  it('refuses a missing file', async () => {
    const path = join(dir, 'nope.json');
    const e = await userError(() => readPlanFile(path));
    expect(e.code).toBe('plan-invalid');
    expect(e.message).toBe(`${path} is not a plan file: the file does not exist`);
  });

  it('checks the schema of a plan with a matching digest', async () => {
    const bad = JSON.parse(serializePlan(plan)) as Record<string, unknown>;
    (bad.actions as { kind: string }[])[1]!.kind = 'reboot-vm';
    bad.digest = computeDigest(bad);
    const e = await userError(() => parsePlanBytes(Buffer.from(JSON.stringify(bad)), 'p.json'));
    expect(e.code).toBe('plan-invalid');
    expect(e.message).toMatch(/^p\.json is not a plan file: actions\.1\.kind: /);
  });

  it('checks that dependsOn and fixedBy name actions of the plan', async () => {
    const bad = JSON.parse(serializePlan(plan)) as Record<string, unknown>;
    (bad.findings as { fixedBy: string[] }[])[0]!.fixedBy = ['a99'];
    bad.digest = computeDigest(bad);
    const e = await userError(() => parsePlanBytes(Buffer.from(JSON.stringify(bad)), 'p.json'));
    expect(e.message).toBe('p.json is not a plan file: findings.0.fixedBy: names unknown action a99');
  });
});

/** Byte offsets of plain characters inside JSON string values (not keys, not escapes). */
function stringValueByteRanges(bytes: Buffer): Set<number> {
  const out = new Set<number>();
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] !== 0x22) {
      i++;
      continue;
    }
    const start = i + 1;
    const plain: number[] = [];
    let end = start;
    while (bytes[end] !== 0x22) {
      if (bytes[end] === 0x5c)
        end += 2; // an escape sequence: flipping it is a syntax error, not a value change
      else plain.push(end++);
    }
    let next = end + 1;
    while (bytes[next] === 0x20) next++;
    if (bytes[next] !== 0x3a) for (const k of plain) out.add(k);
    i = end + 1;
  }
  return out;
}
