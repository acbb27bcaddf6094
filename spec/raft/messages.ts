/**
 * raft.tla's messages as values (without the history field `mlog`), their fields as schema.ts declares them.
 *
 * Messages are keys of the network bag, so they must compare by value. Each message is interned: building a
 * message equal to an existing one returns the existing object, so equality is identity, the hash is computed
 * once, and the bag's lookups never walk fields. Messages are frozen and implement Immutable's ValueObject
 * protocol (`equals`, `hashCode`), so Immutable collections treat them as values. A message's `code` is its key
 * in the flat layout, so values and flat states agree on the bag's canonical order.
 */
import {
  MESSAGE_FIELD_OFFSETS,
  MESSAGE_KEY_WORDS,
  MESSAGE_TYPE_CODE,
  M_DEST,
  M_SOURCE,
  M_TERM,
  M_TYPE,
} from './layout.js';
import type { LogEntry } from './logEntry.js';
import { MESSAGE_SCHEMA, type MessageFieldKind, type MessageFields, type MessageType } from './schema.js';
import type { ServerId, Term } from './types.js';

export type { MessageType } from './schema.js';
export { MESSAGE_TYPES } from './schema.js';

interface MessageBase {
  readonly source: ServerId;
  readonly dest: ServerId;
  readonly term: Term;
  /** The canonical encoding as 32-bit words (the flat layout's key): equal messages, equal words. */
  readonly code: Int32Array;
  equals(other: unknown): boolean;
  hashCode(): number;
}

/** A message of type T. */
export type MessageOf<T extends MessageType> = MessageBase & { readonly type: T } & MessageFields<T>;

export type RequestVoteRequest = MessageOf<'RequestVoteRequest'>;
export type RequestVoteResponse = MessageOf<'RequestVoteResponse'>;
export type AppendEntriesRequest = MessageOf<'AppendEntriesRequest'>;
export type AppendEntriesResponse = MessageOf<'AppendEntriesResponse'>;
export type Message = { [T in MessageType]: MessageOf<T> }[MessageType];

/** What `message` takes: a message's fields without its encoding. */
export type MessageInit<T extends MessageType> = {
  readonly type: T;
  readonly source: ServerId;
  readonly dest: ServerId;
  readonly term: Term;
} & MessageFields<T>;

const interned = new Map<string, Message>();

function identityEquals(this: Message, other: unknown): boolean {
  return this === other;
}

/** The message with these fields (the one interned object for them). */
export function message<T extends MessageType>(init: MessageInit<T>): MessageOf<T> {
  const code = new Int32Array(MESSAGE_KEY_WORDS);
  code[M_TYPE] = MESSAGE_TYPE_CODE[init.type];
  code[M_SOURCE] = init.source;
  code[M_DEST] = init.dest;
  code[M_TERM] = init.term;
  const offsets = MESSAGE_FIELD_OFFSETS[init.type] as Record<string, number>;
  const fields = init as unknown as Record<string, unknown>;
  for (const [name, kind] of Object.entries(MESSAGE_SCHEMA[init.type]) as [string, MessageFieldKind][]) {
    const v = fields[name];
    const at = offsets[name]!;
    if (kind.kind === 'int') code[at] = v as number;
    else if (kind.kind === 'bool') code[at] = v === true ? 1 : 0;
    else if (v !== null) {
      code[at] = (v as LogEntry).term;
      code[at + 1] = (v as LogEntry).value;
    }
  }
  const key = code.join(',');
  const existing = interned.get(key);
  if (existing !== undefined) return existing as unknown as MessageOf<T>;
  let hash = 0x811c9dc5;
  for (const w of code) hash = Math.imul(hash ^ w, 0x01000193);
  const hashCode = (hash >>> 1) | 0;
  const own: Record<string, unknown> = { type: init.type, source: init.source, dest: init.dest, term: init.term };
  for (const name of Object.keys(MESSAGE_SCHEMA[init.type])) own[name] = fields[name];
  const m = Object.freeze({ ...own, code, equals: identityEquals, hashCode: () => hashCode }) as unknown as Message;
  interned.set(key, m);
  return m as unknown as MessageOf<T>;
}

// Positional shorthands, for tests and trace readers.

export function requestVoteRequest(
  source: ServerId,
  dest: ServerId,
  term: Term,
  lastLogTerm: Term,
  lastLogIndex: number,
): RequestVoteRequest {
  return message<'RequestVoteRequest'>({ type: 'RequestVoteRequest', source, dest, term, lastLogTerm, lastLogIndex });
}

export function requestVoteResponse(
  source: ServerId,
  dest: ServerId,
  term: Term,
  voteGranted: boolean,
): RequestVoteResponse {
  return message<'RequestVoteResponse'>({ type: 'RequestVoteResponse', source, dest, term, voteGranted });
}

export function appendEntriesRequest(
  source: ServerId,
  dest: ServerId,
  term: Term,
  prevLogIndex: number,
  prevLogTerm: Term,
  entry: LogEntry | null,
  commitIndex: number,
): AppendEntriesRequest {
  return message<'AppendEntriesRequest'>({
    type: 'AppendEntriesRequest',
    source,
    dest,
    term,
    prevLogIndex,
    prevLogTerm,
    entry,
    commitIndex,
  });
}

export function appendEntriesResponse(
  source: ServerId,
  dest: ServerId,
  term: Term,
  success: boolean,
  matchIndex: number,
): AppendEntriesResponse {
  return message<'AppendEntriesResponse'>({ type: 'AppendEntriesResponse', source, dest, term, success, matchIndex });
}

/** Total order on messages by their canonical encoding, so the bag is enumerated the same way for equal bags. */
export function compareMessages(a: Message, b: Message): number {
  const x = a.code;
  const y = b.code;
  for (let k = 0; k < MESSAGE_KEY_WORDS; k++) {
    const d = x[k]! - y[k]!;
    if (d !== 0) return d;
  }
  return 0;
}
