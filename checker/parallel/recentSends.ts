/**
 * The fingerprints a worker sent to their owners most recently, in a small direct-mapped cache: a successor found
 * there is a repeat and need not be sent again.
 *
 * Why a cache and not a set of everything sent this level: the set was a fresh table per slice (8 MiB a worker
 * at L9), allocated in sizes that changed every slice (which keeps the allocator holding freed memory), and
 * every successor in bounds took a probe into it that missed the processor's caches. It caught 13% of them.
 * This cache is one fixed 1 MiB table that fits in a core's L2 and is never cleared.
 *
 * Why forgetting is safe: the cache only filters. A repeat it misses goes to its owner, whose merge keeps the
 * smallest key of each fingerprint and drops the rest, so the search's result never depends on what the cache
 * holds, only how many candidates cross. Why a hit is safe: a fingerprint enters only when it is sent; a later
 * successor with the same fingerprint has a larger key (the same worker meets its successors in key order, also
 * across slices and levels), so it can never be the copy the owner keeps. A hit compares all four words.
 */
import { FINGERPRINT_WORDS } from '../fingerprint.js';

/** Default entries: 2^16 fingerprints of 16 bytes. */
export const RECENT_BITS = 16;

export class RecentSends {
  private readonly table: Int32Array;
  private readonly shift: number;

  /** A cache of 2^`bits` fingerprints (1 to 24 bits). */
  constructor(bits = RECENT_BITS) {
    if (!Number.isInteger(bits) || bits < 1 || bits > 24)
      throw new Error(`RecentSends: bits must be 1 to 24, got ${bits}`);
    this.table = new Int32Array((1 << bits) * FINGERPRINT_WORDS);
    this.shift = 32 - bits;
  }

  /**
   * True when the fingerprint at `fp[0..4)` was sent and is still remembered; otherwise remembers it (it is about
   * to be sent, or already known to its owner) and answers false.
   */
  seen(fp: Int32Array): boolean {
    const table = this.table;
    const a = fp[0]!;
    const b = fp[1]!;
    const c = fp[2]!;
    const d = fp[3]!;
    // Word 2 is not used to route (word 1 picks the owner and sub-table, word 0 the table slot).
    const at = (c >>> this.shift) * FINGERPRINT_WORDS;
    if (table[at + 3] === d && table[at] === a && table[at + 1] === b && table[at + 2] === c) return true;
    table[at] = a;
    table[at + 1] = b;
    table[at + 2] = c;
    table[at + 3] = d;
    return false;
  }
}
