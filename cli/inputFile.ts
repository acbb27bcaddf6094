/**
 * A trace file checked before it is read whole: a device or a pipe (`replay /dev/zero`) would be read until the
 * process dies, and a file too large for the heap would end in a V8 crash dump. Measured on a 48 MB ITF trace
 * (36,864 states): JSON.parse left 326 MB on the heap, 6.8 times the file; what follows (validation, the
 * model's states) adds to it, so a file is refused when ten times its size exceeds the heap limit.
 */
import { statSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { OutOfMemoryError } from './machine.js';
import { UsageError } from './usage.js';

/** Heap bytes a trace file of one byte needs, with room to spare (see above). */
const HEAP_PER_FILE_BYTE = 10;

/** A usage error unless `file` is a regular file; an OutOfMemoryError when the heap cannot hold it. */
export function checkReadable(file: string): void {
  let stat;
  try {
    stat = statSync(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (!stat.isFile()) throw new UsageError(`${file} is not a regular file (a directory, a device or a pipe)`);
  const limit = getHeapStatistics().heap_size_limit;
  if (stat.size * HEAP_PER_FILE_BYTE > limit) {
    const mib = (n: number): string => `${Math.ceil(n / 2 ** 20)} MiB`;
    throw new OutOfMemoryError(
      `${file} is ${mib(stat.size)}, too large for this process's heap (${mib(limit)}; reading it takes about ` +
        `${HEAP_PER_FILE_BYTE} times its size): run node --max-old-space-size=${Math.ceil((stat.size * HEAP_PER_FILE_BYTE) / 2 ** 20)} bin/raft-check.js ...`,
    );
  }
}
