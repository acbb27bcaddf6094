/**
 * Log replication: ClientRequest, AdvanceCommitIndex, AppendEntries and the two AppendEntries handlers (paper
 * §5.3, §5.4.2). Each action reads and writes the cluster through `c` (see cluster.ts).
 */
import type { Cluster, MessageView } from './cluster.js';
import { lastConfigChange, members } from './configuration.js';
import { formatMembers, guardsHold, wrongRole, type Guard } from './guard.js';
import { isMember } from './quorum.js';
import type { RaftRules } from './rules.js';
import { serverName, type ServerId, type Value } from './types.js';

type Request = Extract<MessageView, { type: 'AppendEntriesRequest' }>;
type Response = Extract<MessageView, { type: 'AppendEntriesResponse' }>;

/** The replication actions are a leader's. */
const isLeader: Guard = {
  holds: (c, i) => c.server(i).state === 'Leader',
  why: (c, i, _x, action) => wrongRole(c, i, action, 'Leader'),
};

/** A leader sends AppendEntries to the others only. */
const toOther: Guard = {
  holds: (_c, i, j) => i !== j,
  why: () => 'a leader sends AppendEntries to other servers only',
};

/** ...and only to the members of its configuration. */
const toMember: Guard = {
  holds: (c, i, j) => isMember(members(c, i), j),
  why: (c, i, j) => `${serverName(j)} is not in ${serverName(i)}'s configuration ${formatMembers(members(c, i))}`,
};

/** raft.tla ClientRequest's and AdvanceCommitIndex's guard: a leader's actions. */
export const LEADER_GUARDS: readonly Guard[] = [isLeader];

/** raft.tla ClientRequest's effect; paper §5.3. The leader appends a client's value in its term. */
export function appendClientValue(c: Cluster, i: ServerId, v: Value): void {
  const me = c.server(i);
  me.log.append({ term: me.currentTerm, value: v });
}

/** raft.tla ClientRequest; paper §5.3. */
export function clientRequest(c: Cluster, i: ServerId, v: Value): boolean {
  if (!guardsHold(LEADER_GUARDS, c, i, v)) return false;
  appendClientValue(c, i, v);
  return true;
}

/**
 * raft.tla AdvanceCommitIndex's effect; paper §5.3, §5.4.2. The leader commits the highest index a quorum of
 * its configuration holds, when the rules allow it; otherwise the action still fires and changes nothing
 * (raft.tla's stuttering step). The leader counts itself only while it is a member; one that is not a member of
 * its latest configuration steps down once that configuration is committed, and until then goes on replicating
 * (§4.2.2).
 */
export function commitQuorumIndex(c: Cluster, i: ServerId, rules: RaftRules): void {
  const me = c.server(i);
  const config = members(c, i);
  const self = isMember(config, i) ? 1 << i : 0;
  // The highest index held by a quorum: the leader itself plus every k whose matchIndex reaches it.
  let highest = 0;
  for (let index = me.log.length; index >= 1 && highest === 0; index--) {
    let agree = self;
    for (let k = 0; k < c.n; k++) if (k !== i && me.matchIndex.get(k) >= index) agree |= 1 << k;
    if (rules.commitsWith(agree, config)) highest = index;
  }
  if (highest !== 0 && rules.mayCommit(me.log.term(highest), me.currentTerm)) me.commitIndex = highest;
  if (self === 0 && lastConfigChange(c, i) <= me.commitIndex) me.state = 'Follower';
}

/** raft.tla AdvanceCommitIndex; paper §5.3, §5.4.2. */
export function advanceCommitIndex(c: Cluster, i: ServerId, rules: RaftRules): boolean {
  if (!guardsHold(LEADER_GUARDS, c, i, 0)) return false;
  commitQuorumIndex(c, i, rules);
  return true;
}

/** raft.tla AppendEntries's guard; paper §5.3. */
export const APPEND_ENTRIES_GUARDS: readonly Guard[] = [toOther, isLeader, toMember];

/** raft.tla AppendEntries's effect: leader i sends j the entry at nextIndex[j] (if any) and its commit index. */
export function sendAppendEntries(c: Cluster, i: ServerId, j: ServerId): void {
  const me = c.server(i);
  const next = me.nextIndex.get(j);
  const prevLogIndex = next - 1;
  const last = Math.min(me.log.length, next);
  c.send({
    type: 'AppendEntriesRequest',
    source: i,
    dest: j,
    term: me.currentTerm,
    prevLogIndex,
    prevLogTerm: prevLogIndex > 0 ? me.log.term(prevLogIndex) : 0,
    entry: last >= next ? me.log.at(next) : null,
    commitIndex: Math.min(me.commitIndex, last),
  });
}

/** raft.tla AppendEntries; paper §5.3. */
export function appendEntries(c: Cluster, i: ServerId, j: ServerId): boolean {
  if (!guardsHold(APPEND_ENTRIES_GUARDS, c, i, j)) return false;
  sendAppendEntries(c, i, j);
  return true;
}

/** What a follower did with an AppendEntriesRequest. */
export type AppendOutcome = 'reject' | 'stepDown' | 'done' | 'conflict' | 'append';

/**
 * raft.tla HandleAppendEntriesRequest; paper §5.3. Called with m.term ≤ currentTerm (UpdateTerm has run).
 * Undefined when disabled: a leader receiving a request of its own term matches no case.
 */
export function handleAppendEntriesRequest(c: Cluster, m: Request, rules: RaftRules): AppendOutcome | undefined {
  const i = m.dest;
  const me = c.server(i);
  const termAtPrev = m.prevLogIndex > 0 && m.prevLogIndex <= me.log.length ? me.log.term(m.prevLogIndex) : 0;
  const logOk = rules.appendLogOk(m.prevLogIndex, m.prevLogTerm, me.log.length, termAtPrev);
  if (m.term < me.currentTerm || (m.term === me.currentTerm && me.state === 'Follower' && !logOk)) {
    c.reply(
      { type: 'AppendEntriesResponse', source: i, dest: m.source, term: me.currentTerm, success: false, matchIndex: 0 },
      m,
    );
    return 'reject';
  }
  if (m.term !== me.currentTerm) return undefined;
  // A candidate that hears from the leader of its term returns to follower; the message stays for later. A
  // variant's role may do the same (its leaderHeard hook, variantHooks.ts; undefined when no variant has one).
  if (me.state === 'Candidate') {
    me.state = 'Follower';
    return 'stepDown';
  }
  const leaderHeard = c.hooks.onLeaderHeard;
  if (leaderHeard !== undefined && leaderHeard(me)) return 'stepDown';
  if (me.state !== 'Follower' || !logOk) return undefined;
  const index = m.prevLogIndex + 1;
  const entry = m.entry;
  if (entry === null || (index <= me.log.length && me.log.term(index) === entry.term)) {
    // Already holds what the leader sent: take its commit index (which may be lower) and acknowledge.
    me.commitIndex = m.commitIndex;
    const matchIndex = m.prevLogIndex + (entry === null ? 0 : 1);
    c.reply(
      { type: 'AppendEntriesResponse', source: i, dest: m.source, term: me.currentTerm, success: true, matchIndex },
      m,
    );
    return 'done';
  }
  if (index <= me.log.length) {
    // Conflict: drop the last entry (one, not a truncation at index); the message stays and is handled again.
    me.log.pop();
    return 'conflict';
  }
  if (me.log.length === m.prevLogIndex) {
    // Append the entry; the message stays, so a later Receive acknowledges it.
    me.log.append(entry);
    return 'append';
  }
  return undefined;
}

/** raft.tla HandleAppendEntriesResponse; paper §5.3. Called with m.term = currentTerm, whatever i's role is now. */
export function handleAppendEntriesResponse(c: Cluster, m: Response): 'success' | 'failure' {
  const me = c.server(m.dest);
  const j = m.source;
  if (m.success) {
    me.nextIndex.set(j, m.matchIndex + 1);
    me.matchIndex.set(j, m.matchIndex);
  } else {
    me.nextIndex.set(j, Math.max(me.nextIndex.get(j) - 1, 1));
  }
  c.discard(m);
  return m.success ? 'success' : 'failure';
}
