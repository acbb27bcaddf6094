/**
 * What one expansion (a slice of a level, coordinator.ts) counted on its own, and for every parent it visited
 * what it had counted before that parent. At a violation the coordinator counts exactly what one worker counts,
 * whatever the threads' timing: every parent ranked before the violating one, and the violating parent's
 * successors up to the violating one; a worker may have gone further before it heard of the violation.
 */
export interface SliceCounts {
  readonly generated: number;
  /** By this worker's action index. */
  readonly fired: number[];
  readonly boundDiscards: number[];
  /**
   * One row of `stride` words per parent visited, in rank order: its rank, then the states generated, the bound
   * discards and the fires by action index, counted since the slice's start and before that parent. Empty with
   * one worker, which is always the violating one.
   */
  readonly marks: Int32Array;
  readonly stride: number;
}

/** A worker's counters, as the counting below reads them. */
export interface Counters {
  readonly generated: number;
  readonly fired: readonly number[];
  readonly boundDiscards: readonly number[];
}

/** Keeps a slice's marks in a buffer that doubles (no boxed numbers on the hot path). */
export class SliceCounter {
  private base: Counters = { generated: 0, fired: [], boundDiscards: [] };
  private rows = new Int32Array(1 << 12);
  private used = 0;
  private stride = 2;

  begin(now: Counters): void {
    this.base = { generated: now.generated, fired: [...now.fired], boundDiscards: [...now.boundDiscards] };
    this.stride = 2 + now.boundDiscards.length + now.fired.length;
    this.used = 0;
  }

  /** The counters before the parent of rank `rank` is visited. */
  mark(rank: number, generated: number, fired: readonly number[], boundDiscards: readonly number[]): void {
    const bounds = boundDiscards.length;
    if (2 + bounds + fired.length > this.stride) this.widen(2 + bounds + fired.length);
    const stride = this.stride;
    if (this.used + stride > this.rows.length) {
      const wider = new Int32Array(Math.max(this.rows.length * 2, this.used + stride));
      wider.set(this.rows);
      this.rows = wider;
    }
    const rows = this.rows;
    const base = this.base;
    const at = this.used;
    rows[at] = rank;
    rows[at + 1] = generated - base.generated;
    for (let k = 0; k < bounds; k++) rows[at + 2 + k] = boundDiscards[k]! - base.boundDiscards[k]!;
    for (let a = 0; a < fired.length; a++) rows[at + 2 + bounds + a] = fired[a]! - (base.fired[a] ?? 0);
    for (let a = 2 + bounds + fired.length; a < stride; a++) rows[at + a] = 0;
    this.used = at + stride;
  }

  /** The slice's counts, `now` being the counters at its end; the marks start again empty. */
  end(now: Counters): SliceCounts {
    const base = this.base;
    const counts = {
      generated: now.generated - base.generated,
      fired: now.fired.map((f, a) => f - (base.fired[a] ?? 0)),
      boundDiscards: now.boundDiscards.map((d, k) => d - base.boundDiscards[k]!),
      marks: this.rows.slice(0, this.used),
      stride: this.stride,
    };
    this.used = 0;
    return counts;
  }

  /** Rows made wider for actions first met within the slice (their earlier fires were none). */
  private widen(stride: number): void {
    const count = this.used / this.stride;
    const rows = new Int32Array(Math.max(this.rows.length, count * stride * 2));
    for (let r = 0; r < count; r++) rows.set(this.rows.subarray(r * this.stride, (r + 1) * this.stride), r * stride);
    this.rows = rows;
    this.used = count * stride;
    this.stride = stride;
  }
}

/**
 * A worker's counters (`totals`, at the end of its slice `slice`) as they were before its first parent of rank
 * `rank` or more in that slice: all of them when it visited none.
 */
export function countsBefore(totals: Counters, slice: SliceCounts, rank: number): Counters {
  const { marks, stride } = slice;
  const bounds = slice.boundDiscards.length;
  let at = 0;
  while (at < marks.length && marks[at]! < rank) at += stride;
  if (at >= marks.length) return totals;
  return {
    generated: totals.generated - slice.generated + marks[at + 1]!,
    boundDiscards: totals.boundDiscards.map((d, k) => d - slice.boundDiscards[k]! + marks[at + 2 + k]!),
    fired: totals.fired.map((f, a) => {
      const before = 2 + bounds + a < stride ? marks[at + 2 + bounds + a]! : 0;
      return f - (slice.fired[a] ?? 0) + before;
    }),
  };
}
