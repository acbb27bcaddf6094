/** Writing a file so that readers never see half of it. */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './usage.js';

/**
 * Writes `text` to `path` atomically: into a temporary file in the same directory (so the rename stays on one file
 * system), then renamed over `path`. A failure is a usage error naming the file; the temporary file is removed.
 */
export function writeFileAtomic(path: string, text: string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    const reason = e instanceof Error ? e.message : String(e);
    throw new UsageError(`cannot write ${path}: ${reason}`);
  }
}
