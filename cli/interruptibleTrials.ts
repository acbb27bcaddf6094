/**
 * Runs of seeded trials (election-timing and its scenarios) that SIGINT and SIGTERM can stop: trials are taken in
 * slices of a few milliseconds, with a turn of the event loop between two, so a signal is heard and the command
 * reports what it measured so far (exit 3) instead of dying with nothing printed.
 */

/** Listens for SIGINT and SIGTERM until disposed; `signal` is the first one heard. */
export interface Interrupt {
  readonly signal: NodeJS.Signals | undefined;
  dispose(): void;
}

/** Starts listening for SIGINT and SIGTERM. */
export function interruptible(): Interrupt {
  let signal: NodeJS.Signals | undefined;
  const on = (s: NodeJS.Signals): void => {
    signal ??= s;
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  return {
    get signal() {
      return signal;
    },
    dispose() {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
    },
  };
}

/** How long a slice of trials runs before the event loop gets a turn. */
const SLICE_MS = 50;
/** How often a long run says on stderr how far it is. */
const PROGRESS_MS = 3000;

/**
 * Takes trials until there are none left or `interrupt` has heard a signal; `progress(n)` is called every few
 * seconds with the number taken so far (for a line on stderr).
 */
export async function takeTrials<T>(
  trials: Iterable<T>,
  interrupt: Interrupt,
  progress: (taken: number) => void,
): Promise<T[]> {
  const taken: T[] = [];
  let sliceEnd = performance.now() + SLICE_MS;
  let nextProgress = performance.now() + PROGRESS_MS;
  for (const trial of trials) {
    taken.push(trial);
    if (performance.now() < sliceEnd) continue;
    await new Promise((resolve) => setImmediate(resolve));
    if (interrupt.signal !== undefined) break;
    sliceEnd = performance.now() + SLICE_MS;
    if (performance.now() >= nextProgress) {
      nextProgress = performance.now() + PROGRESS_MS;
      progress(taken.length);
    }
  }
  return taken;
}
