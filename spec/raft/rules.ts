/**
 * The protocol's decision rules, each in one place. The handlers ask these functions and never decide these
 * questions themselves, so a protocol variant or a deliberate bug (see bugs.ts) replaces one rule without copying
 * a handler. Rules take plain numbers, not state objects, so that every engine that runs the spec (the
 * Immutable.js reference and the checker's flat engine) asks the very same functions.
 */
import type { ServerId, Term } from './types.js';

export interface RaftRules {
  /**
   * Election restriction (§5.4.1): the candidate's log (its last term and length, from the request) is at least
   * as up to date as the voter's.
   */
  voteLogOk(candidateLastTerm: Term, candidateLastIndex: number, voterLastTerm: Term, voterLogLen: number): boolean;
  /** One vote per term (§5.2): the voter has not voted (null), or voted for this candidate already. */
  voteAvailable(votedFor: ServerId | null, candidate: ServerId): boolean;
  /**
   * AppendEntries consistency check (§5.3): the follower, whose log has `logLen` entries and the term
   * `termAtPrev` at prevLogIndex (0 when it has no such entry), holds prevLogTerm at prevLogIndex.
   */
  appendLogOk(prevLogIndex: number, prevLogTerm: Term, logLen: number, termAtPrev: Term): boolean;
  /** Commitment rule (§5.4.2): a leader commits by counting replicas only an entry of its current term. */
  mayCommit(entryTerm: Term, currentTerm: Term): boolean;
  /** Which RequestVoteResponses a candidate counts, by term: raft.tla counts those of its current term only. */
  countsVoteResponse(currentTerm: Term, responseTerm: Term): boolean;
  /** What a restart keeps besides the log: raft.tla persists currentTerm and votedFor. */
  readonly restartKeepsTermAndVote: boolean;
  /**
   * prevote (thesis §9.6): whether a server that won its pre-vote forgets the pre-votes when it starts the real
   * election, as Timeout forgets every earlier vote; the pre-votes were for a term no one has voted in yet.
   */
  readonly electionForgetsPreVotes: boolean;
  /**
   * membership: whether a leader must have committed an entry of its current term before it appends a
   * configuration entry (the fix of Ongaro's raft-dev post, July 2015; docs/variants.md).
   */
  readonly configChangeNeedsTermCommit: boolean;
}

/** The rules of raft.tla. */
export const raftRules: RaftRules = {
  voteLogOk: (candidateLastTerm, candidateLastIndex, voterLastTerm, voterLogLen) =>
    candidateLastTerm > voterLastTerm || (candidateLastTerm === voterLastTerm && candidateLastIndex >= voterLogLen),
  voteAvailable: (votedFor, candidate) => votedFor === null || votedFor === candidate,
  appendLogOk: (prevLogIndex, prevLogTerm, logLen, termAtPrev) =>
    prevLogIndex === 0 || (prevLogIndex <= logLen && termAtPrev === prevLogTerm),
  mayCommit: (entryTerm, currentTerm) => entryTerm === currentTerm,
  countsVoteResponse: (currentTerm, responseTerm) => responseTerm === currentTerm,
  restartKeepsTermAndVote: true,
  electionForgetsPreVotes: true,
  configChangeNeedsTermCommit: true,
};
