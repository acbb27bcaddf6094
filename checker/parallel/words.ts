/**
 * Records of 32-bit words in a list of large buffers: how the parallel search keeps frontier states and hands
 * candidate successors between threads. A record never straddles two buffers, so a reader walks each buffer
 * from 0 to its used length. Plain `ArrayBuffer`s, so they cross threads by transfer, without a copy.
 */
/**
 * Buffers have one size, and a thread keeps the ones it is done with for reuse: buffers of many sizes, freed
 * and allocated level after level, fragment the allocator so badly that the process holds twice the memory it
 * uses. A record longer than a buffer gets its own, which is not reused.
 */
export const CHUNK_WORDS = 1 << 16;
const POOL_LIMIT = 1024;
const pool: ArrayBuffer[] = [];

function takeChunk(words: number): Int32Array<ArrayBuffer> {
  if (words > CHUNK_WORDS) return new Int32Array(words);
  const reused = pool.pop();
  return reused === undefined ? new Int32Array(CHUNK_WORDS) : new Int32Array(reused);
}

/** Gives a buffer this thread no longer needs back for reuse. */
export function recycle(buffer: ArrayBuffer): void {
  if (buffer.byteLength === CHUNK_WORDS * 4 && pool.length < POOL_LIMIT) pool.push(buffer);
}

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
  private chunk: Int32Array<ArrayBuffer> = EMPTY;
  /** The buffer being filled, as bytes (records packed as bytes are written through it, without a new view each). */
  bytes: Uint8Array = new Uint8Array(0);
  private used = 0;
  /** Words written, over all buffers. */
  words = 0;

  /** Room for a record of `count` words; returns the buffer to write into at `this.at`. */
  reserve(count: number): Int32Array {
    if (this.used + count > this.chunk.length) {
      if (this.chunk.length > 0) {
        this.lengths.push(this.used);
        this.completeWords += this.used;
      }
      this.chunk = takeChunk(count);
      this.bytes = new Uint8Array(this.chunk.buffer);
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

  /** Words in the buffers already full (all but the one being filled). */
  completeWords = 0;

  /** Hands over the buffers already full and their lengths, keeping the one being filled (to move them to disk). */
  drain(): WordRuns {
    const count = this.lengths.length;
    const runs = { buffers: this.buffers.splice(0, count), lengths: this.lengths.splice(0, count) };
    this.completeWords = 0;
    return runs;
  }

  finish(): WordRuns {
    if (this.chunk.length > 0) this.lengths.push(this.used);
    const runs = { buffers: this.buffers, lengths: this.lengths };
    this.buffers = [];
    this.lengths = [];
    this.chunk = EMPTY;
    this.bytes = new Uint8Array(0);
    this.used = 0;
    this.words = 0;
    this.completeWords = 0;
    return runs;
  }
}

/** Bytes held by `runs`. */
export function runBytes(runs: WordRuns): number {
  return runs.buffers.reduce((sum, b) => sum + b.byteLength, 0);
}
