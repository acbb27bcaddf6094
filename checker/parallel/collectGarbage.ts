/**
 * A full garbage collection on request. V8 frees a SharedArrayBuffer only when a collection finds it dead in
 * every thread that saw it, and a search allocates almost nothing on the JS heap, so collections are rare: the
 * tables a worker outgrows (fingerprintTable.ts grows by 1.2) then pile up, five times the live table at L9.
 * So a worker asks for a collection once enough of them are waiting; it costs milliseconds, the heap being small.
 *
 * `--expose-gc` set at run time is the documented way to reach `gc` without a command-line flag; the flag only
 * makes `gc` visible to new contexts.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/** Runs a full collection of this thread's heap. */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
