/** Writing an output file so that readers never see half of it, and never replacing what is not a plain file. */
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, lstatSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './usage.js';

/** What is at `path` now: nothing, a regular file (with its mode), or something else (named for the message). */
function existing(path: string): { kind: 'none' } | { kind: 'file'; mode: number } | { kind: 'other'; what: string } {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return { kind: 'none' };
  }
  if (stat.isFile()) return { kind: 'file', mode: stat.mode & 0o7777 };
  const what = stat.isSymbolicLink()
    ? 'a symbolic link'
    : stat.isDirectory()
      ? 'a directory'
      : stat.isCharacterDevice() || stat.isBlockDevice()
        ? 'a device'
        : 'not a regular file';
  return { kind: 'other', what };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A usage error, prefixed by `flag`, unless `path` can be written later: its directory exists and is writable, and
 * nothing but a regular file is there. Checked before a long run, so that the run's result is not lost at the end.
 */
export function checkWritable(flag: string, path: string): void {
  if (path === '' || path.endsWith('/')) throw new UsageError(`${flag} takes a file name, got '${path}'`);
  const dir = dirname(path);
  if (!isDirectory(dir)) throw new UsageError(`${flag}: no directory ${dir}`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag}: cannot write in directory ${dir}`);
  }
  const there = existing(path);
  if (there.kind === 'other') throw new UsageError(`${flag}: ${path} is ${there.what}; refusing to replace it`);
  // By its mode, not access(): root may write anything, and a file made read-only says "keep me".
  if (there.kind === 'file' && (there.mode & 0o222) === 0) {
    throw new UsageError(`${flag}: ${path} is read-only; refusing to replace it`);
  }
}

/**
 * Writes `text` to `path` atomically: into a temporary file in the same directory (so the rename stays on one file
 * system), then renamed over `path`. A file replaced keeps its mode; anything else at `path` (a directory, a
 * device, a symbolic link) is refused. A failure is a usage error naming the file; the temporary file is removed.
 */
export function writeFileAtomic(path: string, text: string): void {
  const there = existing(path);
  if (there.kind === 'other') throw new UsageError(`cannot write ${path}: it is ${there.what}; refusing to replace it`);
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text);
    if (there.kind === 'file') chmodSync(temp, there.mode);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    const reason = e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.message) : String(e);
    throw new UsageError(`cannot write ${path}: ${reason}`);
  }
}
