/**
 * A growable buffer of 32-bit words that a model fills with the canonical encoding of one state. The checker
 * reuses a single `Encoding` for every state it fingerprints, so encoding allocates nothing once it has grown.
 */
export class Encoding {
  words: Int32Array;
  length = 0;

  constructor(capacity = 256) {
    this.words = new Int32Array(capacity);
  }

  /** Empties the buffer without releasing its memory. */
  reset(): void {
    this.length = 0;
  }

  push(word: number): void {
    if (this.length === this.words.length) this.grow();
    this.words[this.length++] = word;
  }

  /** Appends `words[0..count)`. */
  pushRange(words: Int32Array, count: number): void {
    while (this.length + count > this.words.length) this.grow();
    const target = this.words;
    let at = this.length;
    for (let k = 0; k < count; k++) target[at++] = words[k]!;
    this.length = at;
  }

  /** Appends a 4-word digest (see `fingerprint.ts`). */
  pushDigest(digest: Int32Array): void {
    if (this.length + 4 > this.words.length) this.grow();
    this.words.set(digest, this.length);
    this.length += 4;
  }

  private grow(): void {
    const bigger = new Int32Array(this.words.length * 2);
    bigger.set(this.words);
    this.words = bigger;
  }
}
