/**
 * Fingerprint → state id: the behaviour graph names states by the order in which the search met them, so an
 * edge is one 32-bit id. Open addressing with linear probing over one flat `Int32Array`, five words a slot (the
 * four fingerprint words, then the id); an all-zero fingerprint is an empty slot (fingerprints always have their
 * lowest bit set, fingerprint.ts). The probe loop is the safety search's (stateStore.ts).
 */
import { FINGERPRINT_WORDS } from '../fingerprint.js';
import { probe } from '../stateStore.js';

const SLOT = FINGERPRINT_WORDS + 1;
const MAX_LOAD = 0.7;

export class FingerprintIndex {
  private table: Int32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 12) {
    let capacity = 1;
    while (capacity < initialCapacity) capacity <<= 1;
    this.table = new Int32Array(capacity * SLOT);
    this.mask = capacity - 1;
  }

  get bytes(): number {
    return this.table.byteLength;
  }

  /** The id of the fingerprint `fp`, or `id` (then recorded as its id) when it was not in the index. */
  idOrAdd(fp: Int32Array, id: number): number {
    if (this.size + 1 > (this.mask + 1) * MAX_LOAD) this.grow();
    return this.insert(fp[0]!, fp[1]!, fp[2]!, fp[3]!, id);
  }

  private insert(a: number, b: number, c: number, d: number, id: number): number {
    const table = this.table;
    const at = probe(table, SLOT, this.mask, a, b, c, d);
    if (table[at + 3] !== 0) return table[at + 4]!;
    table[at] = a;
    table[at + 1] = b;
    table[at + 2] = c;
    table[at + 3] = d;
    table[at + 4] = id;
    this.size++;
    return id;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    this.size = 0;
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 3] !== 0) this.insert(old[at]!, old[at + 1]!, old[at + 2]!, old[at + 3]!, old[at + 4]!);
    }
  }
}
