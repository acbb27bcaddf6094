/**
 * Records of 32-bit words in a list of large buffers: how the parallel search keeps frontier states and hands
 * candidate successors between threads. A record never straddles two buffers, so a reader walks each buffer
 * from 0 to its used length. Plain `ArrayBuffer`s, so they cross threads by transfer, without a copy.
 */
/** Buffers start small (most outboxes of a level are small) and double up to a large size. */
const FIRST_CHUNK_WORDS = 1 << 12;
const MAX_CHUNK_WORDS = 1 << 20;

const EMPTY = new Int32Array(0);

/** Buffers and how many words of each are used. */
export interface WordRuns {
  readonly buffers: ArrayBuffer[];
  readonly lengths: number[];
}

/** Appends records; `finish` hands the buffers over. */
export class WordWriter {
  private buffers: ArrayBuffer[] = [];
  private lengths: number[] = [];
  private chunk = EMPTY;
  private used = 0;
  /** Words written, over all buffers. */
  words = 0;

  /** Room for a record of `count` words; returns the buffer to write into at `this.at`. */
  reserve(count: number): Int32Array {
    if (this.used + count > this.chunk.length) {
      if (this.chunk.length > 0) this.lengths.push(this.used);
      const size = Math.min(MAX_CHUNK_WORDS, Math.max(FIRST_CHUNK_WORDS, this.chunk.length * 2));
      this.chunk = new Int32Array(Math.max(size, count));
      this.buffers.push(this.chunk.buffer);
      this.used = 0;
    }
    return this.chunk;
  }

  /** Where the record reserved last starts. */
  get at(): number {
    return this.used;
  }

  /** Marks `count` words after `at` as written. */
  commit(count: number): void {
    this.used += count;
    this.words += count;
  }

  finish(): WordRuns {
    if (this.chunk.length > 0) this.lengths.push(this.used);
    const runs = { buffers: this.buffers, lengths: this.lengths };
    this.buffers = [];
    this.lengths = [];
    this.chunk = EMPTY;
    this.used = 0;
    this.words = 0;
    return runs;
  }
}

/** Bytes held by `runs`. */
export function runBytes(runs: WordRuns): number {
  return runs.buffers.reduce((sum, b) => sum + b.byteLength, 0);
}
