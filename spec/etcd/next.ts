/**
 * etcdraft.tla's next-state relation as MCetcdraft.tla runs it (`NextDynamic` with MCetcdraft's guards), one
 * function per action, each pushing every successor it allows. Successors are listed in NextDynamic's order,
 * one per enabled action instance, even when two instances reach the same state (TLC counts each as a
 * generated state, and so does the checker).
 */
import type { EtcdAction, ReceiveHandler } from './actions.js';
import { copies, withMessage, withoutMessage, bagFilter, bagSum, type Bag } from './bag.js';
import { guardsOf, type EtcdConfig, type EtcdGuards } from './config.js';
import {
  configEntry,
  emptyEntry,
  entryKind,
  entryLearners,
  entryTerm,
  entryVoters,
  isValueEntry,
  lastTerm,
  valueEntry,
} from './entry.js';
import {
  appendEntriesRequest,
  appendEntriesResponse,
  requestVoteRequest,
  requestVoteResponse,
  type AppendEntriesRequest,
  type AppendEntriesResponse,
  type EtcdMessage,
  type RequestVoteRequest,
  type RequestVoteResponse,
  type Subtype,
} from './messages.js';
import { bit, has, isQuorum } from './servers.js';
import { persisted, server, withServer, type EtcdState, type ServerVars } from './state.js';

export type Emit = (action: EtcdAction, state: EtcdState) => void;

/** Replaces server `i`'s variables by `v`'s changes. */
function update(s: EtcdState, i: number, changes: Partial<ServerVars>): EtcdState {
  return withServer(s, i, { ...server(s, i), ...changes });
}

/** etcdraft.tla GetConfig ∪ GetLearners: the servers a leader or candidate talks to. */
function peers(v: ServerVars): number {
  return v.config.voters | v.config.learners;
}

/**
 * MCetcdraft MCSend: an AppendEntries request goes out only if no AppendEntries request of the same term from
 * the same source to the same destination, and no response to one coming back, is in flight or pending.
 */
function mayAppend(s: EtcdState, m: AppendEntriesRequest): boolean {
  const clash = (n: EtcdMessage): boolean =>
    n.term === m.term &&
    ((n.type === 'AppendEntriesRequest' && n.dest === m.dest && n.source === m.source) ||
      (n.type === 'AppendEntriesResponse' && n.dest === m.source && n.source === m.dest));
  return !s.messages.some((x) => clash(x.message)) && !s.pendingMessages.some((x) => clash(x.message));
}

/** etcdraft.tla Send: into `pendingMessages`, to leave at the sender's next Ready. */
function send(s: EtcdState, m: EtcdMessage): EtcdState {
  return { ...s, pendingMessages: withMessage(s.pendingMessages, m) };
}

/** etcdraft.tla Reply: the response pending, the request taken from the network. */
function reply(s: EtcdState, response: EtcdMessage, request: EtcdMessage): EtcdState {
  return {
    ...s,
    pendingMessages: withMessage(s.pendingMessages, response),
    messages: withoutMessage(s.messages, request),
  };
}

function discard(s: EtcdState, m: EtcdMessage): EtcdState {
  return { ...s, messages: withoutMessage(s.messages, m) };
}

/** etcdraft.tla Restart: back to what was persisted; pending messages lost. */
export function restart(s: EtcdState, i: number, emit: Emit): void {
  const v = server(s, i);
  const d = v.durableState;
  const t = update(s, i, {
    state: 'Follower',
    votesResponded: 0,
    votesGranted: 0,
    matchIndex: v.matchIndex.map(() => 0),
    pendingConfChangeIndex: 0,
    currentTerm: d.currentTerm,
    commitIndex: d.commitIndex,
    votedFor: d.votedFor,
    log: v.log.slice(0, d.log),
    config: d.config,
  });
  emit({ kind: 'Restart', i }, { ...t, pendingMessages: bagFilter(s.pendingMessages, (m) => m.source !== i) });
}

/** MCetcdraft MCTimeout over etcdraft.tla Timeout. */
export function timeout(s: EtcdState, g: EtcdGuards, i: number, emit: Emit): void {
  const v = server(s, i);
  if (v.currentTerm >= g.maxTerm) return;
  // MCTimeout: no candidate among the voters of i's configuration (one campaign at a time).
  if (g.oneCampaign) {
    for (let k = 1; k <= s.servers.length; k++)
      if (has(v.config.voters, k) && server(s, k).state === 'Candidate') return;
  }
  if (v.state === 'Leader' || !has(v.config.voters, i)) return;
  emit(
    { kind: 'Timeout', i },
    update(s, i, {
      state: 'Candidate',
      currentTerm: v.currentTerm + 1,
      votedFor: i,
      votesResponded: 0,
      votesGranted: 0,
    }),
  );
}

/** etcdraft.tla RequestVote: a candidate asks a voter or learner it has no answer from; its own vote it sends itself. */
export function requestVote(s: EtcdState, i: number, j: number, emit: Emit): void {
  const v = server(s, i);
  if (v.state !== 'Candidate' || !has(peers(v) & ~v.votesResponded, j)) return;
  const m =
    i !== j
      ? requestVoteRequest(v.currentTerm, i, j, lastTerm(v.log), v.log.length)
      : requestVoteResponse(v.currentTerm, i, i, true);
  emit({ kind: 'RequestVote', i, j }, send(s, m));
}

export function becomeLeader(s: EtcdState, i: number, emit: Emit): void {
  const v = server(s, i);
  if (v.state !== 'Candidate' || !isQuorum(v.votesGranted, v.config.voters)) return;
  const matchIndex = v.matchIndex.map((_, k) => (k + 1 === i ? v.log.length : 0));
  emit({ kind: 'BecomeLeader', i }, update(s, i, { state: 'Leader', matchIndex }));
}

/** MCetcdraft MCClientRequest over etcdraft.tla ClientRequest(i, 0). */
export function clientRequest(s: EtcdState, g: EtcdGuards, i: number, emit: Emit): void {
  const v = server(s, i);
  if (v.log.filter(isValueEntry).length >= g.requestLimit || v.state !== 'Leader') return;
  emit({ kind: 'ClientRequest', i }, update(s, i, { log: [...v.log, valueEntry(v.currentTerm)] }));
}

/** etcdraft.tla AdvanceCommitIndex: the highest index a quorum of voters holds, if it is of the leader's term. */
export function advanceCommitIndex(s: EtcdState, i: number, emit: Emit): void {
  const v = server(s, i);
  if (v.state !== 'Leader') return;
  let agreed = 0;
  for (let index = v.log.length; index >= 1; index--) {
    let agree = 0;
    for (let k = 1; k <= s.servers.length; k++)
      if (has(v.config.voters, k) && v.matchIndex[k - 1]! >= index) agree |= bit(k);
    if (isQuorum(agree, v.config.voters)) {
      agreed = index;
      break;
    }
  }
  const commit = agreed > 0 && entryTerm(v.log[agreed - 1]!) === v.currentTerm ? agreed : v.commitIndex;
  emit({ kind: 'AdvanceCommitIndex', i }, update(s, i, { commitIndex: Math.max(v.commitIndex, commit) }));
}

/** etcdraft.tla AppendEntriesInRangeToPeer: entries [b, e) of i's log to j, under MCSend. */
function appendInRange(
  s: EtcdState,
  g: EtcdGuards,
  subtype: Subtype,
  i: number,
  j: number,
  b: number,
  e: number,
): EtcdState | undefined {
  const v = server(s, i);
  if (i === j || b > e || v.state !== 'Leader' || !has(peers(v), j)) return undefined;
  const prevLogIndex = b - 1;
  const prevLogTerm = prevLogIndex > 0 && prevLogIndex <= v.log.length ? entryTerm(v.log[prevLogIndex - 1]!) : 0;
  const lastEntry = Math.min(v.log.length, e - 1);
  const entries = v.log.slice(b - 1, Math.max(b - 1, lastEntry));
  const commit =
    subtype === 'heartbeat' ? Math.min(v.commitIndex, v.matchIndex[j - 1]!) : Math.min(v.commitIndex, lastEntry);
  const m = appendEntriesRequest(subtype, v.currentTerm, i, j, prevLogIndex, prevLogTerm, entries, commit);
  return !g.oneAppendInFlight || mayAppend(s, m) ? send(s, m) : undefined;
}

function appendEntries(s: EtcdState, g: EtcdGuards, i: number, j: number, emit: Emit): void {
  const v = server(s, i);
  const top = v.log.length + 1;
  for (let b = v.matchIndex[j - 1]! + 1; b <= top; b++) {
    for (let e = b; e <= top; e++) {
      const t = appendInRange(s, g, 'app', i, j, b, e);
      if (t !== undefined) emit({ kind: 'AppendEntries', i, j, b, e }, t);
    }
  }
}

/** etcdraft.tla AppendEntriesToSelf: an etcd leader acknowledges its own appends by a message to itself. */
export function appendEntriesToSelf(s: EtcdState, i: number, emit: Emit): void {
  const v = server(s, i);
  if (v.state !== 'Leader') return;
  emit(
    { kind: 'AppendEntriesToSelf', i },
    send(s, appendEntriesResponse('app', v.currentTerm, i, i, true, v.log.length)),
  );
}

export function heartbeat(s: EtcdState, g: EtcdGuards, i: number, j: number, emit: Emit): void {
  const t = appendInRange(s, g, 'heartbeat', i, j, 1, 1);
  if (t !== undefined) emit({ kind: 'Heartbeat', i, j }, t);
}

function sendSnapshot(s: EtcdState, g: EtcdGuards, i: number, j: number, emit: Emit): void {
  for (let index = 1; index <= server(s, i).commitIndex; index++) sendSnapshotOf(s, g, i, j, index, emit);
}

/** etcdraft.tla SendSnapshot(i, j, index): the log up to `index`, which must be committed. */
export function sendSnapshotOf(s: EtcdState, g: EtcdGuards, i: number, j: number, index: number, emit: Emit): void {
  if (index < 1 || index > server(s, i).commitIndex) return;
  const t = appendInRange(s, g, 'snapshot', i, j, 1, index + 1);
  if (t !== undefined) emit({ kind: 'SendSnapshot', i, j, index }, t);
}

/** etcdraft.tla AppendEntries(i, j, <<b, e>>), with b and e in the range NextAsync draws them from. */
export function appendEntriesOf(
  s: EtcdState,
  g: EtcdGuards,
  i: number,
  j: number,
  b: number,
  e: number,
  emit: Emit,
): void {
  const v = server(s, i);
  const lo = v.matchIndex[j - 1]! + 1;
  const hi = v.log.length + 1;
  if (b < lo || b > hi || e < lo || e > hi) return;
  const t = appendInRange(s, g, 'app', i, j, b, e);
  if (t !== undefined) emit({ kind: 'AppendEntries', i, j, b, e }, t);
}

/** etcdraft.tla Ready: persist, and hand the pending messages to the network. */
export function ready(s: EtcdState, i: number, emit: Emit): void {
  const v = server(s, i);
  const mine = bagFilter(s.pendingMessages, (m) => m.source === i);
  const t = update(s, i, { durableState: persisted(v) });
  emit(
    { kind: 'Ready', i },
    { ...t, messages: bagSum(s.messages, mine), pendingMessages: bagFilter(s.pendingMessages, (m) => m.source !== i) },
  );
}

/** etcdraft.tla BecomeFollowerOfTerm. */
function followerOfTerm(v: ServerVars, term: number): Partial<ServerVars> {
  return { currentTerm: term, state: 'Follower', votedFor: v.currentTerm !== term ? 0 : v.votedFor };
}

export function stepDownToFollower(s: EtcdState, i: number, emit: Emit): void {
  const v = server(s, i);
  if (v.state === 'Follower') return;
  emit({ kind: 'StepDownToFollower', i }, update(s, i, followerOfTerm(v, v.currentTerm)));
}

/** The configuration change entry a leader appends, or the empty entry while one is pending. */
function reconfigure(
  s: EtcdState,
  g: EtcdGuards,
  action: EtcdAction & { i: number; j: number },
  enabled: (v: ServerVars) => boolean,
  conf: (v: ServerVars) => { voters: number; learners: number },
  emit: Emit,
): void {
  const v = server(s, action.i);
  // MCetcdraft: ReconfigurationLimit; etcdraft.tla: a leader, not in a joint configuration.
  if (s.reconfigCount >= g.reconfigLimit || v.state !== 'Leader' || v.config.outgoing !== 0 || !enabled(v)) return;
  if (v.pendingConfChangeIndex === 0) {
    const c = conf(v);
    const log = [...v.log, configEntry(v.currentTerm, c.voters, c.learners)];
    emit(action, update(s, action.i, { log, pendingConfChangeIndex: log.length }));
  } else {
    emit(action, update(s, action.i, { log: [...v.log, emptyEntry(v.currentTerm)] }));
  }
}

export function addNewServer(s: EtcdState, g: EtcdGuards, i: number, j: number, emit: Emit): void {
  reconfigure(
    s,
    g,
    { kind: 'AddNewServer', i, j },
    (v) => !has(v.config.voters, j),
    (v) => ({ voters: v.config.voters | bit(j), learners: v.config.learners }),
    emit,
  );
}

export function addLearner(s: EtcdState, g: EtcdGuards, i: number, j: number, emit: Emit): void {
  reconfigure(
    s,
    g,
    { kind: 'AddLearner', i, j },
    (v) => !has(peers(v), j),
    (v) => ({ voters: v.config.voters, learners: v.config.learners | bit(j) }),
    emit,
  );
}

export function deleteServer(s: EtcdState, g: EtcdGuards, i: number, j: number, emit: Emit): void {
  reconfigure(
    s,
    g,
    { kind: 'DeleteServer', i, j },
    (v) => has(peers(v), j),
    (v) => ({ voters: v.config.voters & ~bit(j), learners: v.config.learners & ~bit(j) }),
    emit,
  );
}

/** etcdraft.tla ApplySimpleConfChange: the last committed configuration entry becomes the configuration. */
export function applySimpleConfChange(s: EtcdState, i: number, emit: Emit): void {
  const v = server(s, i);
  if (v.config.outgoing !== 0) return;
  let k = 0;
  for (let n = Math.min(v.commitIndex, v.log.length); n >= 1; n--) {
    if (entryKind(v.log[n - 1]!) === 'Config') {
      k = n;
      break;
    }
  }
  if (k === 0) return;
  const e = v.log[k - 1]!;
  const conf = { voters: entryVoters(e), outgoing: 0, learners: entryLearners(e) };
  const own = v.state === 'Leader' && v.pendingConfChangeIndex >= k;
  const t = update(s, i, own ? { config: conf, pendingConfChangeIndex: 0 } : { config: conf });
  emit({ kind: 'ApplySimpleConfChange', i }, own ? { ...t, reconfigCount: s.reconfigCount + 1 } : t);
}

// ---- Receive -------------------------------------------------------------------------------------------------

type Handled = (handler: ReceiveHandler, t: EtcdState) => void;

/** etcdraft.tla HandleRequestVoteRequest: grant when the term is current, the log up to date, the vote free. */
function handleRequestVoteRequest(s: EtcdState, m: RequestVoteRequest, out: Handled): void {
  const i = m.dest;
  const v = server(s, i);
  if (m.term > v.currentTerm) return;
  const last = lastTerm(v.log);
  const logOk = m.lastLogTerm > last || (m.lastLogTerm === last && m.lastLogIndex >= v.log.length);
  const grant = m.term === v.currentTerm && logOk && (v.votedFor === 0 || v.votedFor === m.source);
  const t = grant ? update(s, i, { votedFor: m.source }) : s;
  out('HandleRequestVoteRequest', reply(t, requestVoteResponse(v.currentTerm, i, m.source, grant), m));
}

function handleRequestVoteResponse(s: EtcdState, m: RequestVoteResponse, out: Handled): void {
  const i = m.dest;
  const v = server(s, i);
  if (m.term !== v.currentTerm) return;
  const t = update(s, i, {
    votesResponded: v.votesResponded | bit(m.source),
    votesGranted: m.voteGranted ? v.votesGranted | bit(m.source) : v.votesGranted,
  });
  out('HandleRequestVoteResponse', discard(t, m));
}

/** etcdraft.tla HasNoConflict. */
function hasNoConflict(log: readonly number[], index: number, entries: readonly number[]): boolean {
  if (index > log.length + 1) return false;
  for (let k = 0; k < entries.length; k++) {
    const at = index + k;
    if (at <= log.length && entryTerm(log[at - 1]!) !== entryTerm(entries[k]!)) return false;
  }
  return true;
}

/** etcdraft.tla HandleAppendEntriesRequest with its four outcomes (Reject, ReturnToFollower, and Accept's). */
function handleAppendEntriesRequest(s: EtcdState, m: AppendEntriesRequest, out: Handled): void {
  const i = m.dest;
  const v = server(s, i);
  if (m.term > v.currentTerm) return;
  const logOk =
    m.prevLogIndex === 0 ||
    (m.prevLogIndex > 0 && m.prevLogIndex <= v.log.length && m.prevLogTerm === entryTerm(v.log[m.prevLogIndex - 1]!));
  // RejectAppendEntriesRequest: a stale term, or a follower whose log does not hold the previous entry.
  if (m.term < v.currentTerm || (v.state === 'Follower' && !logOk)) {
    out('RejectAppendEntriesRequest', reply(s, appendEntriesResponse('app', v.currentTerm, i, m.source, false, 0), m));
  }
  if (m.term === v.currentTerm && v.state === 'Candidate') {
    out('ReturnToFollowerState', update(s, i, { state: 'Follower' }));
  }
  if (m.term !== v.currentTerm || v.state !== 'Follower' || !logOk) return;
  const index = m.prevLogIndex + 1;
  const entries = m.entries;
  const noConflict = hasNoConflict(v.log, index, entries);
  const last = m.prevLogIndex + entries.length;
  if (index <= v.commitIndex || entries.length === 0 || (last <= v.log.length && noConflict)) {
    const commit =
      index <= v.commitIndex
        ? m.subtype === 'heartbeat'
          ? Math.max(v.commitIndex, m.commitIndex)
          : v.commitIndex
        : Math.max(v.commitIndex, Math.min(m.commitIndex, last));
    const matchIndex = m.subtype === 'heartbeat' || index > v.commitIndex ? last : v.commitIndex;
    const t = update(s, i, { commitIndex: commit });
    out(
      'AppendEntriesAlreadyDone',
      reply(t, appendEntriesResponse(m.subtype, v.currentTerm, i, m.source, true, matchIndex), m),
    );
  }
  if (entries.length > 0 && index > v.commitIndex && !noConflict) {
    out('ConflictAppendEntriesRequest', update(s, i, { log: v.log.slice(0, v.log.length - 1) }));
  }
  if (entries.length > 0 && index > v.commitIndex && noConflict) {
    // Len(log) - index + 2 is the position in `entries` of the first entry past the log's end (1-based).
    out(
      'NoConflictAppendEntriesRequest',
      update(s, i, { log: [...v.log, ...entries.slice(v.log.length - index + 1)] }),
    );
  }
}

function handleAppendEntriesResponse(s: EtcdState, m: AppendEntriesResponse, out: Handled): void {
  const i = m.dest;
  const v = server(s, i);
  if (m.term !== v.currentTerm) return;
  if (!m.success) {
    out('HandleAppendEntriesResponse', discard(s, m));
    return;
  }
  const matchIndex = v.matchIndex.slice();
  matchIndex[m.source - 1] = Math.max(matchIndex[m.source - 1]!, m.matchIndex);
  out('HandleAppendEntriesResponse', discard(update(s, i, { matchIndex }), m));
}

/** etcdraft.tla ReceiveDirect: UpdateTerm first, then the handler of the message's type. */
export function receive(s: EtcdState, m: EtcdMessage, out: Handled): void {
  const v = server(s, m.dest);
  if (m.term > v.currentTerm) out('UpdateTerm', update(s, m.dest, followerOfTerm(v, m.term)));
  switch (m.type) {
    case 'RequestVoteRequest':
      handleRequestVoteRequest(s, m, out);
      return;
    case 'RequestVoteResponse':
      if (m.term < v.currentTerm) out('DropStaleResponse', discard(s, m));
      handleRequestVoteResponse(s, m, out);
      return;
    case 'AppendEntriesRequest':
      handleAppendEntriesRequest(s, m, out);
      return;
    case 'AppendEntriesResponse':
      if (m.term < v.currentTerm) out('DropStaleResponse', discard(s, m));
      handleAppendEntriesResponse(s, m, out);
      return;
  }
}

// ---- The relation --------------------------------------------------------------------------------------------

/** Every successor of `s` under MCetcdraft's NextDynamic, in its order. */
export function etcdSuccessors(s: EtcdState, config: EtcdConfig, emit: Emit): void {
  const n = s.servers.length;
  const g = guardsOf(config);
  for (let i = 1; i <= n; i++) for (let j = 1; j <= n; j++) requestVote(s, i, j, emit);
  for (let i = 1; i <= n; i++) becomeLeader(s, i, emit);
  for (let i = 1; i <= n; i++) clientRequest(s, g, i, emit);
  for (let i = 1; i <= n; i++) advanceCommitIndex(s, i, emit);
  for (let i = 1; i <= n; i++) for (let j = 1; j <= n; j++) appendEntries(s, g, i, j, emit);
  for (let i = 1; i <= n; i++) appendEntriesToSelf(s, i, emit);
  for (let i = 1; i <= n; i++) for (let j = 1; j <= n; j++) heartbeat(s, g, i, j, emit);
  for (let i = 1; i <= n; i++) for (let j = 1; j <= n; j++) sendSnapshot(s, g, i, j, emit);
  for (const { message: m } of s.messages) {
    receive(s, m, (handler, t) => {
      emit({ kind: 'Receive', handler, m }, t);
    });
  }
  for (let i = 1; i <= n; i++) timeout(s, g, i, emit);
  for (let i = 1; i <= n; i++) ready(s, i, emit);
  for (let i = 1; i <= n; i++) stepDownToFollower(s, i, emit);
  if (config.restart) for (let i = 1; i <= n; i++) restart(s, i, emit);
  // NextUnreliable: duplicate or drop only a message with one copy.
  if (config.duplicate)
    for (const { message: m, count } of s.messages)
      if (count === 1) emit({ kind: 'DuplicateMessage', m }, { ...s, messages: withMessage(s.messages, m) });
  if (config.drop)
    for (const { message: m, count } of s.messages) if (count === 1) emit({ kind: 'DropMessage', m }, discard(s, m));
  for (let i = 1; i <= n; i++) for (let j = 1; j <= n; j++) addNewServer(s, g, i, j, emit);
  for (let i = 1; i <= n; i++) for (let j = 1; j <= n; j++) addLearner(s, g, i, j, emit);
  for (let i = 1; i <= n; i++) for (let j = 1; j <= n; j++) deleteServer(s, g, i, j, emit);
  for (let i = 1; i <= n; i++) applySimpleConfChange(s, i, emit);
}

/** The copies of `m` in the network (for trace validation's message matching). */
export function inFlight(s: EtcdState, m: EtcdMessage): number {
  return copies(s.messages, m);
}

export type { Bag };
