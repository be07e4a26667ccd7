/**
 * The apply journal: one JSON line per event, next to the plan file, appended and fsynced
 * before the executor moves on, so a killed process loses nothing it already reported. Resume reads it back.
 * Messages are one-line user-facing texts (UserError messages); anything that looks like a credential is
 * masked before it reaches the disk.
 */
import { type FileHandle, lstat } from 'node:fs/promises';
import { UserError } from '../errors';
import { fileSystemError, onDisk } from '../fs-errors';
import { openAppendNoFollow, readFileNoFollow } from '../plan/safe-files';
import { ACTION_KINDS, type ActionKind } from '../plan/types';
import { redact } from '../redact';

export const JOURNAL_EVENTS = ['started', 'succeeded', 'already-done', 'failed', 'skipped', 'interrupted'] as const;
export type JournalEventName = (typeof JOURNAL_EVENTS)[number];
const TERMINAL: ReadonlySet<JournalEventName> = new Set([
  'succeeded',
  'already-done',
  'failed',
  'skipped',
  'interrupted',
]);

export interface JournalEvent {
  ts: string;
  planDigest: string;
  actionId: string;
  kind: ActionKind;
  event: JournalEventName;
  attempt?: number;
  message?: string;
}

/** Masks credentials in a journal message: the shapes of tokens and the values of this run's tokens. */
export const redactSecrets = redact;

/** Append-only writer. Appends are serialized: each resolves after its line is on disk. */
export class JournalWriter {
  private queue: Promise<void> = Promise.resolve();
  private constructor(
    private readonly handle: FileHandle,
    readonly path: string,
  ) {}

  /**
   * Opens (creating) the journal. A trailing partial line from a crash mid-write is cut off first, so the
   * next event starts on a line of its own.
   */
  static async open(path: string): Promise<JournalWriter> {
    return onDisk(
      'write the apply journal',
      path,
      async () => {
        // Never through a symbolic link planted at the journal's path: it would redirect the writes elsewhere.
        const handle = await openAppendNoFollow(path).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'ELOOP') throw e;
          throw new UserError(
            'bad-input',
            `cannot write the apply journal ${path} (it is a symbolic link)`,
            'Move that link away: apply keeps its journal next to the plan file and does not follow links.',
          );
        });
        try {
          await dropPartialTail(handle);
        } catch (e) {
          await handle.close();
          throw e;
        }
        return new JournalWriter(handle, path);
      },
      'Apply keeps its journal next to the plan file: move the plan to a folder you can write to, then run apply again. Nothing was changed.',
    );
  }

  append(event: JournalEvent): Promise<void> {
    const clean: JournalEvent =
      event.message === undefined ? event : { ...event, message: redactSecrets(oneLine(event.message)) };
    const line = `${JSON.stringify(clean)}\n`;
    const next = this.queue.then(async () => {
      await this.handle.write(line);
      await this.handle.sync();
    });
    // A failed write must not wedge later appends; the caller of this append still sees the failure.
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.handle.close();
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

async function dropPartialTail(handle: FileHandle): Promise<void> {
  const { size } = await handle.stat();
  if (size === 0) return;
  const { buffer, bytesRead } = await handle.read(Buffer.alloc(size), 0, size, 0);
  const text = buffer.subarray(0, bytesRead);
  if (text[text.length - 1] === 0x0a) return;
  await handle.truncate(text.lastIndexOf(0x0a) + 1);
}

function journalDamaged(path: string, line: number, why: string): UserError {
  return new UserError(
    'bad-input',
    `the apply journal ${path} is damaged at line ${line}: ${why}`,
    'Delete the journal and run apply again: actions already done are detected and not repeated.',
  );
}

/**
 * Events of the journal at `path` ([] when there is none). A trailing line without its newline is a write
 * cut short by a crash and is ignored. Throws `UserError` when a complete line is not an event, or when the
 * journal belongs to a plan with another digest (the plan file was replaced since that apply).
 */
export async function readJournal(path: string, planDigest: string): Promise<JournalEvent[]> {
  // No journal yet is the common case; lstat also never follows a link, so only a real file is opened.
  if (!(await lstat(path).catch(() => undefined))) return [];
  let text: string;
  try {
    text = (await readFileNoFollow(path)).toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code === 'ELOOP') {
      throw new UserError(
        'bad-input',
        `cannot read the apply journal ${path} (it is a symbolic link)`,
        'Move that link away: apply keeps its journal next to the plan file and does not follow links.',
      );
    }
    throw fileSystemError(e, 'read the apply journal', path);
  }
  const lines = text.split('\n');
  lines.pop(); // '' after the final newline, or a partial line
  const events: JournalEvent[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      throw journalDamaged(path, i + 1, 'not JSON');
    }
    if (!isJournalEvent(e)) throw journalDamaged(path, i + 1, 'not a journal event');
    if (e.planDigest !== planDigest) {
      throw new UserError(
        'conflict',
        `the apply journal ${path} belongs to another plan (${e.planDigest}), not this one (${planDigest})`,
        'Apply the plan that journal belongs to, or move the journal away to apply this plan from the start.',
      );
    }
    events.push(e);
  });
  return events;
}

function isJournalEvent(e: unknown): e is JournalEvent {
  const o = e as Partial<JournalEvent> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.ts === 'string' &&
    typeof o.planDigest === 'string' &&
    typeof o.actionId === 'string' &&
    (ACTION_KINDS as readonly string[]).includes(o.kind as string) &&
    (JOURNAL_EVENTS as readonly string[]).includes(o.event as string) &&
    (o.attempt === undefined || typeof o.attempt === 'number') &&
    (o.message === undefined || typeof o.message === 'string')
  );
}

/** Actions whose last terminal event is `succeeded` or `already-done`: a resume does not run them again. */
export function completedActionIds(events: readonly JournalEvent[]): Set<string> {
  const last = new Map<string, JournalEventName>();
  for (const e of events) if (TERMINAL.has(e.event)) last.set(e.actionId, e.event);
  const done = new Set<string>();
  for (const [id, event] of last) if (event === 'succeeded' || event === 'already-done') done.add(id);
  return done;
}

/** Actions with at least one `started` event: their writes may have moved the resources they target. */
export function startedActionIds(events: readonly JournalEvent[]): Set<string> {
  return new Set(events.filter((e) => e.event === 'started').map((e) => e.actionId));
}
