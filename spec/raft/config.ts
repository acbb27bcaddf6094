/** The bounds of a check: the sizes of the model and the state constraints that keep it finite. */
import { findVariant, isOn, VARIANTS } from './variants.js';

export interface RaftConfig {
  /** Number of servers N (s1..sN). */
  readonly servers: number;
  /** Number of client values K (v1..vK). */
  readonly values: number;
  /** No server's currentTerm exceeds it. */
  readonly maxTerm: number;
  /** No server's log is longer. */
  readonly maxLogLen: number;
  /** No message has more copies in the bag. */
  readonly maxCopies: number;
  /** The bag holds at most this many copies in all; 0 means no such bound. */
  readonly maxInFlight: number;
  /** Whether Restart, DuplicateMessage and DropMessage are part of the next-state relation. */
  readonly restart: boolean;
  readonly duplicate: boolean;
  readonly drop: boolean;
  /**
   * The protocol variants switched on (variants.ts, docs/variants.md), in any order; absent or empty for
   * raft.tla itself. Optional so that every configuration written before the variants still means raft.tla.
   */
  readonly variants?: readonly string[];
  /**
   * membership: the initial configuration is servers s1..sK for this K (1..servers); absent means servers − 1,
   * so that one server can join. Meaningless without membership, where every server is a member.
   */
  readonly initialMembers?: number;
  /**
   * partitions: the number of Partition steps a behaviour may take (variants/partitions.ts); absent means 1.
   * Meaningless without the partitions variant.
   */
  readonly partitions?: number;
}

/** The bit mask of the initial configuration: s1..sK with membership, every server without it. */
export function initialMembersMask(config: RaftConfig): number {
  const all = (1 << config.servers) - 1;
  if (!isOn(config.variants, 'membership')) return all;
  const k = config.initialMembers ?? Math.max(1, config.servers - 1);
  return (1 << k) - 1;
}

/**
 * The default check: three servers with crashes and message loss, one election term, one entry; about two
 * million states, about ten seconds on one core. Duplication is off because with maxCopies 1 and maxInFlight 1
 * every duplicate breaks a bound, so it would only add discarded successors.
 */
export const DEFAULT_CONFIG: RaftConfig = {
  servers: 3,
  values: 1,
  maxTerm: 2,
  maxLogLen: 1,
  maxCopies: 1,
  maxInFlight: 1,
  restart: true,
  duplicate: false,
  drop: true,
};

/** The range each numeric bound accepts. */
export const CONFIG_RANGES: Readonly<Record<NumericBound, readonly [number, number]>> = {
  servers: [1, 7],
  values: [1, 3],
  maxTerm: [1, 100],
  maxLogLen: [0, 100],
  maxCopies: [1, 100],
  maxInFlight: [0, 1000],
};

/** The range of `partitions`: at least one Partition step (without any, leave the variant off). */
export const PARTITIONS_RANGE: readonly [number, number] = [1, 20];

export type NumericBound = 'servers' | 'values' | 'maxTerm' | 'maxLogLen' | 'maxCopies' | 'maxInFlight';

/** The problem with `config`, in one line, or undefined when it is valid. */
export function configError(config: RaftConfig): string | undefined {
  for (const [key, [lo, hi]] of Object.entries(CONFIG_RANGES) as [NumericBound, readonly [number, number]][]) {
    const value = config[key];
    if (!Number.isInteger(value) || value < lo || value > hi) {
      return `${key} must be an integer from ${lo} to ${hi}, got ${String(value)}`;
    }
  }
  for (const name of config.variants ?? []) {
    if (findVariant(name) === undefined) {
      return `unknown variant '${name}' (known: ${VARIANTS.map((v) => v.name).join(', ')})`;
    }
  }
  const k = config.initialMembers;
  if (k !== undefined) {
    if (!Number.isInteger(k) || k < 1 || k > config.servers) {
      return `initialMembers must be an integer from 1 to servers (${config.servers}), got ${String(k)}`;
    }
    if (!isOn(config.variants, 'membership')) return 'initialMembers needs the membership variant';
  }
  const p = config.partitions;
  if (p !== undefined) {
    const [lo, hi] = PARTITIONS_RANGE;
    if (!Number.isInteger(p) || p < lo || p > hi) {
      return `partitions must be an integer from ${lo} to ${hi}, got ${String(p)}`;
    }
    if (!isOn(config.variants, 'partitions')) return 'partitions needs the partitions variant';
  }
  if (isOn(config.variants, 'partitions') && config.servers < 2) {
    return 'the partitions variant needs at least 2 servers (a partition cuts the link between two)';
  }
  return undefined;
}
