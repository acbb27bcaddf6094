/**
 * A log entry `{term, value}`. Entries are interned like messages (see messages.ts), so equal entries are the
 * same object and logs compare entry by entry with `===`.
 *
 * An entry's value is a client value (1..K) or, with the membership variant (docs/variants.md), a configuration:
 * the set of servers it names, stored as the negated bit mask. One word carries either, so an entry is two
 * words in every layout and in every message, replication copies a configuration like any value, and the
 * reference model's states are unchanged (its values are all positive).
 */
import type { ServerId, Term, Value } from './types.js';

export interface LogEntry {
  readonly term: Term;
  readonly value: Value;
  equals(other: unknown): boolean;
  hashCode(): number;
}

/** The value word of a configuration entry naming the servers of `members` (a non-empty bit mask). */
export function configValue(members: number): Value {
  return -members;
}

/** Whether an entry's value word is a configuration (membership) rather than a client value. */
export function isConfigValue(value: Value): boolean {
  return value < 0;
}

/** The bit mask of servers a configuration entry's value names. */
export function configMembers(value: Value): number {
  return -value;
}

/** The servers of a bit mask, in order. */
export function maskServers(mask: number): ServerId[] {
  const out: ServerId[] = [];
  for (let j = 0; 1 << j <= mask; j++) if ((mask & (1 << j)) !== 0) out.push(j);
  return out;
}

const interned = new Map<number, LogEntry>();

/** The entry `{term, value}` (terms below 65536, values above -65536 and below 65536). */
export function logEntry(term: Term, value: Value): LogEntry {
  const key = term * 131072 + value;
  let entry = interned.get(key);
  if (entry === undefined) {
    // The hash of raft.tla's entries is what it always was; a configuration's may collide, which equals settles.
    const hash = Math.imul(term * 65536 + value, 0x9e3779b1) >>> 1;
    entry = Object.freeze({
      term,
      value,
      equals(this: LogEntry, other: unknown): boolean {
        return this === other;
      },
      hashCode: () => hash,
    });
    interned.set(key, entry);
  }
  return entry;
}
