/**
 * The steps of the etcd profile that one trace record allows from one state: Traceetcdraft.tla's `*IfLogged`
 * actions, written over the profile's actions (spec/etcd/next.ts) without MCetcdraft's guards. A record either
 * takes a step (its successors, checked against what the record says), is matched by no step (a record the
 * trace spec skips: a reply's send, a BecomeFollower that UpdateTerm or ReturnToFollowerState already made), or
 * cannot be taken, with the reason in etcd's terms.
 *
 * Receive records are special: a received message may take several steps (UpdateTerm, then the handler; or a
 * follower dropping conflicting entries one at a time before it appends), and the record is done with only when
 * the message has left the network (`receiveSteps`).
 */
import { copies } from '../../spec/etcd/bag.js';
import { UNGUARDED } from '../../spec/etcd/config.js';
import { formatServers } from '../../spec/etcd/format.js';
import type { EtcdMessage } from '../../spec/etcd/messages.js';
import {
  addLearner,
  addNewServer,
  advanceCommitIndex,
  appendEntriesOf,
  appendEntriesToSelf,
  applySimpleConfChange,
  becomeLeader,
  clientRequest,
  deleteServer,
  heartbeat,
  ready,
  receive,
  requestVote,
  restart,
  sendSnapshotOf,
  stepDownToFollower,
  timeout,
  type Emit,
} from '../../spec/etcd/next.js';
import { maskOf } from '../../spec/etcd/servers.js';
import { server, type EtcdState, type ServerVars } from '../../spec/etcd/state.js';
import { ETCD_ROLES, type EtcdCluster } from './cluster.js';
import type { EtcdTraceEvent, EtcdTraceMessage, EtcdTraceRecord } from './records.js';

/** What one record allows from one state. */
export type StepResult =
  | { readonly kind: 'skip' }
  | { readonly kind: 'steps'; readonly states: readonly EtcdState[] }
  | { readonly kind: 'none'; readonly why: string };

/** The record kinds Traceetcdraft.tla knows, besides the receive events. */
export const RECEIVE_EVENTS = new Set([
  'ReceiveAppendEntriesRequest',
  'ReceiveAppendEntriesResponse',
  'ReceiveRequestVoteRequest',
  'ReceiveRequestVoteResponse',
  'ReceiveSnapshot',
]);

/** etcd's message types and the spec's (Traceetcdraft RaftMsgType, RaftMsgSubtype). */
const MESSAGE_KINDS: Readonly<
  Record<string, { type: EtcdMessage['type']; subtype?: 'app' | 'heartbeat' | 'snapshot' }>
> = {
  MsgApp: { type: 'AppendEntriesRequest', subtype: 'app' },
  MsgAppResp: { type: 'AppendEntriesResponse', subtype: 'app' },
  MsgVote: { type: 'RequestVoteRequest' },
  MsgVoteResp: { type: 'RequestVoteResponse' },
  MsgHeartbeat: { type: 'AppendEntriesRequest', subtype: 'heartbeat' },
  MsgHeartbeatResp: { type: 'AppendEntriesResponse', subtype: 'heartbeat' },
  MsgSnap: { type: 'AppendEntriesRequest', subtype: 'snapshot' },
};

/** Every event name etcd's trace logger writes (state_trace.go), and ReduceNextIndex, which older ones did. */
export const KNOWN_EVENTS = new Set([
  'InitState',
  'BecomeCandidate',
  'BecomeFollower',
  'BecomeLeader',
  'Commit',
  'Replicate',
  'ChangeConf',
  'ApplyConfChange',
  'Ready',
  'SendAppendEntriesRequest',
  'SendAppendEntriesResponse',
  'SendRequestVoteRequest',
  'SendRequestVoteResponse',
  'SendSnapshot',
  'ReduceNextIndex',
  ...RECEIVE_EVENTS,
]);

/**
 * Why a record cannot be validated at all, whatever the state (an event or message kind etcd's trace spec does
 * not model), or undefined.
 */
export function unmodelled(e: EtcdTraceEvent): string | undefined {
  if (!KNOWN_EVENTS.has(e.name)) return `event ${e.name} is not one etcd's trace logger writes`;
  if (e.name === 'SendSnapshot') {
    return 'event SendSnapshot is not modelled (etcd traces a snapshot send as SendAppendEntriesRequest with MsgSnap)';
  }
  if (ETCD_ROLES[e.role] === undefined) return `role ${e.role} is not modelled (the etcd profile has no pre-vote)`;
  if (e.msg !== undefined && MESSAGE_KINDS[e.msg.type] === undefined && needsMessage(e.name)) {
    return `message type ${e.msg.type} is not modelled`;
  }
  if (needsMessage(e.name) && e.msg === undefined) return `event ${e.name} carries no msg`;
  if (e.name === 'ChangeConf' && (e.prop?.cc?.changes?.length ?? 0) !== 1) {
    return "ChangeConf with other than one change is not modelled (etcd's spec applies simple changes only)";
  }
  return undefined;
}

function needsMessage(name: string): boolean {
  return name.startsWith('Send') || RECEIVE_EVENTS.has(name);
}

/** Names servers by trace id. */
export class Names {
  constructor(private readonly cluster: EtcdCluster) {}

  id(n: number): string {
    return n === 0 ? '0' : (this.cluster.ids[n - 1] ?? `?${n}`);
  }

  ids(mask: number): string {
    return `[${formatServers(mask)
      .slice(1, -1)
      .split(',')
      .filter((s) => s !== '')
      .map((s) => `"${this.id(Number(s.slice(1)))}"`)
      .join(',')}]`;
  }
}

/** Traceetcdraft ValidatePostStates / ValidatePreStates: the first field of `v` the record disagrees with. */
export function stateDisagreement(
  v: ServerVars,
  e: EtcdTraceEvent,
  cluster: EtcdCluster,
  names: Names,
): string | undefined {
  if (v.currentTerm !== e.state.term) return `state.term is ${e.state.term} in the trace, ${v.currentTerm} in the spec`;
  if (ETCD_ROLES[e.role] !== v.state) return `role is ${e.role} in the trace, State${v.state} in the spec`;
  const vote = cluster.numberOf(e.state.vote);
  if (vote !== v.votedFor) return `state.vote is "${e.state.vote}" in the trace, "${names.id(v.votedFor)}" in the spec`;
  if (v.log.length !== e.log) return `log (last index) is ${e.log} in the trace, ${v.log.length} in the spec`;
  if (v.commitIndex !== e.state.commit)
    return `state.commit is ${e.state.commit} in the trace, ${v.commitIndex} in the spec`;
  const known = (list: readonly string[]): number | undefined =>
    list.every((id) => cluster.numberOf(id) !== undefined)
      ? maskOf(list.map((id) => cluster.numberOf(id)!))
      : undefined;
  if (known(e.conf[0]) !== v.config.voters || known(e.conf[1]) !== v.config.outgoing) {
    return `conf is ${JSON.stringify(e.conf)} in the trace, [${names.ids(v.config.voters)},${names.ids(v.config.outgoing)}] in the spec`;
  }
  return undefined;
}

/** Traceetcdraft LoglineIs*: the first field of `m` the record's msg disagrees with, or undefined if it matches. */
export function messageDisagreement(m: EtcdMessage, msg: EtcdTraceMessage, cluster: EtcdCluster): string | undefined {
  const kind = MESSAGE_KINDS[msg.type]!;
  if (m.type !== kind.type) return `msg.type is ${msg.type}, the spec's message is a ${m.type}`;
  if ('subtype' in m && m.subtype !== kind.subtype)
    return `msg.type is ${msg.type}, the spec's message is a ${m.subtype} ${m.type}`;
  if (m.source !== cluster.numberOf(msg.from)) return `msg.from is "${msg.from}"`;
  if (m.dest !== cluster.numberOf(msg.to)) return `msg.to is "${msg.to}"`;
  if (m.term !== msg.term) return `msg.term is ${msg.term} in the trace, ${m.term} in the spec`;
  switch (m.type) {
    case 'RequestVoteRequest':
      if (m.lastLogIndex !== msg.index)
        return `msg.index is ${msg.index} in the trace, ${m.lastLogIndex} in the spec (last log index)`;
      if (m.lastLogTerm !== msg.logTerm)
        return `msg.logTerm is ${msg.logTerm} in the trace, ${m.lastLogTerm} in the spec (last log term)`;
      return undefined;
    case 'RequestVoteResponse':
      if (m.voteGranted === msg.reject)
        return `msg.reject is ${msg.reject} in the trace, the spec ${m.voteGranted ? 'grants' : 'denies'} the vote`;
      return undefined;
    case 'AppendEntriesRequest':
      if (m.subtype !== 'snapshot' && m.commitIndex !== msg.commit)
        return `msg.commit is ${msg.commit} in the trace, ${m.commitIndex} in the spec`;
      if (m.subtype !== 'heartbeat' && m.prevLogTerm !== msg.logTerm)
        return `msg.logTerm is ${msg.logTerm} in the trace, ${m.prevLogTerm} in the spec (previous entry's term)`;
      if (m.subtype !== 'heartbeat' && m.prevLogIndex !== msg.index)
        return `msg.index is ${msg.index} in the trace, ${m.prevLogIndex} in the spec (previous entry's index)`;
      if (m.entries.length !== msg.entries)
        return `msg.entries is ${msg.entries} in the trace, ${m.entries.length} in the spec`;
      return undefined;
    case 'AppendEntriesResponse':
      if (m.success === msg.reject) return `msg.reject is ${msg.reject} in the trace, ${!m.success} in the spec`;
      if (!msg.reject && m.subtype !== 'heartbeat' && m.matchIndex !== msg.index)
        return `msg.index is ${msg.index} in the trace, ${m.matchIndex} in the spec (match index)`;
      return undefined;
  }
}

/** The message a send step added to `pendingMessages`. */
function sent(before: EtcdState, after: EtcdState): EtcdMessage | undefined {
  for (const x of after.pendingMessages) if (copies(before.pendingMessages, x.message) < x.count) return x.message;
  return undefined;
}

/** The successors one action gives. */
function collect(run: (emit: Emit) => void): EtcdState[] {
  const out: EtcdState[] = [];
  run((_, t) => out.push(t));
  return out;
}

/**
 * Traceetcdraft LoglineIsBecomeFollowerInUpdateTermOrReturnToFollower: a BecomeFollower record that only
 * reports what the node's previous record, a receive, already did (a higher term, or a candidate meeting the
 * leader of its term). `previous` is that node's previous record.
 */
export function followsReceive(e: EtcdTraceEvent, previous: EtcdTraceEvent | undefined): boolean {
  if (e.name !== 'BecomeFollower' || previous === undefined || previous.msg === undefined) return false;
  const p = previous;
  const msg = previous.msg;
  return (
    (RECEIVE_EVENTS.has(p.name) && p.state.term < msg.term && msg.term === e.state.term) ||
    (p.name === 'ReceiveAppendEntriesRequest' &&
      p.state.term === msg.term &&
      msg.term === e.state.term &&
      p.role === 'StateCandidate')
  );
}

/** A step whose successors are checked by `check` (undefined: accepted). */
function checked(
  what: string,
  states: EtcdState[],
  check: (t: EtcdState) => string | undefined,
  disabled: () => string,
): StepResult {
  if (states.length === 0) return { kind: 'none', why: `${what} is not enabled: ${disabled()}` };
  const good = states.filter((t) => check(t) === undefined);
  if (good.length > 0) return { kind: 'steps', states: good };
  return { kind: 'none', why: `after ${what}, ${check(states[0]!)!}` };
}

/** Why action `name` is not enabled on server `i`, in a few words. */
function roleNote(v: ServerVars, wanted: string): string {
  return `${wanted}, and the spec has it State${v.state} of term ${v.currentTerm}`;
}

/** The steps a non-receive record allows from `s`. `previous` is the node's previous record (for BecomeFollower). */
export function recordSteps(
  s: EtcdState,
  r: EtcdTraceRecord,
  cluster: EtcdCluster,
  names: Names,
  previous: EtcdTraceEvent | undefined,
): StepResult {
  const e = r.event;
  const i = cluster.numberOf(e.nid)!;
  const v = server(s, i);
  const post = (t: EtcdState): string | undefined => stateDisagreement(server(t, i), e, cluster, names);
  const postAndMessage = (t: EtcdState): string | undefined => {
    const d = post(t);
    if (d !== undefined) return d;
    const m = sent(s, t);
    return m === undefined ? 'no message was sent' : messageDisagreement(m, e.msg!, cluster);
  };
  const g = UNGUARDED;
  switch (e.name) {
    case 'SendRequestVoteRequest':
    case 'SendRequestVoteResponse': {
      const from = cluster.numberOf(e.msg!.from);
      const to = cluster.numberOf(e.msg!.to);
      if (e.name === 'SendRequestVoteResponse' && e.msg!.from !== e.msg!.to) return { kind: 'skip' };
      if (from === undefined || to === undefined || from === 0 || to === 0)
        return { kind: 'none', why: 'msg.from or msg.to names no node' };
      const w = server(s, from);
      return checked(
        `RequestVote(${e.msg!.from}, ${e.msg!.to})`,
        collect((emit) => {
          requestVote(s, from, to, emit);
        }),
        (t) => stateDisagreement(server(t, from), e, cluster, names) ?? messageOf(s, t, e.msg!, cluster),
        () =>
          w.state !== 'Candidate'
            ? roleNote(w, 'the sender must be a candidate')
            : `node ${e.msg!.to} has already answered or is not in its configuration`,
      );
    }
    case 'BecomeLeader':
      return checked(
        `BecomeLeader(${e.nid})`,
        collect((emit) => {
          becomeLeader(s, i, emit);
        }),
        post,
        () =>
          v.state !== 'Candidate'
            ? roleNote(v, 'it must be a candidate')
            : `its votes ${names.ids(v.votesGranted)} are no quorum of ${names.ids(v.config.voters)}`,
      );
    case 'Replicate':
      return checked(
        `ClientRequest(${e.nid})`,
        collect((emit) => {
          clientRequest(s, g, i, emit);
        }),
        () => undefined,
        () => roleNote(v, 'it must be the leader'),
      );
    case 'Commit':
      return checked(
        `AdvanceCommitIndex(${e.nid})`,
        collect((emit) => {
          advanceCommitIndex(s, i, emit);
        }),
        (t) => (e.role !== 'StateLeader' ? `role is ${e.role}, a commit is a leader's` : post(t)),
        () => roleNote(v, 'it must be the leader'),
      );
    case 'SendAppendEntriesRequest':
      return appendRequestSteps(s, r, cluster, names, postAndMessage);
    case 'SendAppendEntriesResponse':
      if (e.msg!.from !== e.msg!.to) return { kind: 'skip' };
      return checked(
        `AppendEntriesToSelf(${e.nid})`,
        collect((emit) => {
          appendEntriesToSelf(s, i, emit);
        }),
        postAndMessage,
        () => roleNote(v, 'it must be the leader'),
      );
    case 'BecomeCandidate':
      return checked(
        `Timeout(${e.nid})`,
        collect((emit) => {
          timeout(s, g, i, emit);
        }),
        (t) =>
          e.role !== 'StateCandidate'
            ? `role is ${e.role}, a new candidate's is StateCandidate`
            : server(t, i).currentTerm !== e.state.term
              ? `state.term is ${e.state.term} in the trace, ${server(t, i).currentTerm} in the spec`
              : undefined,
        () =>
          v.state === 'Leader'
            ? roleNote(v, 'a leader does not time out')
            : `it is not a voter of its configuration ${names.ids(v.config.voters)}`,
      );
    case 'ChangeConf': {
      const change = e.prop!.cc!.changes![0]!;
      const j = cluster.numberOf(change.nid);
      if (j === undefined || j === 0)
        return { kind: 'none', why: `prop.cc.changes names node ${change.nid}, which is not in the cluster` };
      const act = { AddNewServer: addNewServer, AddLearner: addLearner, RemoveServer: deleteServer }[change.action];
      if (act === undefined) return { kind: 'none', why: `prop.cc.changes[0].action ${change.action} is not modelled` };
      const spec = change.action === 'RemoveServer' ? 'DeleteServer' : change.action;
      return checked(
        `${spec}(${e.nid}, ${change.nid})`,
        collect((emit) => {
          act(s, g, i, j, emit);
        }),
        () => undefined,
        () =>
          v.state !== 'Leader'
            ? roleNote(v, 'it must be the leader')
            : `node ${change.nid} ${change.action === 'RemoveServer' ? 'is not' : 'is already'} in its configuration ${names.ids(v.config.voters)} (learners ${names.ids(v.config.learners)})`,
      );
    }
    case 'ApplyConfChange':
      return checked(
        `ApplySimpleConfChange(${e.nid})`,
        collect((emit) => {
          applySimpleConfChange(s, i, emit);
        }),
        () => undefined,
        () => `no configuration entry is committed in its log (commit ${v.commitIndex})`,
      );
    case 'Ready':
      return {
        kind: 'steps',
        states: collect((emit) => {
          ready(s, i, emit);
        }),
      };
    case 'InitState':
      return checked(
        `Restart(${e.nid})`,
        collect((emit) => {
          restart(s, i, emit);
        }),
        post,
        () => 'never',
      );
    case 'BecomeFollower':
      if (followsReceive(e, previous)) return { kind: 'skip' };
      return checked(
        `StepDownToFollower(${e.nid})`,
        collect((emit) => {
          stepDownToFollower(s, i, emit);
        }),
        post,
        () => roleNote(v, 'only a leader or candidate steps down'),
      );
    case 'ReduceNextIndex':
      return { kind: 'skip' };
    default:
      return { kind: 'none', why: `event ${e.name} is not modelled` };
  }
}

function messageOf(s: EtcdState, t: EtcdState, msg: EtcdTraceMessage, cluster: EtcdCluster): string | undefined {
  const m = sent(s, t);
  return m === undefined ? 'no message was sent' : messageDisagreement(m, msg, cluster);
}

/** SendAppendEntriesRequest: AppendEntries (MsgApp), Heartbeat (MsgHeartbeat) or SendSnapshot (MsgSnap). */
function appendRequestSteps(
  s: EtcdState,
  r: EtcdTraceRecord,
  cluster: EtcdCluster,
  names: Names,
  check: (t: EtcdState) => string | undefined,
): StepResult {
  const msg = r.event.msg!;
  const i = cluster.numberOf(msg.from);
  const j = cluster.numberOf(msg.to);
  if (i === undefined || j === undefined || i === 0 || j === 0)
    return { kind: 'none', why: 'msg.from or msg.to names no node' };
  const v = server(s, i);
  const g = UNGUARDED;
  const why = (): string =>
    v.state !== 'Leader'
      ? roleNote(v, 'the sender must be the leader')
      : msg.type === 'MsgApp'
        ? `entries from ${msg.index + 1} to ${msg.index + msg.entries} are not within ${v.matchIndex[j - 1]! + 1}..${v.log.length + 1} (match of ${msg.to} .. last index + 1), or ${msg.to} is not in its configuration ${names.ids(v.config.voters | v.config.learners)}`
        : `${msg.to} is not in its configuration, or the snapshot index ${msg.entries} is past its commit ${v.commitIndex}`;
  switch (msg.type) {
    case 'MsgApp': {
      const b = msg.index + 1;
      return checked(
        `AppendEntries(${msg.from}, ${msg.to}, [${b}, ${b + msg.entries}))`,
        collect((emit) => {
          appendEntriesOf(s, g, i, j, b, b + msg.entries, emit);
        }),
        check,
        why,
      );
    }
    case 'MsgHeartbeat':
      return checked(
        `Heartbeat(${msg.from}, ${msg.to})`,
        collect((emit) => {
          heartbeat(s, g, i, j, emit);
        }),
        check,
        why,
      );
    case 'MsgSnap':
      return checked(
        `SendSnapshot(${msg.from}, ${msg.to}, ${msg.entries})`,
        collect((emit) => {
          sendSnapshotOf(s, g, i, j, msg.entries, emit);
        }),
        check,
        why,
      );
    default:
      return { kind: 'none', why: `msg.type ${msg.type} is no AppendEntries request` };
  }
}

/** One receive step: the state after it, and whether the message left the network (the record is done). */
export interface ReceiveStep {
  readonly state: EtcdState;
  readonly consumed: boolean;
}

/**
 * Traceetcdraft TraceNextReceiveActions from `s`: for every message in the network that the record describes,
 * the receive steps it allows. `firstVisit`: the destination's state is checked against the record first
 * (ValidatePreStates), as on the first step of a record. `why` collects what stopped each candidate message.
 */
export function receiveSteps(
  s: EtcdState,
  r: EtcdTraceRecord,
  cluster: EtcdCluster,
  names: Names,
  firstVisit: boolean,
  why: string[],
): ReceiveStep[] {
  const msg = r.event.msg!;
  const out: ReceiveStep[] = [];
  const near: string[] = [];
  let candidates = 0;
  for (const { message: m } of s.messages) {
    const d = messageDisagreement(m, msg, cluster);
    if (d !== undefined) {
      if (m.source === cluster.numberOf(msg.from) && m.dest === cluster.numberOf(msg.to)) near.push(d);
      continue;
    }
    candidates++;
    if (firstVisit) {
      const pre = stateDisagreement(server(s, m.dest), r.event, cluster, names);
      if (pre !== undefined) {
        why.push(`before receiving it, ${pre}`);
        continue;
      }
    }
    const before = copies(s.messages, m);
    receive(s, m, (_, t) => out.push({ state: t, consumed: copies(t.messages, m) === before - 1 }));
  }
  if (candidates === 0) {
    why.push(
      `no message in flight from ${msg.from} to ${msg.to} is this ${msg.type}` +
        (near.length > 0 ? ` (the nearest: ${near[0]!})` : ' (none in flight between them)'),
    );
  } else if (out.length === 0 && why.length === 0) {
    why.push(`the message is in flight but node ${msg.to} cannot take it in its state`);
  }
  return out;
}
