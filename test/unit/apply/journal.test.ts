import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  completedActionIds,
  type JournalEvent,
  JournalWriter,
  readJournal,
  redactSecrets,
  startedActionIds,
} from '../../../src/apply/journal';
import { UserError } from '../../../src/errors';

const DIGEST = 'sha256:aaaa';
let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evl-journal-'));
  path = join(dir, 'plan.json.journal.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ev = (actionId: string, event: JournalEvent['event'], extra: Partial<JournalEvent> = {}): JournalEvent => ({
  ts: '2026-11-22T10:00:00.000Z',
  planDigest: DIGEST,
  actionId,
  kind: 'assign-role',
  event,
  ...extra,
});

describe('JournalWriter and readJournal', () => {
  it('appends one JSON line per event and reads them back', async () => {
    const w = await JournalWriter.open(path);
    await w.append(ev('a1', 'started', { attempt: 1 }));
    await w.append(ev('a1', 'succeeded', { attempt: 1, message: 'Role assigned' }));
    await w.close();
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect(JSON.parse(text.split('\n')[0]!)).toEqual(ev('a1', 'started', { attempt: 1 }));
    expect(await readJournal(path, DIGEST)).toEqual([
      ev('a1', 'started', { attempt: 1 }),
      ev('a1', 'succeeded', { attempt: 1, message: 'Role assigned' }),
    ]);
  });

  it('keeps appends in call order when they are not awaited one by one', async () => {
    const w = await JournalWriter.open(path);
    await Promise.all(Array.from({ length: 50 }, (_, i) => w.append(ev(`a${i + 1}`, 'started'))));
    await w.close();
    expect((await readJournal(path, DIGEST)).map((e) => e.actionId)).toEqual(
      Array.from({ length: 50 }, (_, i) => `a${i + 1}`),
    );
  });

  it('returns no events when there is no journal', async () => {
    expect(await readJournal(path, DIGEST)).toEqual([]);
  });

  it('ignores a trailing partial line and cuts it off before appending', async () => {
    const whole = `${JSON.stringify(ev('a1', 'started'))}\n`;
    await writeFile(path, `${whole}{"ts":"2026-11-22T10:0`);
    expect(await readJournal(path, DIGEST)).toEqual([ev('a1', 'started')]);
    const w = await JournalWriter.open(path);
    await w.append(ev('a1', 'succeeded'));
    await w.close();
    expect(await readFile(path, 'utf8')).toBe(`${whole}${JSON.stringify(ev('a1', 'succeeded'))}\n`);
  });

  it('refuses the journal of another plan', async () => {
    await writeFile(path, `${JSON.stringify(ev('a1', 'started', { planDigest: 'sha256:bbbb' }))}\n`);
    const e = await readJournal(path, DIGEST).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).code).toBe('conflict');
    expect((e as UserError).message).toBe(
      `the apply journal ${path} belongs to another plan (sha256:bbbb), not this one (sha256:aaaa)`,
    );
  });

  it('refuses a damaged line in the middle', async () => {
    await writeFile(path, `${JSON.stringify(ev('a1', 'started'))}\nnot json\n${JSON.stringify(ev('a1', 'failed'))}\n`);
    const e = (await readJournal(path, DIGEST).catch((x: unknown) => x)) as UserError;
    expect(e.code).toBe('bad-input');
    expect(e.message).toBe(`the apply journal ${path} is damaged at line 2: not JSON`);
    await writeFile(path, `${JSON.stringify({ ...ev('a1', 'started'), event: 'exploded' })}\n`);
    const e2 = (await readJournal(path, DIGEST).catch((x: unknown) => x)) as UserError;
    expect(e2.message).toBe(`the apply journal ${path} is damaged at line 1: not a journal event`);
  });

  it('writes messages on one line with secrets masked', async () => {
    const w = await JournalWriter.open(path);
    await w.append(
      ev('a1', 'failed', {
        message: 'request failed\nAuthorization: Bearer eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl password=hunter2',
      }),
    );
    await w.close();
    const [e] = await readJournal(path, DIGEST);
    expect(e!.message).toBe('request failed Authorization: Bearer [redacted] password=[redacted]');
  });
});

describe('redactSecrets', () => {
  it('masks tokens, JWTs, secret parameters and SAS signatures', () => {
    expect(redactSecrets('token eyJhbGciOiJSUzI1.eyJzdWIiOiIxMjM0.sIgNaTuRe here')).toBe('token [redacted token] here');
    expect(redactSecrets('{"client_secret":"abc~123","x":1}')).toBe('{"client_secret":"[redacted]","x":1}');
    expect(redactSecrets('https://x.blob.core.windows.net/c?sv=2024&sig=AbC%2Bd')).toBe(
      'https://x.blob.core.windows.net/c?sv=2024&sig=[redacted]',
    );
    expect(redactSecrets('RoleAssignmentExists (code: Conflict)')).toBe('RoleAssignmentExists (code: Conflict)');
  });
});

describe('completedActionIds', () => {
  it('counts an action done when its last terminal event is succeeded or already-done', () => {
    const events = [
      ev('a1', 'started'),
      ev('a1', 'succeeded'),
      ev('a2', 'started'),
      ev('a3', 'started'),
      ev('a3', 'failed'),
      ev('a4', 'started'),
      ev('a4', 'already-done'),
      ev('a5', 'started'),
      ev('a5', 'failed'),
      ev('a5', 'started'),
      ev('a5', 'succeeded'),
      ev('a6', 'started'),
      ev('a6', 'interrupted'),
      ev('a7', 'skipped'),
    ];
    expect([...completedActionIds(events)].sort()).toEqual(['a1', 'a4', 'a5']);
    expect([...startedActionIds(events)].sort()).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
  });
});
