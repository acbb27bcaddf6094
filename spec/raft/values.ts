/**
 * The spec on Immutable.js values: the same actions as election.ts, replication.ts, restart.ts, receive.ts and
 * next.ts (there is no second implementation), run on a value by encoding it into a flat state, running the
 * action through a Cluster, and decoding the result (codec.ts). For tools and tests that work with values: the
 * trace validator, the timed simulator, replay and the handler tests. The checker's fast path uses next.ts
 * directly.
 */
import type { Transition } from '../../checker/model.js';
import { ACTION_PARAMS, unpackAction, type RaftAction, type ReceiveHandler } from './actions.js';
import { Cluster, type ClusterReader } from './cluster.js';
import { fromFlat, toFlat } from './codec.js';
import { initialMembersMask, type RaftConfig } from './config.js';
import * as election from './election.js';
import { Layout } from './layout.js';
import type { Message } from './messages.js';
import { distinctMessages } from './network.js';
import { Successors } from './next.js';
import { receive as receiveOnCluster, type Receive } from './receive.js';
import * as replication from './replication.js';
import { restart as restartOnCluster } from './restart.js';
import type { RaftRules } from './rules.js';
import type { ClusterState } from './state.js';
import type { ServerId, Value } from './types.js';

const layouts = new Map<string, Layout>();
const clusters = new WeakMap<Layout, Cluster>();

/**
 * A layout for `n` servers whose logs have room for `s`'s longest log plus one entry, with membership's initial
 * configuration `members` (every server when absent).
 */
function layoutFor(s: ClusterState, atLeast = 0, members?: number): Layout {
  const longest = s.servers.reduce((most, v) => Math.max(most, v.log.size), atLeast);
  const key = `${s.servers.size}/${longest + 1}/${String(members)}`;
  let L = layouts.get(key);
  // Every variant's variables: a value carries them all (at their initial values when a variant is off).
  if (L === undefined) layouts.set(key, (L = new Layout(s.servers.size, longest + 1, 'all', members)));
  return L;
}

/** `s` as a flat state, in a layout with room for one more entry than its longest log (and at least `minLog`). */
export function flatOf(s: ClusterState, minLog = 0, members?: number): { layout: Layout; flat: Int32Array } {
  const layout = layoutFor(s, minLog, members);
  return { layout, flat: toFlat(layout, s) };
}

/**
 * A read-only view of the value `s` (one shared view per layout: valid until the next call); `members` is
 * membership's initial configuration (initialMembersMask), every server when absent.
 */
export function readerOf(s: ClusterState, members?: number): ClusterReader {
  const { layout, flat } = flatOf(s, 0, members);
  return clusterFor(layout).begin(flat);
}

function clusterFor(L: Layout): Cluster {
  let c = clusters.get(L);
  if (c === undefined) clusters.set(L, (c = new Cluster(L)));
  return c;
}

/** Runs `action` on `s`: the successor value, or undefined when the action is disabled. */
export function onValue(s: ClusterState, action: (c: Cluster) => boolean): ClusterState | undefined {
  const L = layoutFor(s);
  const flat = toFlat(L, s);
  const c = clusterFor(L).begin(flat);
  if (!action(c)) return undefined;
  return c.state === flat ? s : fromFlat(L, c.state, { flat, state: s });
}

export const timeout = (s: ClusterState, i: ServerId): ClusterState | undefined =>
  onValue(s, (c) => election.timeout(c, i));
export const requestVote = (s: ClusterState, i: ServerId, j: ServerId): ClusterState | undefined =>
  onValue(s, (c) => election.requestVote(c, i, j));
export const becomeLeader = (s: ClusterState, i: ServerId): ClusterState | undefined =>
  onValue(s, (c) => election.becomeLeader(c, i));
export const clientRequest = (s: ClusterState, i: ServerId, v: Value): ClusterState | undefined =>
  onValue(s, (c) => replication.clientRequest(c, i, v));
export const advanceCommitIndex = (s: ClusterState, i: ServerId, rules: RaftRules): ClusterState | undefined =>
  onValue(s, (c) => replication.advanceCommitIndex(c, i, rules));
export const appendEntries = (s: ClusterState, i: ServerId, j: ServerId): ClusterState | undefined =>
  onValue(s, (c) => replication.appendEntries(c, i, j));
export const restart = (s: ClusterState, i: ServerId, rules: RaftRules): ClusterState =>
  onValue(s, (c) => restartOnCluster(c, i, rules))!;

/** One way a message can be received. */
export interface Received {
  readonly handler: ReceiveHandler;
  readonly outcome: string;
  readonly state: ClusterState;
}

/**
 * Receive of `m` (a message in `s`'s bag): every way server m.dest can receive it, under raft.tla's Receive or
 * the one `receiverFor` chose for a configuration's variants.
 */
export function receive(
  s: ClusterState,
  m: Message,
  rules: RaftRules,
  receiver: Receive = receiveOnCluster,
): Received[] {
  const k = distinctMessages(s.messages).indexOf(m);
  if (k < 0) throw new Error('spec: receive of a message that is not in the bag');
  const L = layoutFor(s);
  const flat = toFlat(L, s);
  const c = clusterFor(L).begin(flat);
  const out: Received[] = [];
  receiver(c, c.message(k), rules, (handler, outcome) => {
    out.push({ handler, outcome, state: fromFlat(L, c.state, { flat, state: s }) });
    c.begin(flat);
  });
  return out;
}

/** The label of the packed action `code` taken from `s`. */
export function actionOf(code: number, s: ClusterState): RaftAction {
  const { name, i, j, v, outcome, k } = unpackAction(code);
  const message = (): Message => distinctMessages(s.messages)[k]!;
  // The parameters of each name are declared once (actions.ts, and each variant's module).
  switch (ACTION_PARAMS[name]) {
    case 'i':
      return { kind: name, i } as RaftAction;
    case 'ij':
      return { kind: name, i, j } as RaftAction;
    case 'iv':
      return { kind: name, i, v } as RaftAction;
    case 'm':
      return { kind: name, m: message() } as RaftAction;
    case 'receive':
      return { kind: 'Receive', handler: name as ReceiveHandler, m: message(), outcome };
  }
}

const generators = new WeakMap<RaftRules, Map<string, Successors>>();

/** Every labelled successor of `s` under the next-state relation that `config` and `rules` define. */
export function next(s: ClusterState, config: RaftConfig, rules: RaftRules): Transition<ClusterState, RaftAction>[] {
  const L = layoutFor(s, config.maxLogLen, initialMembersMask(config));
  let byConfig = generators.get(rules);
  if (byConfig === undefined) generators.set(rules, (byConfig = new Map<string, Successors>()));
  const key = `${L.servers}/${L.logCap}/${JSON.stringify(config)}`;
  let successors = byConfig.get(key);
  if (successors === undefined) byConfig.set(key, (successors = new Successors(L, config, rules)));
  const flat = toFlat(L, s);
  const out: Transition<ClusterState, RaftAction>[] = [];
  successors.forEach(flat, (code, t) => {
    out.push({ action: actionOf(code, s), state: t === flat ? s : fromFlat(L, t, { flat, state: s }) });
  });
  return out;
}
