/**
 * A small seeded pseudo-random generator for simulation, so that a run is a function of its seed.
 *
 * Why mulberry32: its state is one 32-bit integer, a draw is a handful of integer operations without BigInt or
 * allocation, and its output passes the usual statistical batteries well enough for choosing among a few dozen
 * successors. Its period (2^32) is far longer than any one walk. Walks do not share a stream: each walk seeds its
 * own generator with `mixSeed(seed, walkIndex)`, so a walk can be replayed alone and workers can split walks
 * among themselves without changing any walk.
 */

/** MurmurHash3's 32-bit finalizer: every input bit flips about half of the output bits. */
export function fmix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit avalanche of `a` and `b` (MurmurHash3's finalizer over a combination): derives independent seeds. */
export function mixSeed(a: number, b: number): number {
  return fmix32((Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(b ^ 0x7f4a7c15, 0xc2b2ae35)) | 0);
}

/** A 32-bit hash of a string (FNV-1a), to derive a seed from a name. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

/** mulberry32: a seeded generator of uniform 32-bit integers and floats in [0, 1). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Restarts the stream from `seed`, as a new generator would. */
  reseed(seed: number): void {
    this.state = seed | 0;
  }

  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n), for 0 < n ≤ 2^32. */
  below(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }
}
