/**
 * Leader election: Timeout, RequestVote, BecomeLeader and the two RequestVote handlers (paper §5.2, §5.4.1).
 * Every function is pure: it returns the new cluster state, or undefined when the action is disabled.
 */
import { Set as ISet } from 'immutable';
import {
  requestVoteRequest,
  requestVoteResponse,
  type RequestVoteRequest,
  type RequestVoteResponse,
} from './messages.js';
import { discard, reply, send } from './network.js';
import type { RaftRules } from './rules.js';
import { isQuorum, lastTerm, perServer, server, updateServer, type ClusterState } from './state.js';
import type { ServerId } from './types.js';

/** raft.tla Timeout; paper §5.2. A follower or candidate starts an election in the next term. */
export function timeout(s: ClusterState, i: ServerId): ClusterState | undefined {
  const me = server(s, i);
  if (me.state === 'Leader') return undefined;
  return updateServer(s, i, (v) =>
    v.merge({
      state: 'Candidate',
      currentTerm: v.currentTerm + 1,
      // The candidate does not vote for itself here: it sends itself a RequestVote like everyone else.
      votedFor: null,
      votesResponded: ISet(),
      votesGranted: ISet(),
    }),
  );
}

/** raft.tla RequestVote; paper §5.2. A candidate asks j (itself included) for a vote, until j has answered. */
export function requestVote(s: ClusterState, i: ServerId, j: ServerId): ClusterState | undefined {
  const me = server(s, i);
  if (me.state !== 'Candidate' || me.votesResponded.has(j)) return undefined;
  const m = requestVoteRequest(i, j, me.currentTerm, lastTerm(me.log), me.log.size);
  return s.set('messages', send(s.messages, m));
}

/** raft.tla BecomeLeader; paper §5.2. A candidate with votes from a quorum leads. */
export function becomeLeader(s: ClusterState, i: ServerId): ClusterState | undefined {
  const me = server(s, i);
  if (me.state !== 'Candidate' || !isQuorum(me.votesGranted.size, s.servers.size)) return undefined;
  const n = s.servers.size;
  return updateServer(s, i, (v) =>
    v.merge({
      state: 'Leader',
      nextIndex: perServer(n, v.log.size + 1),
      matchIndex: perServer(n, 0),
    }),
  );
}

/**
 * raft.tla HandleRequestVoteRequest; paper §5.2, §5.4.1. Called with m.term ≤ currentTerm (UpdateTerm has run).
 * Returns the new state and whether the vote was granted.
 */
export function handleRequestVoteRequest(
  s: ClusterState,
  m: RequestVoteRequest,
  rules: RaftRules,
): { state: ClusterState; granted: boolean } {
  const i = m.dest;
  const j = m.source;
  const me = server(s, i);
  const grant =
    m.term === me.currentTerm && // a vote is for the voter's own term only
    rules.voteLogOk(m.lastLogTerm, m.lastLogIndex, lastTerm(me.log), me.log.size) && // log at least as up to date
    rules.voteAvailable(me.votedFor, j); // one vote per term
  const voted = grant ? updateServer(s, i, (v) => v.set('votedFor', j)) : s;
  const response = requestVoteResponse(i, j, me.currentTerm, grant);
  return { state: voted.set('messages', reply(s.messages, response, m)), granted: grant };
}

/**
 * raft.tla HandleRequestVoteResponse; paper §5.2. Counts the answer (whatever i's role is now) when the rules
 * accept its term; the caller has checked that.
 */
export function handleRequestVoteResponse(s: ClusterState, m: RequestVoteResponse): ClusterState {
  const i = m.dest;
  const j = m.source;
  const counted = updateServer(s, i, (v) => {
    const responded = v.set('votesResponded', v.votesResponded.add(j));
    return m.voteGranted ? responded.set('votesGranted', v.votesGranted.add(j)) : responded;
  });
  return counted.set('messages', discard(s.messages, m));
}
