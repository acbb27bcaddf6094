/**
 * Where the flat engine keeps the states that outlive a visit: views into large shared chunks. A typed array of
 * more than a few words gets its own off-heap buffer from V8, which costs an allocation and a finalizer each;
 * a view into a chunk costs one small on-heap object. States explored level by level are copied together, so a
 * chunk's states tend to die together and its memory returns with them.
 */
const CHUNK_WORDS = 1 << 16;

export class Int32Arena {
  private chunk = new Int32Array(CHUNK_WORDS);
  private used = 0;

  /** A copy of `source[0..length)` that stays valid after `source` is reused. */
  copy(source: Int32Array, length: number): Int32Array {
    if (this.used + length > this.chunk.length) {
      this.chunk = new Int32Array(Math.max(CHUNK_WORDS, length));
      this.used = 0;
    }
    const at = this.used;
    const chunk = this.chunk;
    for (let w = 0; w < length; w++) chunk[at + w] = source[w]!;
    this.used = at + length;
    return chunk.subarray(at, at + length);
  }
}
