/**
 * Log replication: ClientRequest, AdvanceCommitIndex, AppendEntries and the two AppendEntries handlers (paper
 * §5.3, §5.4.2). Every function is pure: it returns the new cluster state, or undefined when disabled.
 */
import { logEntry } from './logEntry.js';
import {
  appendEntriesRequest,
  appendEntriesResponse,
  type AppendEntriesRequest,
  type AppendEntriesResponse,
} from './messages.js';
import { discard, reply, send } from './network.js';
import type { RaftRules } from './rules.js';
import { isQuorum, server, updateServer, type ClusterState } from './state.js';
import type { ServerId, Value } from './types.js';

/** raft.tla ClientRequest; paper §5.3. A leader appends a client's value in its term. */
export function clientRequest(s: ClusterState, i: ServerId, v: Value): ClusterState | undefined {
  const me = server(s, i);
  if (me.state !== 'Leader') return undefined;
  return updateServer(s, i, (x) => x.set('log', x.log.push(logEntry(x.currentTerm, v))));
}

/**
 * raft.tla AdvanceCommitIndex; paper §5.3, §5.4.2. A leader commits the highest index a quorum holds, when the
 * rules allow it; otherwise the action still fires and changes nothing.
 */
export function advanceCommitIndex(s: ClusterState, i: ServerId, rules: RaftRules): ClusterState | undefined {
  const me = server(s, i);
  if (me.state !== 'Leader') return undefined;
  const n = s.servers.size;
  // The highest index held by a quorum: the leader itself plus every k whose matchIndex reaches it.
  let highest = 0;
  for (let index = me.log.size; index >= 1; index--) {
    let agree = 1;
    for (let k = 0; k < n; k++) if (k !== i && me.matchIndex.get(k)! >= index) agree++;
    if (isQuorum(agree, n)) {
      highest = index;
      break;
    }
  }
  if (highest === 0 || !rules.mayCommit(me.log.get(highest - 1)!.term, me.currentTerm)) return s;
  return updateServer(s, i, (x) => x.set('commitIndex', highest));
}

/** raft.tla AppendEntries; paper §5.3. A leader sends j the entry at nextIndex[j] (if any) and its commit index. */
export function appendEntries(s: ClusterState, i: ServerId, j: ServerId): ClusterState | undefined {
  const me = server(s, i);
  if (i === j || me.state !== 'Leader') return undefined;
  const next = me.nextIndex.get(j)!;
  const prevLogIndex = next - 1;
  const prevLogTerm = prevLogIndex > 0 ? me.log.get(prevLogIndex - 1)!.term : 0;
  const last = Math.min(me.log.size, next);
  const entry = last >= next ? me.log.get(next - 1)! : null;
  const m = appendEntriesRequest(
    i,
    j,
    me.currentTerm,
    prevLogIndex,
    prevLogTerm,
    entry,
    Math.min(me.commitIndex, last),
  );
  return s.set('messages', send(s.messages, m));
}

/** What a follower did with an AppendEntriesRequest. */
export type AppendOutcome = 'reject' | 'stepDown' | 'done' | 'conflict' | 'append';

/**
 * raft.tla HandleAppendEntriesRequest; paper §5.3. Called with m.term ≤ currentTerm (UpdateTerm has run).
 * Undefined when disabled: a leader receiving a request of its own term matches no case.
 */
export function handleAppendEntriesRequest(
  s: ClusterState,
  m: AppendEntriesRequest,
  rules: RaftRules,
): { state: ClusterState; outcome: AppendOutcome } | undefined {
  const i = m.dest;
  const j = m.source;
  const me = server(s, i);
  const termAtPrev = m.prevLogIndex > 0 ? (me.log.get(m.prevLogIndex - 1)?.term ?? 0) : 0;
  const logOk = rules.appendLogOk(m.prevLogIndex, m.prevLogTerm, me.log.size, termAtPrev);
  if (m.term < me.currentTerm || (m.term === me.currentTerm && me.state === 'Follower' && !logOk)) {
    const response = appendEntriesResponse(i, j, me.currentTerm, false, 0);
    return { state: s.set('messages', reply(s.messages, response, m)), outcome: 'reject' };
  }
  if (m.term !== me.currentTerm) return undefined;
  // A candidate that hears from the leader of its term returns to follower; the message stays for later.
  if (me.state === 'Candidate')
    return { state: updateServer(s, i, (x) => x.set('state', 'Follower')), outcome: 'stepDown' };
  if (me.state !== 'Follower' || !logOk) return undefined;
  const index = m.prevLogIndex + 1;
  const entry = m.entry;
  const existing = me.log.get(index - 1);
  if (entry === null || (existing !== undefined && existing.term === entry.term)) {
    // Already holds what the leader sent: take its commit index (which may be lower) and acknowledge.
    const committed = updateServer(s, i, (x) => x.set('commitIndex', m.commitIndex));
    const matchIndex = m.prevLogIndex + (entry === null ? 0 : 1);
    const response = appendEntriesResponse(i, j, me.currentTerm, true, matchIndex);
    return { state: committed.set('messages', reply(s.messages, response, m)), outcome: 'done' };
  }
  if (existing !== undefined) {
    // Conflict: drop the last entry (one, not a truncation at index); the message stays and is handled again.
    return { state: updateServer(s, i, (x) => x.set('log', x.log.pop())), outcome: 'conflict' };
  }
  if (me.log.size === m.prevLogIndex) {
    // Append the entry; the message stays, so a later Receive acknowledges it.
    return { state: updateServer(s, i, (x) => x.set('log', x.log.push(entry))), outcome: 'append' };
  }
  return undefined;
}

/** raft.tla HandleAppendEntriesResponse; paper §5.3. Called with m.term = currentTerm, whatever i's role is now. */
export function handleAppendEntriesResponse(s: ClusterState, m: AppendEntriesResponse): ClusterState {
  const i = m.dest;
  const j = m.source;
  const updated = updateServer(s, i, (x) =>
    m.success
      ? x.merge({ nextIndex: x.nextIndex.set(j, m.matchIndex + 1), matchIndex: x.matchIndex.set(j, m.matchIndex) })
      : x.set('nextIndex', x.nextIndex.set(j, Math.max(x.nextIndex.get(j)! - 1, 1))),
  );
  return updated.set('messages', discard(s.messages, m));
}
