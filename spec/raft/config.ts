/** The bounds of a check: the sizes of the model and the state constraints that keep it finite. */
import {
  findVariant,
  isOn,
  optionRange,
  optionRangeText,
  VARIANT_OPTIONS,
  VARIANTS,
  variantModules,
  type VariantOptionKey,
} from './variants.js';

/**
 * The settings the variants declare (`options` of their modules: membership's `initialMembers`, partitions'
 * `partitions`), each absent unless given, and meaningless without its variant.
 */
export type VariantSettings = { readonly [K in VariantOptionKey]?: number };

export interface RaftConfig extends VariantSettings {
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
}

/**
 * The bit mask of the initial configuration: the one a variant that keeps configurations gives (membership's
 * s1..sK), every server without one.
 */
export function initialMembersMask(config: RaftConfig): number {
  for (const m of variantModules(config.variants)) {
    const initial = m.hooks.configuration?.initial;
    if (initial !== undefined) return initial(config);
  }
  return (1 << config.servers) - 1;
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
  for (const option of VARIANT_OPTIONS) {
    const value = config[option.key];
    if (value === undefined) continue;
    const [lo, hi] = optionRange(option, config.servers);
    if (!Number.isInteger(value) || value < lo || value > hi) {
      return `${option.key} must be an integer from ${optionRangeText(option, config.servers)}, got ${String(value)}`;
    }
    if (!isOn(config.variants, option.variant)) return `${option.key} needs the ${option.variant} variant`;
  }
  for (const m of variantModules(config.variants)) {
    const problem = m.hooks.configProblem?.(config);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
