/**
 * A simulated runtime for an implementation under test: its timers, its clock and its randomness, all driven by a
 * seeded scheduler, installed on the globals only for the length of one run.
 *
 * Why our own small clock and not a general fake-timer library: the harness needs each *cause* (a timer that
 * fires, a message delivered, a crash) to run together with all the work it sets off (promise chains,
 * setImmediate callbacks of the storage layer) before the next cause starts, so that one cause is one atomic
 * step that can be recorded as one event. A general fake clock interleaves a timer's follow-ups with other timers
 * due at the same instant. Here timers are causes, ordered by (time, creation order); `setImmediate` and
 * zero-delay timers are follow-ups, run by `settle` until nothing is left.
 */

const realSetImmediate = globalThis.setImmediate;

interface Timer {
  readonly id: number;
  at: number;
  readonly fn: () => void;
  /** Milliseconds between firings for setInterval, undefined for setTimeout. */
  readonly every: number | undefined;
  /** Who created it (the node whose code ran when it was set), for the recorder. */
  readonly owner: string | undefined;
}

/** What the globals were before `install`, to put them back. */
interface Saved {
  readonly setTimeout: typeof globalThis.setTimeout;
  readonly clearTimeout: typeof globalThis.clearTimeout;
  readonly setInterval: typeof globalThis.setInterval;
  readonly clearInterval: typeof globalThis.clearInterval;
  readonly setImmediate: typeof globalThis.setImmediate;
  readonly clearImmediate: typeof globalThis.clearImmediate;
  readonly Date: DateConstructor;
  readonly random: () => number;
}

/** Waits for one turn of the real event loop: every promise job and nextTick queued before it has run. */
function realTurn(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

export class SimRuntime {
  /** Simulated milliseconds since the run began. */
  now = 0;
  /** The node whose code is running, stamped on the timers it sets. */
  actor: string | undefined;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();
  private readonly immediates = new Map<number, () => void>();
  private saved: Saved | undefined;
  /** Work the storage layer has started and not finished (see `track`). */
  private pending = 0;

  constructor(private readonly random: () => number) {}

  /** A callback the storage layer will call later: counted as pending until it is called. */
  track<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void {
    this.pending++;
    let called = false;
    return (...args: A) => {
      if (!called) {
        called = true;
        this.pending--;
      }
      callback(...args);
    };
  }

  setTimeout(fn: () => void, ms: number, every?: number): number {
    const id = ++this.seq;
    const delay = Math.max(0, Math.floor(Number.isFinite(ms) ? ms : 0));
    if (delay === 0 && every === undefined) this.immediates.set(id, fn);
    else this.timers.set(id, { id, at: this.now + delay, fn, every, owner: this.actor });
    return id;
  }

  clear(id: unknown): void {
    if (typeof id !== 'number') return;
    this.timers.delete(id);
    this.immediates.delete(id);
  }

  /** The timer that fires next: earliest time, then earliest set. */
  private nextTimer(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers.values()) if (best === undefined || t.at < best.at) best = t;
    return best;
  }

  /** When the next timer fires, undefined when none is set. */
  nextAt(): number | undefined {
    return this.nextTimer()?.at;
  }

  /** Advances the clock to the next timer and fires it (not its follow-ups: call `settle`); false when none. */
  fireNext(): { owner: string | undefined } | undefined {
    const t = this.nextTimer();
    if (t === undefined) return undefined;
    this.now = Math.max(this.now, t.at);
    if (t.every === undefined) this.timers.delete(t.id);
    else t.at = this.now + Math.max(1, t.every);
    this.actor = t.owner;
    t.fn();
    return { owner: t.owner };
  }

  /** Runs every follow-up (setImmediate, zero delays, promise jobs, pending storage callbacks) until none is left. */
  async settle(): Promise<void> {
    for (let idle = 0; idle < 2;) {
      await realTurn();
      if (this.immediates.size > 0) {
        const batch = [...this.immediates.entries()];
        this.immediates.clear();
        for (const [, fn] of batch) fn();
        idle = 0;
      } else if (this.pending > 0) {
        idle = 0;
      } else {
        idle++;
      }
    }
  }

  /** Puts the simulated timers, clock and randomness on the globals; `uninstall` puts the real ones back. */
  install(): void {
    if (this.saved !== undefined) return;
    const g = globalThis as unknown as Record<string, unknown>;
    this.saved = {
      setTimeout: globalThis.setTimeout,
      clearTimeout: globalThis.clearTimeout,
      setInterval: globalThis.setInterval,
      clearInterval: globalThis.clearInterval,
      setImmediate: globalThis.setImmediate,
      clearImmediate: globalThis.clearImmediate,
      Date: globalThis.Date,
      random: Math.random,
    };
    const now = (): number => this.now;
    const RealDate = this.saved.Date;
    class SimDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(now());
        else super(...(args as [string]));
      }
      static override now(): number {
        return now();
      }
    }
    g.setTimeout = (fn: () => void, ms?: number) => this.setTimeout(fn, ms ?? 0);
    g.setInterval = (fn: () => void, ms?: number) => this.setTimeout(fn, ms ?? 0, ms ?? 0);
    g.setImmediate = (fn: () => void) => this.setTimeout(fn, 0);
    g.clearTimeout =
      g.clearInterval =
      g.clearImmediate =
        (id: unknown) => {
          this.clear(id);
        };
    g.Date = SimDate;
    Math.random = this.random;
  }

  uninstall(): void {
    const s = this.saved;
    if (s === undefined) return;
    const g = globalThis as unknown as Record<string, unknown>;
    g.setTimeout = s.setTimeout;
    g.clearTimeout = s.clearTimeout;
    g.setInterval = s.setInterval;
    g.clearInterval = s.clearInterval;
    g.setImmediate = s.setImmediate;
    g.clearImmediate = s.clearImmediate;
    g.Date = s.Date;
    Math.random = s.random;
    this.saved = undefined;
  }
}
