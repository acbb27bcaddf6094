/**
 * The seeded random source of the timed simulation, so that a run is a function of its seed.
 *
 * Why a counter hashed by a 32-bit finalizer (the idea of SplitMix): its whole state is one integer, a draw is a
 * few integer multiplications, and any seed, even 0 or 1, gives a well-mixed stream. Trials do not share a stream:
 * trial k of seed s draws from `trialSeed(s, k)`, so one trial can be rerun alone and adding trials never changes
 * the earlier ones.
 *
 * Why not checker/random.ts's generator: the two share the finalizer (imported from there), but this stream is a
 * different function of its seed (a hashed counter, not mulberry32), and every election-timing figure in the docs
 * and tests is a function of it; folding one class into the other would change them all for no gain.
 */

import { fmix32 } from '../checker/random.js';

/** The seed of trial `trial` of a run seeded with `seed` (both unsigned 32-bit integers). */
export function trialSeed(seed: number, trial: number): number {
  return fmix32(fmix32(seed) ^ fmix32(trial + 0x632be5ab));
}

/** A seeded stream of uniform numbers. */
export class Random {
  private counter: number;

  constructor(seed: number) {
    this.counter = fmix32(seed);
  }

  /** A uniform float in [0, 1). */
  next(): number {
    this.counter = (this.counter + 0x9e3779b9) | 0;
    return fmix32(this.counter) / 4294967296;
  }

  /** A uniform float in [lo, hi), or exactly lo when lo = hi. */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
}
