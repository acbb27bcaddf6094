/**
 * The protocol's decision rules, each in one place. The handlers ask these functions and never decide these
 * questions themselves, so a protocol variant or a deliberate bug (see bugs.ts) replaces one rule without copying
 * a handler. Rules take plain numbers, not state objects, so that every engine that runs the spec (the
 * Immutable.js reference and the checker's flat engine) asks the very same functions.
 */
import { isQuorumOf } from './quorum.js';
import type { ServerId, Term } from './types.js';
import { VARIANT_MODULES, type VariantModules } from './variants/registry.js';

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * Every decision rule: raft.tla's, and those the variants add (each variant module's `rules`, with its
 * reference value). A bug replaces one of them; a rule applies to every variant that asks it.
 */
export type RaftRules = CoreRules & UnionToIntersection<VariantModules[number]['rules']>;

/** raft.tla's decision rules. */
export interface CoreRules {
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
  /** Which replicas commit an entry (§5.3): a quorum of `members`; both are bit masks of servers. */
  commitsWith(replicas: number, members: number): boolean;
  /** Which RequestVoteResponses a candidate counts, by term: raft.tla counts those of its current term only. */
  countsVoteResponse(currentTerm: Term, responseTerm: Term): boolean;
  /** What a restart keeps besides the log: raft.tla persists currentTerm and votedFor. */
  readonly restartKeepsTermAndVote: boolean;
}

const coreRules: CoreRules = {
  voteLogOk: (candidateLastTerm, candidateLastIndex, voterLastTerm, voterLogLen) =>
    candidateLastTerm > voterLastTerm || (candidateLastTerm === voterLastTerm && candidateLastIndex >= voterLogLen),
  voteAvailable: (votedFor, candidate) => votedFor === null || votedFor === candidate,
  appendLogOk: (prevLogIndex, prevLogTerm, logLen, termAtPrev) =>
    prevLogIndex === 0 || (prevLogIndex <= logLen && termAtPrev === prevLogTerm),
  mayCommit: (entryTerm, currentTerm) => entryTerm === currentTerm,
  commitsWith: isQuorumOf,
  countsVoteResponse: (currentTerm, responseTerm) => responseTerm === currentTerm,
  restartKeepsTermAndVote: true,
};

/** The rules of raft.tla, and the variants' own rules as their modules give them. */
export const raftRules: RaftRules = Object.assign({}, coreRules, ...VARIANT_MODULES.map((m) => m.rules)) as RaftRules;
