/**
 * `ulimit -v` (RLIMIT_AS) and the search threads. Each thread's V8 isolate reserves address space up front (its
 * code range and heap cage), and when the reservation fails V8 aborts the whole process ("Fatal process OOM ...
 * CodeRange", exit 133 or 134) before any handler runs. So the room is measured before the threads start: on
 * this machine (Node 20, 2026-12-07) a main thread of raft-check held about 750 MiB of address space and each
 * worker thread added 590 to 850 MiB (VmSize in /proc/self/status before and after starting one).
 */
import { readFileSync } from 'node:fs';
import { OutOfMemoryError } from './machine.js';

/** Address space a search thread reserves, the larger of the two measurements above. */
const THREAD_MIB = 850;

/** The soft RLIMIT_AS in MiB, or undefined when unlimited or unknown (not Linux). */
function addressSpaceLimitMib(): number | undefined {
  try {
    const line = /^Max address space\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (line === null || line[1] === 'unlimited') return undefined;
    return Number(line[1]) / 2 ** 20;
  } catch {
    return undefined;
  }
}

/** This process's address space in MiB (VmSize), or 0 when unknown. */
function usedMib(): number {
  try {
    const line = /^VmSize:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return line === null ? 0 : Number(line[1]) / 1024;
  } catch {
    return 0;
  }
}

/** An OutOfMemoryError when `threads` more threads would not fit under the address-space limit. */
export function checkAddressSpace(threads: number, flag: string): void {
  const limit = addressSpaceLimitMib();
  if (limit === undefined) return;
  const need = usedMib() + threads * THREAD_MIB;
  if (need <= limit) return;
  throw new OutOfMemoryError(
    `the address-space limit (ulimit -v) is ${Math.round(limit)} MiB, and ${threads} thread${threads > 1 ? 's' : ''} ` +
      `would need about ${Math.ceil(need)} MiB (each reserves about ${THREAD_MIB} MiB); raise ulimit -v` +
      (threads > 1 ? ` or use fewer ${flag}` : ''),
  );
}
