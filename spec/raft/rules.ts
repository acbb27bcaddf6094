/**
 * The protocol's decision rules, each in one place. The handlers ask these functions and never decide these
 * questions themselves, so a protocol variant or a deliberate bug (see bugs.ts) replaces one rule without copying
 * a handler.
 */
import type { AppendEntriesRequest, RequestVoteRequest } from './messages.js';
import { lastTerm, type ServerState } from './state.js';
import type { ServerId, Term } from './types.js';
import { List, Set as ISet } from 'immutable';

export interface RaftRules {
  /** Election restriction (§5.4.1): the candidate's log is at least as up to date as the voter's. */
  voteLogOk(voter: ServerState, m: RequestVoteRequest): boolean;
  /** One vote per term (§5.2): the voter has not voted, or voted for this candidate already. */
  voteAvailable(voter: ServerState, candidate: ServerId): boolean;
  /** AppendEntries consistency check (§5.3): the follower holds prevLogTerm at prevLogIndex. */
  appendLogOk(follower: ServerState, m: AppendEntriesRequest): boolean;
  /** Commitment rule (§5.4.2): a leader commits by counting replicas only an entry of its current term. */
  mayCommit(leader: ServerState, index: number): boolean;
  /** Which RequestVoteResponses a candidate counts, by term: raft.tla counts those of its current term only. */
  countsVoteResponse(currentTerm: Term, responseTerm: Term): boolean;
  /** A server's variables after a crash and restart: volatile state is lost, persistent state is kept. */
  restart(s: ServerState, servers: number): ServerState;
}

/** The rules of raft.tla. */
export const raftRules: RaftRules = {
  voteLogOk(voter, m) {
    const myLastTerm = lastTerm(voter.log);
    return m.lastLogTerm > myLastTerm || (m.lastLogTerm === myLastTerm && m.lastLogIndex >= voter.log.size);
  },
  voteAvailable(voter, candidate) {
    return voter.votedFor === null || voter.votedFor === candidate;
  },
  appendLogOk(follower, m) {
    if (m.prevLogIndex === 0) return true;
    return m.prevLogIndex <= follower.log.size && follower.log.get(m.prevLogIndex - 1)?.term === m.prevLogTerm;
  },
  mayCommit(leader, index) {
    return leader.log.get(index - 1)?.term === leader.currentTerm;
  },
  countsVoteResponse(currentTerm, responseTerm) {
    return responseTerm === currentTerm;
  },
  restart(s, servers) {
    return s.merge({
      state: 'Follower',
      votesResponded: ISet(),
      votesGranted: ISet(),
      nextIndex: List(Array.from({ length: servers }, () => 1)),
      matchIndex: List(Array.from({ length: servers }, () => 0)),
      commitIndex: 0,
    });
  },
};
