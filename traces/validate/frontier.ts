/**
 * A set of model states deduplicated by fingerprint: the checker's canonical encoding and 128-bit fingerprint,
 * keyed in a Map so that the states themselves are kept (the validator steps from them again).
 */
import { Encoding } from '../../checker/encoding.js';
import { fingerprint, FINGERPRINT_WORDS } from '../../checker/fingerprint.js';
import type { ClusterState } from '../../spec/raft/state.js';

export class Frontier {
  private readonly byFingerprint = new Map<string, ClusterState>();
  private readonly encoding = new Encoding();
  private readonly fp = new Int32Array(FINGERPRINT_WORDS);

  constructor(private readonly encode: (s: ClusterState, out: Encoding) => void) {}

  /** Adds `s`; true when no equal state was there. */
  add(s: ClusterState): boolean {
    this.encoding.reset();
    this.encode(s, this.encoding);
    fingerprint(this.encoding, this.fp);
    const key = this.fp.join(',');
    if (this.byFingerprint.has(key)) return false;
    this.byFingerprint.set(key, s);
    return true;
  }

  get size(): number {
    return this.byFingerprint.size;
  }

  /** The states in the order they were added. */
  states(): ClusterState[] {
    return [...this.byFingerprint.values()];
  }
}
