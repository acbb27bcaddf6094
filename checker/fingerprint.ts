/**
 * Fingerprints: 128-bit hashes of canonical encodings.
 *
 * Why 128 bits: a checker that stores only fingerprints wrongly treats a new state as seen when two fingerprints
 * collide. With b-bit fingerprints, n stored states and g lookups, that happens with probability at most g·n/2^b.
 * At 10^8 states and 10^9 lookups, 64 bits give about 5e-3; 128 bits (127 after the occupancy bit below) give
 * about 1e-21, so no run this checker can finish comes near a collision. The hash is MurmurHash3's x86 128-bit
 * mixing, applied to 32-bit words (the algorithm is public domain; this is our own implementation of it), so it
 * runs on `Math.imul` without BigInt.
 *
 * The lowest bit of the last word is forced to 1 so that an all-zero slot can mean "empty" in the state store.
 */
import type { Encoding } from './encoding.js';

/** Number of 32-bit words in a fingerprint or digest. */
export const FINGERPRINT_WORDS = 4;
/** Effective fingerprint width in bits (one bit marks occupancy). */
export const FINGERPRINT_BITS = 127;

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Hashes `words[0..length)` with `seed` into `out[offset..offset+4)`. */
export function hashWords(words: Int32Array, length: number, out: Int32Array, offset = 0, seed = 0x5eed): void {
  let h1 = seed;
  let h2 = seed ^ 0x9e3779b9;
  let h3 = seed ^ 0x7f4a7c15;
  let h4 = seed ^ 0x94d049bb;
  let i = 0;
  for (; i + 4 <= length; i += 4) {
    h1 ^= Math.imul(rotl(Math.imul(words[i]!, C1), 15), C2);
    h1 = (Math.imul(rotl(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 ^= Math.imul(rotl(Math.imul(words[i + 1]!, C2), 16), C3);
    h2 = (Math.imul(rotl(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 ^= Math.imul(rotl(Math.imul(words[i + 2]!, C3), 17), C4);
    h3 = (Math.imul(rotl(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 ^= Math.imul(rotl(Math.imul(words[i + 3]!, C4), 18), C1);
    h4 = (Math.imul(rotl(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
  }
  // Tail: up to three words, mixed like a block padded with zeros.
  const rest = length - i;
  if (rest > 0) {
    if (rest >= 3) h3 ^= Math.imul(rotl(Math.imul(words[i + 2]!, C3), 17), C4);
    if (rest >= 2) h2 ^= Math.imul(rotl(Math.imul(words[i + 1]!, C2), 16), C3);
    h1 ^= Math.imul(rotl(Math.imul(words[i]!, C1), 15), C2);
  }
  h1 ^= length;
  h2 ^= length;
  h3 ^= length;
  h4 ^= length;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  out[offset] = h1;
  out[offset + 1] = h2;
  out[offset + 2] = h3;
  out[offset + 3] = h4 | 1;
}

/** The fingerprint of an encoding, written into `out` (4 words). */
export function fingerprint(encoding: Encoding, out: Int32Array): void {
  hashWords(encoding.words, encoding.length, out);
}

/** A fresh 4-word digest of an encoding: what a model memoizes for a part of its state that many states share. */
export function digest(encoding: Encoding): Int32Array {
  const out = new Int32Array(FINGERPRINT_WORDS);
  hashWords(encoding.words, encoding.length, out, 0, 0xd16e57);
  return out;
}

/**
 * An upper bound on the probability that some lookup met a colliding fingerprint: every one of `generated`
 * lookups is compared against at most `distinct` stored fingerprints.
 */
export function collisionProbability(distinct: number, generated: number): number {
  return (distinct * generated) / 2 ** FINGERPRINT_BITS;
}
