/**
 * Writing trace records exactly as etcd-io/raft's trace logger does (state_trace.go through zap's JSON encoder,
 * as etcd's rafttest logger configures it): the same fields in the same order. Used to build fixtures from the
 * etcd profile's own behaviours, and by tests that mutate them.
 */
import type { EtcdMessage } from '../../spec/etcd/messages.js';
import { idsOf } from '../../spec/etcd/servers.js';
import type { ServerVars } from '../../spec/etcd/state.js';

/** etcd's role names by the spec's. */
const ROLE_NAMES = { Follower: 'StateFollower', Candidate: 'StateCandidate', Leader: 'StateLeader' } as const;

/** etcd's message type of a spec message. */
function messageType(m: EtcdMessage): string {
  switch (m.type) {
    case 'RequestVoteRequest':
      return 'MsgVote';
    case 'RequestVoteResponse':
      return 'MsgVoteResp';
    case 'AppendEntriesRequest':
      return m.subtype === 'app' ? 'MsgApp' : m.subtype === 'heartbeat' ? 'MsgHeartbeat' : 'MsgSnap';
    case 'AppendEntriesResponse':
      return m.subtype === 'heartbeat' ? 'MsgHeartbeatResp' : 'MsgAppResp';
  }
}

/** etcd's `TracingMessage` of a spec message, fields in etcd's order. */
export function tracingMessage(m: EtcdMessage, id: (n: number) => string): Record<string, unknown> {
  const base = { type: messageType(m), term: m.term, from: id(m.source), to: id(m.dest) };
  const rest = { entries: 0, logTerm: 0, index: 0, commit: 0, vote: '0', reject: false, rejectHint: 0 };
  switch (m.type) {
    case 'RequestVoteRequest':
      return { ...base, ...rest, logTerm: m.lastLogTerm, index: m.lastLogIndex };
    case 'RequestVoteResponse':
      return { ...base, ...rest, reject: !m.voteGranted };
    case 'AppendEntriesRequest':
      // A MsgSnap carries the snapshot's index as its entry count, and no index or log term (state_trace.go).
      return m.subtype === 'snapshot'
        ? { ...base, ...rest, entries: m.entries.length, commit: m.commitIndex }
        : m.subtype === 'heartbeat'
          ? { ...base, ...rest, commit: m.commitIndex }
          : {
              ...base,
              ...rest,
              entries: m.entries.length,
              logTerm: m.prevLogTerm,
              index: m.prevLogIndex,
              commit: m.commitIndex,
            };
    case 'AppendEntriesResponse':
      return { ...base, ...rest, index: m.matchIndex, reject: !m.success };
  }
}

/** The `event` object of a record: `name` by node `nid` in state `v`, with an optional message and prop. */
export function tracingEvent(
  name: string,
  nid: number,
  v: ServerVars,
  id: (n: number) => string,
  msg?: EtcdMessage,
  prop?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    name,
    nid: id(nid),
    state: { term: v.currentTerm, vote: id(v.votedFor), commit: v.commitIndex },
    role: ROLE_NAMES[v.state],
    log: v.log.length,
    conf: [idsOf(v.config.voters).map(id), idsOf(v.config.outgoing).map(id)],
    ...(msg === undefined ? {} : { msg: tracingMessage(msg, id) }),
    ...(prop === undefined ? {} : { prop }),
  };
}

/** One zap line as etcd's rafttest trace logger writes it; `ts` is written as given (seconds, as zap writes). */
export function zapLine(ts: string, event: Record<string, unknown>): string {
  return `{"level":"debug","ts":${ts},"caller":"rafttest/trace_logger.go:42","msg":"trace","tag":"trace","event":${JSON.stringify(event)}}`;
}
