/**
 * File-system failures are the user's to fix, not bugs: a read-only or full disk, a folder without write
 * permission, a path or file name too long. Each becomes one line naming the path, what went wrong and what to
 * do, exit 2, wherever it happens: the plan file, the journal, the state directory, .rdp files.
 */
import { UserError } from './errors';

const WHY: Record<string, { why: string; fix: string }> = {
  EACCES: { why: 'permission denied', fix: 'Choose a folder you can write to, or fix its permissions.' },
  EPERM: { why: 'operation not permitted', fix: 'Choose a folder you can write to, or fix its permissions.' },
  EROFS: { why: 'the file system is read-only', fix: 'Choose a folder on a writable file system.' },
  ENOSPC: { why: 'the disk is full', fix: 'Free some disk space, then run the command again.' },
  EDQUOT: { why: 'the disk quota is used up', fix: 'Free some space in your quota, then run the command again.' },
  ENAMETOOLONG: { why: 'the file name or path is too long', fix: 'Use a shorter path.' },
  ENOENT: { why: 'a folder on the path does not exist', fix: 'Create the folder first, or choose another path.' },
  ENOTDIR: { why: 'a part of the path is a file, not a folder', fix: 'Choose another path.' },
  EISDIR: { why: 'it is a folder', fix: 'Give a file name, not a folder.' },
  EEXIST: { why: 'it already exists', fix: 'Remove it or choose another path.' },
  EMFILE: { why: 'too many files are open', fix: 'Close other programs or raise the open-files limit, then retry.' },
  ENFILE: { why: 'too many files are open', fix: 'Close other programs, then retry.' },
  EIO: { why: 'an input/output error occurred', fix: 'Check the disk, then run the command again.' },
  ELOOP: { why: 'the path has too many symbolic links', fix: 'Choose another path.' },
};

/** True for a Node file-system error with a code this module explains. */
export function isFileSystemError(e: unknown): e is NodeJS.ErrnoException {
  const err = e as NodeJS.ErrnoException | null;
  return (
    !!err &&
    typeof err === 'object' &&
    typeof err.code === 'string' &&
    err.code in WHY &&
    (typeof err.syscall === 'string' || typeof err.path === 'string')
  );
}

/**
 * The user error for a failed file operation. `what` is a verb phrase ("write the plan file"); `path` is named
 * as given; `fix` replaces the generic advice when the caller knows better.
 */
export function fileSystemError(e: unknown, what: string, path?: string, fix?: string): UserError {
  const err = e as NodeJS.ErrnoException;
  const code = typeof err?.code === 'string' ? err.code : 'EIO';
  const known = WHY[code];
  const where = path ?? err?.path;
  const why = known?.why ?? (err?.message ? err.message.split('\n')[0]! : 'it failed');
  const next = fix ?? known?.fix ?? 'Check the path and the disk, then run the command again.';
  return new UserError(
    'bad-input',
    `cannot ${what}${where ? ` ${where}` : ''} (${code})`,
    `${why.charAt(0).toUpperCase()}${why.slice(1)}: ${next.charAt(0).toLowerCase()}${next.slice(1)}`,
    2,
  );
}

/** Runs a file operation, turning a file-system failure into the user error above. */
export async function onDisk<T>(what: string, path: string, work: () => Promise<T>, fix?: string): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof UserError) throw e;
    if (isFileSystemError(e) || (e as NodeJS.ErrnoException)?.code !== undefined) {
      throw fileSystemError(e, what, path, fix);
    }
    throw e;
  }
}
