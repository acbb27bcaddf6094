/**
 * A log entry `{term, value}`. Entries are interned like messages (see messages.ts), so equal entries are the
 * same object and logs compare entry by entry with `===`.
 */
import type { Term, Value } from './types.js';

export interface LogEntry {
  readonly term: Term;
  readonly value: Value;
  equals(other: unknown): boolean;
  hashCode(): number;
}

const interned = new Map<number, LogEntry>();

/** The entry `{term, value}` (values and terms below 65536). */
export function logEntry(term: Term, value: Value): LogEntry {
  const key = term * 65536 + value;
  let entry = interned.get(key);
  if (entry === undefined) {
    const hash = Math.imul(key, 0x9e3779b1) >>> 1;
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
