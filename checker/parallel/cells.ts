/**
 * The little memory all workers of one parallel search share, besides the fingerprint shards: a stop request,
 * the lowest violation found so far (so that no worker explores a parent that can no longer hold the answer) and
 * each worker's generated count for progress lines.
 */

/** Index in `control`: non-zero when the search must stop (an interrupt, memory running short). */
export const STOP = 0;
/** Values of `control[STOP]`: a stop the user asked for, and one because memory is running short. */
export const STOP_REQUESTED = 1;
export const STOP_MEMORY = 2;
/** Index in `control`: the lowest parent rank at which a violation was found, NO_RANK when none. */
export const LOWEST_RANK = 1;
export const NO_RANK = 0x7fffffff;
/** A violation key larger than any: (parent rank, position) packed as rank * 2^16 + position. */
export const NO_KEY = 2n ** 62n;

export interface SharedCells {
  readonly control: Int32Array;
  readonly violation: BigInt64Array;
  /** Per worker: states generated so far (written without synchronisation; for progress only). */
  readonly generated: Float64Array;
}

/** The shared memory, as buffers that can be posted to threads. */
export interface SharedCellBuffers {
  readonly control: SharedArrayBuffer;
  readonly violation: SharedArrayBuffer;
  readonly generated: SharedArrayBuffer;
}

export function allocateCells(workers: number): SharedCellBuffers {
  const buffers = {
    control: new SharedArrayBuffer(8),
    violation: new SharedArrayBuffer(8),
    generated: new SharedArrayBuffer(8 * workers),
  };
  const cells = viewCells(buffers);
  resetViolation(cells);
  return buffers;
}

export function viewCells(b: SharedCellBuffers): SharedCells {
  return {
    control: new Int32Array(b.control),
    violation: new BigInt64Array(b.violation),
    generated: new Float64Array(b.generated),
  };
}

export function resetViolation(cells: SharedCells): void {
  Atomics.store(cells.control, LOWEST_RANK, NO_RANK);
  Atomics.store(cells.violation, 0, NO_KEY);
}

/** Lowers the shared violation to (rank, position) unless a lower one is there. */
export function recordViolation(cells: SharedCells, rank: number, position: number): void {
  const key = BigInt(rank) * 65536n + BigInt(position);
  for (;;) {
    const seen = Atomics.load(cells.violation, 0);
    if (seen <= key || Atomics.compareExchange(cells.violation, 0, seen, key) === seen) break;
  }
  for (;;) {
    const seen = Atomics.load(cells.control, LOWEST_RANK);
    if (seen <= rank || Atomics.compareExchange(cells.control, LOWEST_RANK, seen, rank) === seen) break;
  }
}
