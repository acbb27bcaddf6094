/**
 * etcdraft.tla's log entries, packed into one integer each so that logs are plain number arrays: equal entries
 * are equal numbers, and a log compares and encodes as its numbers.
 *
 * An entry is `[term, type, value]`. etcdraft.tla writes three kinds of value, and tells them apart: a client's
 * `[val |-> 0]` (ClientRequest), the empty `<<>>` a leader appends instead of a second configuration change
 * while one is pending (AddNewServer, AddLearner, DeleteServer), and a configuration `[newconf, learners]`.
 * Server sets are bit masks (bit k is server k+1), 12 bits each: entries name at most 12 servers. A packed
 * entry is exact as a JS number for any term; it fits a 32-bit word (the checker's encoding) below term 32, far
 * above any bound a search uses (config.ts).
 */

/** The kinds of entry, as packed. */
export const ENTRY_KINDS = ['Value', 'Empty', 'Config'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

const BITS = 12;
const MASK = (1 << BITS) - 1;
const KIND = 2 ** (2 * BITS);
const TERM = 4 * KIND;

/** The most servers a packed entry can name. */
export const MAX_ETCD_SERVERS = BITS;

export function valueEntry(term: number): number {
  return term * TERM;
}

export function emptyEntry(term: number): number {
  return term * TERM + KIND;
}

export function configEntry(term: number, voters: number, learners: number): number {
  return term * TERM + 2 * KIND + voters * 2 ** BITS + learners;
}

export function entryTerm(e: number): number {
  return Math.floor(e / TERM);
}

export function entryKind(e: number): EntryKind {
  return ENTRY_KINDS[Math.floor(e / KIND) % 4]!;
}

/** A configuration entry's voters (`newconf`). */
export function entryVoters(e: number): number {
  return Math.floor(e / 2 ** BITS) & MASK;
}

export function entryLearners(e: number): number {
  return e & MASK;
}

/** MCetcdraft's count of value entries (client requests and the empty ones) toward RequestLimit. */
export function isValueEntry(e: number): boolean {
  return entryKind(e) !== 'Config';
}

/** The term of the last entry, or 0 for an empty log (etcdraft.tla LastTerm). */
export function lastTerm(log: readonly number[]): number {
  return log.length === 0 ? 0 : entryTerm(log[log.length - 1]!);
}

/** Renames the servers a configuration entry names (`rename` maps a mask to a mask). */
export function renameEntry(e: number, rename: (mask: number) => number): number {
  if (entryKind(e) !== 'Config') return e;
  return configEntry(entryTerm(e), rename(entryVoters(e)), rename(entryLearners(e)));
}
