/**
 * What a safety property of the spec is: a named predicate over a read-only view of the cluster. Its own file so
 * that a variant module can declare invariants (variants/variant.ts) without importing the list of them
 * (invariants.ts), which is built from the variants.
 */
import type { ClusterReader } from './cluster.js';
import type { VariantName } from './variants/registry.js';

/** A named predicate over a cluster state. */
export interface RaftInvariant {
  readonly name: string;
  holds(c: ClusterReader): boolean;
  /** The witness (witnesses.ts) whose situation this is about: a run that never reaches it held vacuously. */
  readonly witness?: string;
  /** The variant (variants/registry.ts) the invariant belongs to: it is checked only when that variant is on. */
  readonly variant?: VariantName;
  /** A user's invariant's source text, which vacuity reads when it names no witness (userVacuity.ts). */
  readonly source?: string;
}
