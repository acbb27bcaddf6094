/**
 * A spec profile: a whole specification the checker can run, selected by `--profile NAME` (raft.tla's Raft by
 * default). The profiles are listed once, in profiles.ts; a profile brings its own variants registry, bugs
 * and invariants, and builds its own models, so a second Raft (etcd's, spec/etcd/) is one line there and shares
 * nothing with raft.tla's spec but the checker's `Model` seam.
 */
import type { Model } from '../checker/model.js';
import type { RaftConfig } from './raft/config.js';

/** What the CLI, the explorer and the docs know of a profile. */
export interface SpecProfile<Config = RaftConfig> {
  readonly name: string;
  readonly description: string;
  /** The profile's protocol variants (for raft.tla: variants/registry.ts), in its registry's order. */
  readonly variants: readonly { readonly name: string; readonly description: string; readonly source: string }[];
  /** Its deliberate bugs, each meaningful only with the variants it names. */
  readonly bugs: readonly {
    readonly name: string;
    readonly description: string;
    readonly variants?: readonly string[];
  }[];
  /** Its built-in invariants' names. */
  readonly invariants: readonly string[];
  /** The problem with a configuration, in one line, or undefined when it is valid. */
  configError(config: Config): string | undefined;
  /** Its model of a configuration with these bugs, on the flat engine. */
  fastModel(config: Config, bugs: readonly string[]): Model<Int32Array, number>;
}
