/**
 * Local files this tool writes (plans, journals, the apply lock, .rdp files, the signing key) live in
 * directories other people may be able to write to: a shared ticket folder, a repository checkout. These
 * helpers never follow a symbolic link planted at the final path, so a link cannot redirect a write (or a
 * read the tool then trusts) to another file. Windows has no O_NOFOLLOW; there an lstat check runs first.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, link, lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** What a file is written from: whole, or as text blocks written one after another (a large plan). */
export type FileData = string | Uint8Array | Iterable<string>;

async function writeData(fh: FileHandle, data: FileData): Promise<void> {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    await fh.writeFile(data);
    return;
  }
  for (const block of data) await fh.write(block, null, 'utf8');
}

/** Thrown (as the `ELOOP` errno callers already handle) when a symbolic link sits at a path. */
function symlinkError(path: string): NodeJS.ErrnoException {
  const e = new Error(`${path} is a symbolic link`) as NodeJS.ErrnoException;
  e.code = 'ELOOP';
  return e;
}

async function refuseSymlink(path: string): Promise<void> {
  if (NOFOLLOW !== 0) return;
  const st = await lstat(path).catch(() => undefined);
  if (st?.isSymbolicLink()) throw symlinkError(path);
}

/** Opens for reading; fails with ELOOP on a symbolic link. */
export async function openNoFollow(path: string): Promise<FileHandle> {
  await refuseSymlink(path);
  return open(path, constants.O_RDONLY | NOFOLLOW);
}

/** The whole file, read without following a symbolic link at `path`. */
export async function readFileNoFollow(path: string): Promise<Buffer> {
  const fh = await openNoFollow(path);
  try {
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

/** Opens for appending and reading back (created 0600 when missing); fails with ELOOP on a symbolic link. */
export async function openAppendNoFollow(path: string): Promise<FileHandle> {
  await refuseSymlink(path);
  return open(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | NOFOLLOW, 0o600);
}

/**
 * Creates `path` with `data` only if nothing (not even a dangling link) is there: O_CREAT|O_EXCL never follows
 * a link. Fails with EEXIST otherwise.
 */
export async function createExclusive(path: string, data: FileData, mode = 0o600): Promise<void> {
  const fh = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, mode);
  try {
    await writeData(fh, data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Creates `path` with `data` only if nothing is there, and so that no reader ever sees it empty or half written:
 * the data goes to an exclusively created temporary file first, which is then hard-linked to `path` (link fails
 * with EEXIST when anything, a link included, is there). Where hard links are not supported, falls back to
 * `createExclusive`.
 */
export async function publishExclusive(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  await createExclusive(tmp, data, mode);
  try {
    await link(tmp, path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
    await createExclusive(path, data, mode);
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Replaces `path` with `data` atomically: an exclusively created temporary file in the same directory,
 * fsynced, then renamed over `path`. A rename replaces a symbolic link at `path` rather than writing through
 * it, and a crash leaves either the old file or the whole new one.
 */
export async function replaceFileAtomically(path: string, data: FileData, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await createExclusive(tmp, data, mode);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
