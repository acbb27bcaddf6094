/**
 * Leader election: Timeout, RequestVote, BecomeLeader and the two RequestVote handlers (paper §5.2, §5.4.1).
 * Each action reads and writes the cluster through `c` (see cluster.ts) and returns whether it was enabled; a
 * disabled action writes nothing.
 */
import type { Cluster, MessageView } from './cluster.js';
import type { RaftRules } from './rules.js';
import { isQuorum } from './quorum.js';
import type { ServerId } from './types.js';

type Request = Extract<MessageView, { type: 'RequestVoteRequest' }>;
type Response = Extract<MessageView, { type: 'RequestVoteResponse' }>;

/** raft.tla Timeout; paper §5.2. A follower or candidate starts an election in the next term. */
export function timeout(c: Cluster, i: ServerId): boolean {
  const me = c.server(i);
  if (me.state === 'Leader') return false;
  me.state = 'Candidate';
  me.currentTerm = me.currentTerm + 1;
  // The candidate does not vote for itself here: it sends itself a RequestVote like everyone else.
  me.votedFor = null;
  me.votesResponded.clear();
  me.votesGranted.clear();
  return true;
}

/** raft.tla RequestVote; paper §5.2. A candidate asks j (itself included) for a vote, until j has answered. */
export function requestVote(c: Cluster, i: ServerId, j: ServerId): boolean {
  const me = c.server(i);
  if (me.state !== 'Candidate' || me.votesResponded.has(j)) return false;
  c.send({
    type: 'RequestVoteRequest',
    source: i,
    dest: j,
    term: me.currentTerm,
    lastLogTerm: me.log.lastTerm(),
    lastLogIndex: me.log.length,
  });
  return true;
}

/** raft.tla BecomeLeader; paper §5.2. A candidate with votes from a quorum leads. */
export function becomeLeader(c: Cluster, i: ServerId): boolean {
  const me = c.server(i);
  if (me.state !== 'Candidate' || !isQuorum(me.votesGranted.size, c.n)) return false;
  lead(c, i);
  return true;
}

/** BecomeLeader's effect, once the candidate has its quorum (membership counts it in its own way). */
export function lead(c: Cluster, i: ServerId): void {
  const me = c.server(i);
  me.state = 'Leader';
  me.nextIndex.fill(me.log.length + 1);
  me.matchIndex.fill(0);
}

/**
 * raft.tla HandleRequestVoteRequest; paper §5.2, §5.4.1. Called with m.term ≤ currentTerm (UpdateTerm has run).
 * Returns whether the vote was granted.
 */
export function handleRequestVoteRequest(c: Cluster, m: Request, rules: RaftRules): 'granted' | 'refused' {
  const me = c.server(m.dest);
  const j = m.source;
  const grant =
    m.term === me.currentTerm && // a vote is for the voter's own term only
    rules.voteLogOk(m.lastLogTerm, m.lastLogIndex, me.log.lastTerm(), me.log.length) && // log at least as up to date
    rules.voteAvailable(me.votedFor, j); // one vote per term
  if (grant) me.votedFor = j;
  c.reply({ type: 'RequestVoteResponse', source: m.dest, dest: j, term: me.currentTerm, voteGranted: grant }, m);
  return grant ? 'granted' : 'refused';
}

/**
 * raft.tla HandleRequestVoteResponse; paper §5.2. Counts the answer (whatever i's role is now) when the rules
 * accept its term; the caller has checked that.
 */
export function handleRequestVoteResponse(c: Cluster, m: Response): 'granted' | 'refused' {
  const me = c.server(m.dest);
  me.votesResponded.add(m.source);
  if (m.voteGranted) me.votesGranted.add(m.source);
  c.discard(m);
  return m.voteGranted ? 'granted' : 'refused';
}

// prevote (thesis §9.6, docs/variants.md): a pre-vote phase in front of every election. The pre-candidate tallies
// pre-votes in votesResponded and votesGranted, as etcd raft does; its term and vote, and every voter's, stay as
// they are until it has a quorum of pre-votes.

type PreVoteRequest = Extract<MessageView, { type: 'PreVoteRequest' }>;
type PreVoteResponse = Extract<MessageView, { type: 'PreVoteResponse' }>;

/**
 * prevote's Timeout: a follower, candidate or pre-candidate whose timer fires starts a pre-vote for the next term
 * without changing its term or vote; it forgets the leader it had heard from (§4.2.3).
 */
export function preVoteTimeout(c: Cluster, i: ServerId): boolean {
  const me = c.server(i);
  if (me.state === 'Leader') return false;
  me.state = 'PreCandidate';
  me.votesResponded.clear();
  me.votesGranted.clear();
  me.heardFromLeader = false;
  return true;
}

/** RequestPreVote: a pre-candidate asks j (itself included) for a pre-vote for currentTerm+1, until j has answered. */
export function requestPreVote(c: Cluster, i: ServerId, j: ServerId): boolean {
  const me = c.server(i);
  if (me.state !== 'PreCandidate' || me.votesResponded.has(j)) return false;
  c.send({
    type: 'PreVoteRequest',
    source: i,
    dest: j,
    term: me.currentTerm + 1,
    lastLogTerm: me.log.lastTerm(),
    lastLogIndex: me.log.length,
  });
  return true;
}

/** StartElection: a pre-candidate with pre-votes from a quorum starts the real election, as raft.tla's Timeout. */
export function startElection(c: Cluster, i: ServerId, rules: RaftRules): boolean {
  const me = c.server(i);
  if (me.state !== 'PreCandidate' || !isQuorum(me.votesGranted.size, c.n)) return false;
  beginElection(c, i, rules);
  return true;
}

/** StartElection's effect, once the pre-candidate has its quorum (membership counts it in its own way). */
export function beginElection(c: Cluster, i: ServerId, rules: RaftRules): void {
  const me = c.server(i);
  me.state = 'Candidate';
  me.currentTerm = me.currentTerm + 1;
  me.votedFor = null;
  if (rules.electionForgetsPreVotes) {
    me.votesResponded.clear();
    me.votesGranted.clear();
  }
}

/**
 * HandlePreVoteRequest, for a request of any term (a pre-vote never updates a term). The pre-vote is granted
 * when the proposed term is above the voter's, the voter is not a leader and has not heard from a leader since
 * its last Timeout (§4.2.3), and the requester's log is at least as up to date (§5.4.1). The voter's own state
 * does not change; the response carries the proposed term, so that the pre-candidate can match it.
 */
export function handlePreVoteRequest(c: Cluster, m: PreVoteRequest, rules: RaftRules): 'granted' | 'refused' {
  const me = c.server(m.dest);
  const grant =
    m.term > me.currentTerm &&
    me.state !== 'Leader' &&
    !me.heardFromLeader &&
    rules.voteLogOk(m.lastLogTerm, m.lastLogIndex, me.log.lastTerm(), me.log.length);
  c.reply({ type: 'PreVoteResponse', source: m.dest, dest: m.source, term: m.term, voteGranted: grant }, m);
  return grant ? 'granted' : 'refused';
}

/** HandlePreVoteResponse: a pre-candidate counts an answer for the term it proposes; the caller has checked that. */
export function handlePreVoteResponse(c: Cluster, m: PreVoteResponse): 'granted' | 'refused' {
  const me = c.server(m.dest);
  me.votesResponded.add(m.source);
  if (m.voteGranted) me.votesGranted.add(m.source);
  c.discard(m);
  return m.voteGranted ? 'granted' : 'refused';
}
