/**
 * The protocol variants a configuration can switch on (docs/variants.md). Each is off by default, so the
 * reference model is raft.tla. A variant adds variables (schema.ts, tagged with its name), messages and actions,
 * and changes a few handlers; which code runs is decided once per configuration (next.ts, receive.ts), never per
 * successor, so a variant that is off costs nothing.
 */

export interface Variant {
  readonly name: string;
  readonly description: string;
  /** Where the rule comes from. */
  readonly source: string;
}

export const VARIANTS: readonly Variant[] = [
  {
    name: 'prevote',
    description:
      'a server whose timer fires first asks for pre-votes for currentTerm+1 without changing its term; only ' +
      'with a quorum of pre-votes does it start a real election',
    source: "Ongaro's thesis §9.6 (Pre-Vote), with §4.2.3 (disregard requests while a current leader is believed)",
  },
  {
    name: 'check-quorum',
    description: 'a leader that has not heard from a quorum since its last check steps down',
    source: "Ongaro's thesis §6.2; etcd raft's CheckQuorum",
  },
  {
    name: 'membership',
    description:
      'the configuration is a log entry, used as soon as it is in the log; a leader adds or removes one server ' +
      'at a time, after committing an entry of its term and when no earlier change is uncommitted',
    source:
      "Ongaro's thesis §4.1 (single-server changes), with the fix of Ongaro's raft-dev post \"bug in " +
      'single-server membership changes" (July 2015)',
  },
];

/** The variants a configuration switches on, as flags the next-state relation reads once. */
export interface VariantFlags {
  readonly prevote: boolean;
  readonly checkQuorum: boolean;
  readonly membership: boolean;
}

/** The flags of a list of variant names (which configError has checked). */
export function variantFlags(variants: readonly string[] | undefined): VariantFlags {
  const on = variants ?? [];
  return {
    prevote: on.includes('prevote'),
    checkQuorum: on.includes('check-quorum'),
    membership: on.includes('membership'),
  };
}

/** The variant with this name, or undefined. */
export function findVariant(name: string): Variant | undefined {
  return VARIANTS.find((v) => v.name === name);
}
