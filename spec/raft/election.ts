/**
 * Leader election: Timeout, RequestVote, BecomeLeader and the two RequestVote handlers (paper §5.2, §5.4.1).
 * Each action reads and writes the cluster through `c` (see cluster.ts) and returns whether it was enabled; a
 * disabled action writes nothing.
 */
import type { Cluster, MessageView } from './cluster.js';
import { members } from './configuration.js';
import { formatMembers, guardsHold, wrongRole, type Guard } from './guard.js';
import type { RaftRules } from './rules.js';
import { isMember, isQuorumOf, quorumSize } from './quorum.js';
import { serverName, type ServerId } from './types.js';

type Request = Extract<MessageView, { type: 'RequestVoteRequest' }>;
type Response = Extract<MessageView, { type: 'RequestVoteResponse' }>;

// The guards of the election's actions, clause by clause (guard.ts): the listing tests them, explain.ts words them.

const notLeader: Guard = {
  holds: (c, i) => c.server(i).state !== 'Leader',
  why: (c, i, _x, action) => wrongRole(c, i, action, 'a server that is not Leader'),
};

/** A server outside its own configuration starts no election (thesis §4.2.2). */
const selfMember: Guard = {
  holds: (c, i) => isMember(members(c, i), i),
  why: (c, i) => `${serverName(i)} is not a member of its configuration ${formatMembers(members(c, i))}`,
};

/** Only a candidate asks for votes and counts them. */
export const isCandidate: Guard = {
  holds: (c, i) => c.server(i).state === 'Candidate',
  why: (c, i, _x, action) => wrongRole(c, i, action, 'Candidate'),
};

/** A candidate asks j once per election: until j has answered. */
const notAnswered: Guard = {
  holds: (c, i, j) => !c.server(i).votesResponded.has(j),
  why: (_c, i, j) => `${serverName(j)} is in votesResponded[${serverName(i)}]: it has answered already`,
};

/** Only the members of its configuration are asked: no one else's vote counts (nor, in a variant, pre-vote). */
export const voterIsMember: Guard = {
  holds: (c, i, j) => isMember(members(c, i), j),
  why: (c, i, j) => `${serverName(j)} is not in ${serverName(i)}'s configuration ${formatMembers(members(c, i))}`,
};

/** Votes from a quorum of the candidate's configuration. */
const hasVoteQuorum: Guard = {
  holds: (c, i) => isQuorumOf(c.server(i).votesGranted.mask, members(c, i)),
  why: (c, i) => {
    const config = members(c, i);
    return (
      `votesGranted[${serverName(i)}] = ${formatMembers(c.server(i).votesGranted.mask)} is not a quorum of ` +
      `${formatMembers(config)} (${String(quorumSize(config))} needed)`
    );
  },
};

/** raft.tla Timeout's guard: a leader does not time out. A variant may replace Timeout's effect, never this. */
export const TIMEOUT_GUARDS: readonly Guard[] = [notLeader, selfMember];

/** Timeout's guard as one test. */
export function mayTimeOut(c: Cluster, i: ServerId): boolean {
  return guardsHold(TIMEOUT_GUARDS, c, i, 0);
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

/** raft.tla RequestVote's guard; paper §5.2. */
export const REQUEST_VOTE_GUARDS: readonly Guard[] = [isCandidate, notAnswered, voterIsMember];

/** raft.tla RequestVote's effect: candidate i asks j (itself included) for a vote. */
export function sendRequestVote(c: Cluster, i: ServerId, j: ServerId): void {
  const me = c.server(i);
  c.send({
    type: 'RequestVoteRequest',
    source: i,
    dest: j,
    term: me.currentTerm,
    lastLogTerm: me.log.lastTerm(),
    lastLogIndex: me.log.length,
  });
}

/** raft.tla RequestVote; paper §5.2. */
export function requestVote(c: Cluster, i: ServerId, j: ServerId): boolean {
  if (!guardsHold(REQUEST_VOTE_GUARDS, c, i, j)) return false;
  sendRequestVote(c, i, j);
  return true;
}

/** raft.tla BecomeLeader's guard; paper §5.2: a candidate with votes from a quorum of its configuration. */
export const BECOME_LEADER_GUARDS: readonly Guard[] = [isCandidate, hasVoteQuorum];

/** raft.tla BecomeLeader's effect: i leads, and the variants' resets and hooks for it run. */
export function lead(c: Cluster, i: ServerId): void {
  const me = c.server(i);
  me.state = 'Leader';
  me.nextIndex.fill(me.log.length + 1);
  me.matchIndex.fill(0);
  const hook = c.hooks.onBecomeLeader;
  if (hook !== undefined) hook(me);
}

/** raft.tla BecomeLeader; paper §5.2. */
export function becomeLeader(c: Cluster, i: ServerId): boolean {
  if (!guardsHold(BECOME_LEADER_GUARDS, c, i, 0)) return false;
  lead(c, i);
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
