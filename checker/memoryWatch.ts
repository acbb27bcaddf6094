/**
 * Noticing that the JS heap is nearly full while there is still room to stop cleanly. A V8 heap overflow cannot be
 * caught in the thread it happens in, so the search runs in worker threads with a heap limit (search.ts): this
 * watch stops it with a partial report before the limit, and the limit, should it still be reached, ends only the
 * worker, never the process.
 */
import { getHeapStatistics } from 'node:v8';

/** Share of the heap limit past which a search stops. */
export const HEAP_STOP_FRACTION = 0.9;

/**
 * True when this thread's heap plus its buffers (fingerprint tables and frontiers live in buffers, outside the
 * heap) exceed `HEAP_STOP_FRACTION` of the heap limit: the limit is the thread's whole memory budget.
 */
export function heapNearlyFull(sharedBytes = 0): boolean {
  const h = getHeapStatistics();
  return h.used_heap_size + h.external_memory + sharedBytes > HEAP_STOP_FRACTION * h.heap_size_limit;
}
