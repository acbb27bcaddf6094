/**
 * etcdraft.tla's four message records. Every message carries its canonical words (what the bag sorts and the
 * encoding writes) and their string key (what the bag compares), computed once when it is built.
 *
 * AppendEntries requests and responses carry etcd's `msubtype`: "app" (MsgApp/MsgAppResp), "heartbeat"
 * (MsgHeartbeat/MsgHeartbeatResp) or "snapshot" (MsgSnap, an append of the leader's log prefix).
 */

export const MESSAGE_TYPES = [
  'RequestVoteRequest',
  'RequestVoteResponse',
  'AppendEntriesRequest',
  'AppendEntriesResponse',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const SUBTYPES = ['app', 'heartbeat', 'snapshot'] as const;
export type Subtype = (typeof SUBTYPES)[number];

interface Header {
  readonly term: number;
  readonly source: number;
  readonly dest: number;
  /** Canonical words: type, subtype, term, source, dest, then the type's own fields. */
  readonly words: readonly number[];
  readonly key: string;
}

export type RequestVoteRequest = Header & {
  readonly type: 'RequestVoteRequest';
  readonly lastLogTerm: number;
  readonly lastLogIndex: number;
};
export type RequestVoteResponse = Header & { readonly type: 'RequestVoteResponse'; readonly voteGranted: boolean };
export type AppendEntriesRequest = Header & {
  readonly type: 'AppendEntriesRequest';
  readonly subtype: Subtype;
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  /** Packed entries (entry.ts). */
  readonly entries: readonly number[];
  readonly commitIndex: number;
};
export type AppendEntriesResponse = Header & {
  readonly type: 'AppendEntriesResponse';
  readonly subtype: Subtype;
  readonly success: boolean;
  readonly matchIndex: number;
};
export type EtcdMessage = RequestVoteRequest | RequestVoteResponse | AppendEntriesRequest | AppendEntriesResponse;

function header(
  type: MessageType,
  subtype: Subtype | undefined,
  term: number,
  source: number,
  dest: number,
  rest: number[],
) {
  const words = [
    MESSAGE_TYPES.indexOf(type),
    subtype === undefined ? 0 : SUBTYPES.indexOf(subtype),
    term,
    source,
    dest,
    ...rest,
  ];
  return { term, source, dest, words, key: words.join(',') };
}

export function requestVoteRequest(
  term: number,
  source: number,
  dest: number,
  lastLogTerm: number,
  lastLogIndex: number,
): RequestVoteRequest {
  return {
    type: 'RequestVoteRequest',
    lastLogTerm,
    lastLogIndex,
    ...header('RequestVoteRequest', undefined, term, source, dest, [lastLogTerm, lastLogIndex]),
  };
}

export function requestVoteResponse(
  term: number,
  source: number,
  dest: number,
  voteGranted: boolean,
): RequestVoteResponse {
  return {
    type: 'RequestVoteResponse',
    voteGranted,
    ...header('RequestVoteResponse', undefined, term, source, dest, [voteGranted ? 1 : 0]),
  };
}

export function appendEntriesRequest(
  subtype: Subtype,
  term: number,
  source: number,
  dest: number,
  prevLogIndex: number,
  prevLogTerm: number,
  entries: readonly number[],
  commitIndex: number,
): AppendEntriesRequest {
  return {
    type: 'AppendEntriesRequest',
    subtype,
    prevLogIndex,
    prevLogTerm,
    entries,
    commitIndex,
    ...header('AppendEntriesRequest', subtype, term, source, dest, [
      prevLogIndex,
      prevLogTerm,
      commitIndex,
      entries.length,
      ...entries,
    ]),
  };
}

export function appendEntriesResponse(
  subtype: Subtype,
  term: number,
  source: number,
  dest: number,
  success: boolean,
  matchIndex: number,
): AppendEntriesResponse {
  return {
    type: 'AppendEntriesResponse',
    subtype,
    success,
    matchIndex,
    ...header('AppendEntriesResponse', subtype, term, source, dest, [success ? 1 : 0, matchIndex]),
  };
}

/** The message whose canonical words start at `words[at]`, and where the next one starts. */
export function messageFromWords(words: ArrayLike<number>, at: number): { message: EtcdMessage; end: number } {
  const type = MESSAGE_TYPES[words[at]!]!;
  const subtype = SUBTYPES[words[at + 1]!]!;
  const term = words[at + 2]!;
  const source = words[at + 3]!;
  const dest = words[at + 4]!;
  const f = at + 5;
  switch (type) {
    case 'RequestVoteRequest':
      return { message: requestVoteRequest(term, source, dest, words[f]!, words[f + 1]!), end: f + 2 };
    case 'RequestVoteResponse':
      return { message: requestVoteResponse(term, source, dest, words[f] === 1), end: f + 1 };
    case 'AppendEntriesRequest': {
      const n = words[f + 3]!;
      const entries = Array.from({ length: n }, (_, k) => words[f + 4 + k]!);
      const message = appendEntriesRequest(
        subtype,
        term,
        source,
        dest,
        words[f]!,
        words[f + 1]!,
        entries,
        words[f + 2]!,
      );
      return { message, end: f + 4 + n };
    }
    case 'AppendEntriesResponse':
      return {
        message: appendEntriesResponse(subtype, term, source, dest, words[f] === 1, words[f + 1]!),
        end: f + 2,
      };
  }
}

/** The message with its servers renamed (perm[id-1] is the new id of id) and entries renamed by `entry`. */
export function renameMessage(m: EtcdMessage, perm: readonly number[], entry: (e: number) => number): EtcdMessage {
  const s = perm[m.source - 1]!;
  const d = perm[m.dest - 1]!;
  switch (m.type) {
    case 'RequestVoteRequest':
      return requestVoteRequest(m.term, s, d, m.lastLogTerm, m.lastLogIndex);
    case 'RequestVoteResponse':
      return requestVoteResponse(m.term, s, d, m.voteGranted);
    case 'AppendEntriesRequest':
      return appendEntriesRequest(
        m.subtype,
        m.term,
        s,
        d,
        m.prevLogIndex,
        m.prevLogTerm,
        m.entries.map(entry),
        m.commitIndex,
      );
    case 'AppendEntriesResponse':
      return appendEntriesResponse(m.subtype, m.term, s, d, m.success, m.matchIndex);
  }
}
