/** Counts with TLC's meanings (see the reference's tlc-counts.json). */
export interface CheckStats {
  /** States within the bounds, counted once each (TLC "distinct states found"). */
  distinctStates: number;
  /** Initial states plus every successor computed from an explored state (TLC "states generated"). */
  generatedStates: number;
  /** Number of breadth-first levels, the initial states being level 1. */
  depth: number;
  /** States found but not yet explored when the run stopped. */
  queueLeft: number;
  seconds: number;
  /** Per action kind: successors it produced, and how many of those were new distinct states. */
  actions: Record<string, { fired: number; distinct: number }>;
  /** Per bound: successors that broke it (a successor breaking two bounds counts for both). */
  boundDiscards: Record<string, number>;
  /** Bytes held by the fingerprint set and the parent links. */
  storeBytes: number;
  /** Upper bound on the probability that a fingerprint collision hid a state. */
  collisionProbability: number;
  /**
   * Per witness of the model (model.ts `Witness`), the length in states of the shortest behaviour that reaches
   * it, or null when no explored behaviour did. Absent when the model has none. A run that stopped inside a
   * level reports only what the levels it finished decide, so the figures never depend on the worker count.
   */
  witnesses?: Record<string, number | null>;
  /** Random fingerprint bits that decide whether a state was seen (127 when absent). */
  fingerprintBits?: number;
  /** For a model with `represents` (a symmetry-reduced one): the sum of it over the distinct states. */
  representedStates?: number;
}
