/**
 * One apply per plan at a time. Two applies of the same plan would both pass the "does the policy exist yet"
 * checks and both write, and would interleave their lines in one journal. The lock is a file next to the plan,
 * created atomically (O_CREAT|O_EXCL, which also refuses a planted symbolic link) and holding who took it:
 * process id, host and start time, so that a refusal names the holder. It is published whole (written to a
 * temporary file, then hard-linked into place), so no reader sees it half written. A lock whose process is gone on this
 * host is taken over, with a notice; a lock held on another host is never broken automatically.
 *
 * Invariant: the lock is released on every way out of the process: the caller's `finally`, and an `exit`
 * handler for a process that exits from elsewhere (a signal handler calling process.exit).
 */
import { unlinkSync } from 'node:fs';
import { lstat, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { UserError } from '../errors';
import { createExclusive, publishExclusive, readFileNoFollow } from '../plan/safe-files';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  startedAt: string;
  /** What holds it: `apply` or `wizard`. */
  by: string;
}

export interface ApplyLock {
  path: string;
  holder: LockHolder;
  /** The dead holder whose lock this run took over, for the notice. */
  tookOverFrom?: LockHolder;
  release(): Promise<void>;
}

export interface LockOptions {
  by: string;
  pid?: number;
  host?: string;
  now?: () => Date;
  /** Whether a process of this host is still running; `process.kill(pid, 0)` by default. */
  isAlive?: (pid: number) => boolean;
}

/** The lock file of a plan file: next to it, like the journal. */
export function lockPathFor(planPath: string): string {
  return `${planPath}.lock`;
}

/** A lock file left empty or half written for this long is a crash mid-create, not a starting apply. */
const UNREADABLE_STALE_MS = 30_000;

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function describeHolder(h: LockHolder): string {
  return `${h.by} pid ${h.pid} on ${h.host}, started ${h.startedAt}`;
}

function parseHolder(bytes: Buffer): LockHolder | undefined {
  try {
    const o = JSON.parse(bytes.toString('utf8')) as Partial<LockHolder>;
    if (
      typeof o.pid === 'number' &&
      typeof o.host === 'string' &&
      typeof o.startedAt === 'string' &&
      typeof o.by === 'string'
    ) {
      return { pid: o.pid, host: o.host, startedAt: o.startedAt, by: o.by };
    }
  } catch {
    // fall through: not (yet) a complete lock record
  }
  return undefined;
}

const sameHolder = (a: LockHolder, b: LockHolder) =>
  a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt && a.by === b.by;

/** What sits at the lock path now: a holder, `unreadable` (being written, or a crash mid-write), or nothing. */
async function readHolder(path: string): Promise<LockHolder | 'unreadable' | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFileNoFollow(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') {
      throw new UserError(
        'bad-input',
        `the apply lock ${path} is a symbolic link`,
        'Remove that link: apply creates its lock file itself and never follows links.',
      );
    }
    throw e;
  }
  return parseHolder(bytes) ?? 'unreadable';
}

function lockedError(path: string, holder: LockHolder | undefined): UserError {
  return new UserError(
    'apply-locked',
    holder
      ? `another apply of this plan is running (${describeHolder(holder)})`
      : 'another apply of this plan is starting',
    `Wait for it to finish. If it is no longer running, delete ${path} and run apply again.`,
  );
}

/**
 * Takes the lock of `planPath`, or throws `UserError('apply-locked')` naming the holder. A lock left by a
 * process that is gone on this host is taken over (`tookOverFrom` says whose it was).
 */
export async function acquireApplyLock(planPath: string, options: LockOptions): Promise<ApplyLock> {
  const path = lockPathFor(planPath);
  const holder: LockHolder = {
    pid: options.pid ?? process.pid,
    host: options.host ?? hostname(),
    startedAt: (options.now ?? (() => new Date()))().toISOString(),
    by: options.by,
  };
  const alive = options.isAlive ?? processAlive;
  let tookOverFrom: LockHolder | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // Published whole: a second apply reading the lock never finds it empty.
      await publishExclusive(path, `${JSON.stringify(holder)}\n`);
      return held(path, holder, tookOverFrom);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw lockIoError(path, e);
    }
    const current = await readHolder(path);
    if (current === undefined) continue; // released between our create and our read: try again
    if (current === 'unreadable') {
      const age = Date.now() - (await lstat(path)).mtimeMs;
      if (age < UNREADABLE_STALE_MS) throw lockedError(path, undefined);
    } else if (current.host !== holder.host || alive(current.pid)) {
      throw lockedError(path, current);
    }
    // The holder is gone: take over, but only the lock we looked at (another process may be doing the same).
    if (await removeIfStill(path, current)) tookOverFrom = current === 'unreadable' ? undefined : current;
  }
  const last = await readHolder(path);
  throw lockedError(path, last === 'unreadable' ? undefined : last);
}

/**
 * Removes the stale lock only while it is still the one we judged stale. A second lock file guards the
 * read-compare-delete, so two processes taking over the same dead lock cannot delete each other's new lock.
 */
async function removeIfStill(path: string, stale: LockHolder | 'unreadable'): Promise<boolean> {
  const guard = `${path}.takeover`;
  try {
    await createExclusive(guard, String(process.pid));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw lockIoError(guard, e);
    // A takeover guard whose owner died mid-takeover is cleared after a while.
    const age = Date.now() - ((await stat(guard).catch(() => undefined))?.mtimeMs ?? Date.now());
    if (age > UNREADABLE_STALE_MS) await unlink(guard).catch(() => undefined);
    return false;
  }
  try {
    const now = await readHolder(path);
    const unchanged =
      now !== undefined &&
      (stale === 'unreadable' ? now === 'unreadable' : now !== 'unreadable' && sameHolder(now, stale));
    if (!unchanged) return false;
    await unlink(path);
    return true;
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

function lockIoError(path: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  const why = code === 'ELOOP' ? 'a symbolic link is in the way' : code;
  return new UserError(
    'bad-input',
    `cannot create the apply lock ${path} (${why})`,
    'Apply writes a lock and a journal next to the plan file: put the plan in a directory you can write to.',
  );
}

function held(path: string, holder: LockHolder, tookOverFrom: LockHolder | undefined): ApplyLock {
  let released = false;
  const mine = async () => {
    const now = await readHolder(path).catch(() => undefined);
    return now !== undefined && now !== 'unreadable' && sameHolder(now, holder);
  };
  // The last resort: a process.exit from anywhere (a signal handler) still removes the lock.
  const onExit = () => {
    if (released) return;
    released = true;
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.once('exit', onExit);
  return {
    path,
    holder,
    tookOverFrom,
    async release() {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      if (await mine()) await unlink(path).catch(() => undefined);
    },
  };
}
