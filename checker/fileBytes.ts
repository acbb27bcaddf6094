/**
 * Whole writes and reads at a file position. `writeSync` and `readSync` may move fewer bytes than asked; every
 * file the search keeps (parent links, spilled frontiers, checkpoints) goes through these loops instead.
 */
import { readSync, writeSync } from 'node:fs';

/** Writes all of `bytes` at byte `position` of `fd` (null: at the file's current position). */
export function writeAll(fd: number, bytes: Uint8Array, position: number | null): void {
  for (let done = 0; done < bytes.byteLength;) {
    done += writeSync(fd, bytes, done, bytes.byteLength - done, position === null ? null : position + done);
  }
}

/** Fills `bytes` from byte `position` of `fd`; `path` names the file when it ends first. */
export function readAll(fd: number, bytes: Uint8Array, position: number, path: string): void {
  for (let done = 0; done < bytes.byteLength;) {
    const read = readSync(fd, bytes, done, bytes.byteLength - done, position + done);
    if (read === 0) throw new Error(`${path} ends early`);
    done += read;
  }
}
