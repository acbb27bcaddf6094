/**
 * Seeded random behaviours of the etcd profile written as etcd trace files: every step is the record etcd's trace
 * logger writes for it (a receive is one record however many spec steps it takes, followed, as in etcd, by the
 * BecomeFollower and reply records that the validation skips). Such a file validates by construction; tests
 * mutate it and expect the rejection at the mutated record. Duplicates and drops are left out (etcd logs no
 * record for them).
 */
import { Random } from '../../checker/random.js';
import { copies } from '../../spec/etcd/bag.js';
import type { EtcdConfig } from '../../spec/etcd/config.js';
import { configEntry } from '../../spec/etcd/entry.js';
import type { EtcdAction } from '../../spec/etcd/actions.js';
import type { EtcdMessage } from '../../spec/etcd/messages.js';
import { etcdSuccessors, receive } from '../../spec/etcd/next.js';
import { idsOf } from '../../spec/etcd/servers.js';
import { server, startingServer, type EtcdState, type ServerVars } from '../../spec/etcd/state.js';
import { EMPTY_BAG } from '../../spec/etcd/bag.js';
import { tracingEvent, zapLine } from './write.js';

const id = (n: number): string => String(n);

/** The state an etcd trace's bootstrap records give: s1..sK at term 1 with K committed configuration entries. */
export function bootstrappedState(config: EtcdConfig): EtcdState {
  const k = config.initServers;
  const members = (1 << k) - 1;
  const log = new Array<number>(k).fill(configEntry(1, members, 0));
  const servers = Array.from({ length: config.servers }, (_, n) =>
    n < k ? startingServer(config.servers, members, log) : startingServer(config.servers, 0, []),
  );
  return { servers, reconfigCount: 0, messages: EMPTY_BAG, pendingMessages: EMPTY_BAG };
}

/** etcd's record name for a non-receive action, or undefined for one etcd logs no record of. */
function recordOf(
  a: EtcdAction,
  before: EtcdState,
  after: EtcdState,
): { name: string; nid: number; pre: boolean; msg?: EtcdMessage; prop?: Record<string, unknown> } | undefined {
  const sentOf = (): EtcdMessage =>
    after.pendingMessages.find((x) => copies(before.pendingMessages, x.message) < x.count)!.message;
  switch (a.kind) {
    case 'RequestVote':
      return {
        name: a.i === a.j ? 'SendRequestVoteResponse' : 'SendRequestVoteRequest',
        nid: a.i,
        pre: false,
        msg: sentOf(),
      };
    case 'BecomeLeader':
      return { name: 'BecomeLeader', nid: a.i, pre: false };
    case 'ClientRequest':
      return { name: 'Replicate', nid: a.i, pre: true };
    case 'AdvanceCommitIndex':
      return { name: 'Commit', nid: a.i, pre: false };
    case 'AppendEntries':
    case 'Heartbeat':
    case 'SendSnapshot':
      return { name: 'SendAppendEntriesRequest', nid: a.i, pre: false, msg: sentOf() };
    case 'AppendEntriesToSelf':
      return { name: 'SendAppendEntriesResponse', nid: a.i, pre: false, msg: sentOf() };
    case 'Timeout':
      return { name: 'BecomeCandidate', nid: a.i, pre: false };
    case 'Ready':
      return { name: 'Ready', nid: a.i, pre: false };
    case 'StepDownToFollower':
      return { name: 'BecomeFollower', nid: a.i, pre: false };
    case 'Restart':
      return { name: 'InitState', nid: a.i, pre: false };
    case 'AddNewServer':
    case 'AddLearner':
    case 'DeleteServer': {
      const action = a.kind === 'DeleteServer' ? 'RemoveServer' : a.kind;
      return { name: 'ChangeConf', nid: a.i, pre: true, prop: { cc: { changes: [{ nid: id(a.j), action }] } } };
    }
    case 'ApplySimpleConfChange': {
      const v = server(after, a.i);
      return {
        name: 'ApplyConfChange',
        nid: a.i,
        pre: true,
        prop: { cc: { newconf: idsOf(v.config.voters).map(id) } },
      };
    }
    case 'Receive':
    case 'DuplicateMessage':
    case 'DropMessage':
      return undefined;
  }
}

const RECEIVE_NAMES = {
  RequestVoteRequest: 'ReceiveRequestVoteRequest',
  RequestVoteResponse: 'ReceiveRequestVoteResponse',
  AppendEntriesRequest: 'ReceiveAppendEntriesRequest',
  AppendEntriesResponse: 'ReceiveAppendEntriesResponse',
} as const;

/** A generated trace: its lines (a zap record each) and the profile state after each record. */
export interface EtcdWalk {
  readonly lines: string[];
  readonly seed: number;
}

/**
 * `steps` records of a seeded walk of the etcd profile of `config` (MCetcdraft's guards keep it small; the
 * validation does not need them), after one bootstrap InitState record per server.
 */
export function etcdWalk(config: EtcdConfig, seed: number, steps: number): EtcdWalk {
  const random = new Random(seed);
  const g = { ...config, duplicate: false, drop: false };
  let s = bootstrappedState(config);
  const lines: string[] = [];
  let tick = 0;
  const emit = (event: Record<string, unknown>): void => {
    tick++;
    lines.push(zapLine(`1712329729.${String(tick).padStart(7, '0')}`, event));
  };
  for (let n = 1; n <= config.servers; n++) emit(tracingEvent('InitState', n, server(s, n), id));
  while (lines.length < steps + config.servers) {
    const moves: { action: EtcdAction; state: EtcdState }[] = [];
    etcdSuccessors(s, g, (action, state) => {
      // Receives are taken whole below; a configuration is applied only when that changes something.
      // The reply to a snapshot carries subtype "snapshot" in etcdraft.tla, while etcd logs it as MsgAppResp,
      // which Traceetcdraft.tla reads as "app": no validation accepts its receipt, so walks send no snapshots.
      if (action.kind === 'Receive' || action.kind === 'SendSnapshot') return;
      if (action.kind === 'ApplySimpleConfChange' && unchanged(server(s, action.i), server(state, action.i))) return;
      moves.push({ action, state });
    });
    const receivable = s.messages.map((x) => x.message);
    const weights = [...moves.map((m) => WEIGHTS[m.action.kind] ?? 1), ...receivable.map(() => 2)];
    const pick = weighted(weights, random);
    if (pick < moves.length) {
      const { action, state } = moves[pick]!;
      const rec = recordOf(action, s, state);
      if (rec !== undefined)
        emit(tracingEvent(rec.name, rec.nid, server(rec.pre ? s : state, rec.nid), id, rec.msg, rec.prop));
      s = state;
      continue;
    }
    const m = receivable[pick - moves.length]!;
    const after = receiveWhole(s, m, random);
    if (after === undefined) continue;
    emit(tracingEvent(RECEIVE_NAMES[m.type], m.dest, server(s, m.dest), id, m));
    const before = server(s, m.dest);
    const v = server(after, m.dest);
    if (v.currentTerm !== before.currentTerm || (before.state === 'Candidate' && v.state === 'Follower')) {
      emit(tracingEvent('BecomeFollower', m.dest, v, id));
    }
    const reply = after.pendingMessages.find((x) => copies(s.pendingMessages, x.message) < x.count)?.message;
    if (reply !== undefined && reply.source !== reply.dest) {
      const name = reply.type === 'RequestVoteResponse' ? 'SendRequestVoteResponse' : 'SendAppendEntriesResponse';
      emit(tracingEvent(name, m.dest, v, id, reply));
    }
    s = after;
  }
  return { lines, seed };
}

/** How often a walk takes each action kind, relative to a receive's 2: few crashes, so leaders get elected. */
const WEIGHTS: Partial<Record<EtcdAction['kind'], number>> = {
  Restart: 0.02,
  Timeout: 0.2,
  StepDownToFollower: 0.05,
  Ready: 0.7,
};

function weighted(weights: readonly number[], random: Random): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = random.nextFloat() * total;
  for (let k = 0; k < weights.length; k++) {
    x -= weights[k]!;
    if (x < 0) return k;
  }
  return weights.length - 1;
}

function unchanged(a: ServerVars, b: ServerVars): boolean {
  return (
    a.config.voters === b.config.voters &&
    a.config.learners === b.config.learners &&
    a.pendingConfChangeIndex === b.pendingConfChangeIndex
  );
}

/** The state after `m` is received and has left the network (at most 16 steps), or undefined. */
function receiveWhole(s: EtcdState, m: EtcdMessage, random: Random): EtcdState | undefined {
  let state = s;
  const n = copies(s.messages, m);
  for (let k = 0; k < 16; k++) {
    const next: EtcdState[] = [];
    receive(state, m, (_, t) => next.push(t));
    if (next.length === 0) return undefined;
    const done = next.filter((t) => copies(t.messages, m) === n - 1);
    if (done.length > 0) return done[random.below(done.length)];
    state = next[random.below(next.length)]!;
  }
  return undefined;
}
