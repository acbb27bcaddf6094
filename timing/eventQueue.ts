/**
 * The pending events of a discrete-event simulation, earliest first. Events due at the same instant come out in
 * the order they were scheduled (a sequence number breaks ties), so a run never depends on how the heap happens
 * to order equal keys.
 */

interface Entry<E> {
  readonly time: number;
  readonly seq: number;
  readonly event: E;
}

function before<E>(a: Entry<E>, b: Entry<E>): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** A binary min-heap of events keyed by (time, order of scheduling). */
export class EventQueue<E> {
  private readonly heap: Entry<E>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `event` at `time`. */
  push(time: number, event: E): void {
    const heap = this.heap;
    heap.push({ time, seq: this.seq++, event });
    let k = heap.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!before(heap[k]!, heap[parent]!)) break;
      [heap[k], heap[parent]] = [heap[parent]!, heap[k]!];
      k = parent;
    }
  }

  /** The time of the earliest event, or undefined when none is pending. */
  peekTime(): number | undefined {
    return this.heap[0]?.time;
  }

  /** Removes and returns the earliest event, or undefined when none is pending. */
  pop(): { time: number; event: E } | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === k) break;
        [heap[k], heap[m]] = [heap[m]!, heap[k]!];
        k = m;
      }
    }
    return { time: top.time, event: top.event };
  }
}
