/**
 * The flat engine's state layout: a whole cluster state as one `Int32Array`, so that the checker's hot path
 * copies a few hundred bytes per successor instead of building Immutable.js structures, and a state is its own
 * canonical encoding.
 *
 * Per server, `serverWords` words:
 *   0 currentTerm, 1 role (0 Follower, 1 Candidate, 2 Leader), 2 votedFor (0 Nil, else id + 1), 3 commitIndex,
 *   4 votesResponded (bit j for server j), 5 votesGranted, 6 log length,
 *   7.. (term, value) per log slot, `logCap` slots, unused slots zero,
 *   then nextIndex[0..N) and matchIndex[0..N).
 * Then the bag: one word K (distinct messages), then K records of `MESSAGE_WORDS` words, sorted by their first
 * nine words, which is the same order as the reference spec's `compareMessages`:
 *   type (0 RequestVoteRequest, 1 RequestVoteResponse, 2 AppendEntriesRequest, 3 AppendEntriesResponse),
 *   source, dest, term, then per type
 *     RequestVoteRequest: lastLogTerm, lastLogIndex, 0, 0, 0
 *     RequestVoteResponse: voteGranted (0/1), 0, 0, 0, 0
 *     AppendEntriesRequest: prevLogIndex, prevLogTerm, entry term (0: no entry), entry value, commitIndex
 *     AppendEntriesResponse: success (0/1), matchIndex, 0, 0, 0
 *   and last the number of copies.
 */

export const TERM = 0;
export const ROLE = 1;
export const VOTED_FOR = 2;
export const COMMIT_INDEX = 3;
export const VOTES_RESPONDED = 4;
export const VOTES_GRANTED = 5;
export const LOG_LEN = 6;
export const LOG = 7;

export const FOLLOWER = 0;
export const CANDIDATE = 1;
export const LEADER = 2;

export const RV_REQUEST = 0;
export const RV_RESPONSE = 1;
export const AE_REQUEST = 2;
export const AE_RESPONSE = 3;

/** Words of one message record, the copy count included. */
export const MESSAGE_WORDS = 10;
/** Words that identify a message (all but the copy count). */
export const MESSAGE_KEY_WORDS = 9;
/** Offsets inside a message record. */
export const M_TYPE = 0;
export const M_SOURCE = 1;
export const M_DEST = 2;
export const M_TERM = 3;
export const M_A = 4;
export const M_B = 5;
export const M_C = 6;
export const M_D = 7;
export const M_E = 8;
export const M_COUNT = 9;

/** Offsets derived from the number of servers and the log capacity. */
export class FlatLayout {
  readonly serverWords: number;
  readonly nextIndex: number;
  readonly matchIndex: number;
  readonly bagStart: number;

  /** `logCap` must exceed maxLogLen by one: a successor may break the bound by one entry before it is discarded. */
  constructor(
    readonly servers: number,
    readonly logCap: number,
  ) {
    this.nextIndex = LOG + 2 * logCap;
    this.matchIndex = this.nextIndex + servers;
    this.serverWords = this.matchIndex + servers;
    this.bagStart = servers * this.serverWords;
  }

  /** Offset of server i's block. */
  base(i: number): number {
    return i * this.serverWords;
  }

  /** Offset of the k-th message record. */
  message(k: number): number {
    return this.bagStart + 1 + k * MESSAGE_WORDS;
  }
}
