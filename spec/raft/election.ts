/**
 * Leader election: Timeout, RequestVote, BecomeLeader and the two RequestVote handlers (paper §5.2, §5.4.1).
 * Each action reads and writes the cluster through `c` (see cluster.ts) and returns whether it was enabled; a
 * disabled action writes nothing.
 */
import type { Cluster, MessageView } from './cluster.js';
import { members } from './configuration.js';
import type { RaftRules } from './rules.js';
import { isMember, isQuorumOf } from './quorum.js';
import type { ServerId } from './types.js';

type Request = Extract<MessageView, { type: 'RequestVoteRequest' }>;
type Response = Extract<MessageView, { type: 'RequestVoteResponse' }>;

/**
 * Timeout's guard: a server that is not a leader times out, if it is a member of its own configuration (a
 * server outside it starts no election, thesis §4.2.2). A variant may replace Timeout's effect, never this.
 */
export function mayTimeOut(c: Cluster, i: ServerId): boolean {
  return c.server(i).state !== 'Leader' && isMember(members(c, i), i);
}

/** raft.tla Timeout; paper §5.2. A follower or candidate starts an election in the next term. */
export function timeout(c: Cluster, i: ServerId): boolean {
  if (!mayTimeOut(c, i)) return false;
  startCandidacy(c, i);
  return true;
}

/** Timeout's effect: server i becomes a candidate in the next term. */
export function startCandidacy(c: Cluster, i: ServerId): void {
  const me = c.server(i);
  me.state = 'Candidate';
  me.currentTerm = me.currentTerm + 1;
  // The candidate does not vote for itself here: it sends itself a RequestVote like everyone else.
  me.votedFor = null;
  me.votesResponded.clear();
  me.votesGranted.clear();
}

/**
 * raft.tla RequestVote; paper §5.2. A candidate asks j (itself included) for a vote, until j has answered; only
 * the members of its configuration, as no one else's vote counts.
 */
export function requestVote(c: Cluster, i: ServerId, j: ServerId): boolean {
  const me = c.server(i);
  if (me.state !== 'Candidate' || me.votesResponded.has(j) || !isMember(members(c, i), j)) return false;
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

/** raft.tla BecomeLeader; paper §5.2. A candidate with votes from a quorum of its configuration leads. */
export function becomeLeader(c: Cluster, i: ServerId): boolean {
  const me = c.server(i);
  if (me.state !== 'Candidate' || !isQuorumOf(me.votesGranted.mask, members(c, i))) return false;
  me.state = 'Leader';
  me.nextIndex.fill(me.log.length + 1);
  me.matchIndex.fill(0);
  const hook = c.hooks.onBecomeLeader;
  if (hook !== undefined) hook(me);
  return true;
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
