/**
 * The four RPC messages of raft.tla (without the history field `mlog`).
 *
 * Messages are keys of the network bag, so they must compare by value. Each message is interned: building a
 * message equal to an existing one returns the existing object, so equality is identity, the hash is computed
 * once, and the bag's lookups never walk fields. Messages are frozen and implement Immutable's ValueObject
 * protocol (`equals`, `hashCode`), so Immutable collections treat them as values.
 *
 * Every field is always present with one encoding (booleans are booleans, an AppendEntries without an entry has
 * `entry: null`), because two encodings of one message would split one model state into two.
 */
import type { LogEntry } from './logEntry.js';
import type { ServerId, Term } from './types.js';

interface MessageBase {
  readonly source: ServerId;
  readonly dest: ServerId;
  readonly term: Term;
  /** The canonical encoding as 32-bit words: equal messages, equal words. */
  readonly code: Int32Array;
  equals(other: unknown): boolean;
  hashCode(): number;
}

export interface RequestVoteRequest extends MessageBase {
  readonly type: 'RequestVoteRequest';
  readonly lastLogTerm: Term;
  readonly lastLogIndex: number;
}

export interface RequestVoteResponse extends MessageBase {
  readonly type: 'RequestVoteResponse';
  readonly voteGranted: boolean;
}

export interface AppendEntriesRequest extends MessageBase {
  readonly type: 'AppendEntriesRequest';
  readonly prevLogIndex: number;
  readonly prevLogTerm: Term;
  /** raft.tla's `mentries`, which holds 0 or 1 entry. */
  readonly entry: LogEntry | null;
  readonly commitIndex: number;
}

export interface AppendEntriesResponse extends MessageBase {
  readonly type: 'AppendEntriesResponse';
  readonly success: boolean;
  readonly matchIndex: number;
}

export type Message = RequestVoteRequest | RequestVoteResponse | AppendEntriesRequest | AppendEntriesResponse;
export type MessageType = Message['type'];

/** Message type tags in encoding order. */
export const MESSAGE_TYPES: readonly MessageType[] = [
  'RequestVoteRequest',
  'RequestVoteResponse',
  'AppendEntriesRequest',
  'AppendEntriesResponse',
];

const interned = new Map<string, Message>();

function identityEquals(this: Message, other: unknown): boolean {
  return this === other;
}

function intern<M extends Message>(fields: Omit<M, 'code' | 'equals' | 'hashCode'>, code: number[]): M {
  const key = code.join(',');
  const existing = interned.get(key);
  if (existing !== undefined) return existing as M;
  const words = Int32Array.from(code);
  let hash = 0x811c9dc5;
  for (const w of code) hash = Math.imul(hash ^ w, 0x01000193);
  const hashCode = (hash >>> 1) | 0;
  const message = Object.freeze({
    ...fields,
    code: words,
    equals: identityEquals,
    hashCode: () => hashCode,
  }) as unknown as M;
  interned.set(key, message);
  return message;
}

export function requestVoteRequest(
  source: ServerId,
  dest: ServerId,
  term: Term,
  lastLogTerm: Term,
  lastLogIndex: number,
): RequestVoteRequest {
  return intern<RequestVoteRequest>({ type: 'RequestVoteRequest', source, dest, term, lastLogTerm, lastLogIndex }, [
    0,
    source,
    dest,
    term,
    lastLogTerm,
    lastLogIndex,
  ]);
}

export function requestVoteResponse(
  source: ServerId,
  dest: ServerId,
  term: Term,
  voteGranted: boolean,
): RequestVoteResponse {
  return intern<RequestVoteResponse>({ type: 'RequestVoteResponse', source, dest, term, voteGranted }, [
    1,
    source,
    dest,
    term,
    voteGranted ? 1 : 0,
  ]);
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
  return intern<AppendEntriesRequest>(
    { type: 'AppendEntriesRequest', source, dest, term, prevLogIndex, prevLogTerm, entry, commitIndex },
    [
      2,
      source,
      dest,
      term,
      prevLogIndex,
      prevLogTerm,
      entry === null ? 0 : 1,
      entry?.term ?? 0,
      entry?.value ?? 0,
      commitIndex,
    ],
  );
}

export function appendEntriesResponse(
  source: ServerId,
  dest: ServerId,
  term: Term,
  success: boolean,
  matchIndex: number,
): AppendEntriesResponse {
  return intern<AppendEntriesResponse>({ type: 'AppendEntriesResponse', source, dest, term, success, matchIndex }, [
    3,
    source,
    dest,
    term,
    success ? 1 : 0,
    matchIndex,
  ]);
}

/** Total order on messages by their canonical encoding, so the bag is enumerated the same way for equal bags. */
export function compareMessages(a: Message, b: Message): number {
  const x = a.code;
  const y = b.code;
  const n = Math.min(x.length, y.length);
  for (let k = 0; k < n; k++) {
    const d = x[k]! - y[k]!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
