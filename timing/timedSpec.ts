/**
 * The spec actions the timed scheduler takes, for one set of variants, on Immutable.js values. They are the spec's
 * own actions (election.ts, replication.ts, membership.ts, receive.ts) run on values exactly as next.ts runs them:
 * the variants decide which form of each action is used, once, when the scheduler is built.
 *
 * Why not values.ts's `timeout` and raft.tla's Receive: with prevote, a timer firing is prevote's
 * Timeout (a pre-vote round, no new term), and a PreVoteRequest must not go through UpdateTerm; with
 * check-quorum, a leader's Receive of an AppendEntriesResponse records who answered. next.ts picks these per
 * configuration (receiverFor, preVoteTimeout); this module picks them the same way and hands the Receive to
 * values.ts's `receive`.
 *
 * With membership, the core's actions count and talk to a server's configuration (configuration.ts: only
 * members time out, votes and AppendEntries go to the members of the sender's configuration, quorums are
 * counted in it), run in a layout whose initial
 * configuration is `initialMembers`: values.ts's `onValue` uses every server as the initial configuration, so
 * this module runs those actions through a layout of its own (`inConfig`). Receive reads no configuration.
 */
import { Cluster } from '../spec/raft/cluster.js';
import { fromFlat, toFlat } from '../spec/raft/codec.js';
import { Layout } from '../spec/raft/layout.js';
import type { Message } from '../spec/raft/messages.js';
import { actionTable } from '../spec/raft/next.js';
import { receiverFor } from '../spec/raft/receive.js';
import { raftRules, type RaftRules } from '../spec/raft/rules.js';
import type { ClusterState } from '../spec/raft/state.js';
import type { ServerId } from '../spec/raft/types.js';
import { onValue, readerOf, receive, type Received } from '../spec/raft/values.js';
import { VARIANT_NAMES, variantModules, type VariantFlags } from '../spec/raft/variants.js';
import { configOf } from '../spec/raft/variants/membership.js';

/** The actions whose meaning a variant changes, chosen once for a set of variants. */
export interface TimedSpec {
  readonly variants: VariantFlags;
  /** Whether server i has an election timer: every server, or with membership a member of its configuration. */
  timesOut(s: ClusterState, i: ServerId): boolean;
  /** What a firing election timer does: raft.tla Timeout, or prevote's Timeout (a pre-vote round). */
  timeout(s: ClusterState, i: ServerId): ClusterState | undefined;
  /** What server i then sends to j: RequestVote, or prevote's RequestPreVote. */
  solicit(s: ClusterState, i: ServerId, j: ServerId): ClusterState | undefined;
  /** RequestVote from i to j (after prevote's StartElection). */
  requestVote(s: ClusterState, i: ServerId, j: ServerId): ClusterState | undefined;
  /** prevote's StartElection (undefined when disabled, or prevote is off). */
  startElection(s: ClusterState, i: ServerId, rules: RaftRules): ClusterState | undefined;
  /** BecomeLeader of candidate i (undefined when it has no quorum of votes). */
  becomeLeader(s: ClusterState, i: ServerId): ClusterState | undefined;
  /** AppendEntries from leader i to j. */
  appendEntries(s: ClusterState, i: ServerId, j: ServerId): ClusterState | undefined;
  /** check-quorum's CheckQuorum (undefined when disabled, or check-quorum is off). */
  checkQuorum(s: ClusterState, i: ServerId): ClusterState | undefined;
  /** Receive of `m` (in `s`'s bag) under the variants' Receive: every way m.dest can receive it. */
  receive(s: ClusterState, m: Message, rules: RaftRules): Received[];
}

type OnValue = (s: ClusterState, action: (c: Cluster) => boolean) => ClusterState | undefined;

const layouts = new Map<string, { layout: Layout; cluster: Cluster }>();

/** values.ts's `onValue` in a layout whose initial configuration is the bit mask `members` (every server if absent). */
export function inConfig(members?: number): OnValue {
  return (s, action) => {
    const longest = s.servers.reduce((most, v) => Math.max(most, v.log.size), 0);
    const key = `${s.servers.size}/${longest + 1}/${String(members)}`;
    let entry = layouts.get(key);
    if (entry === undefined) {
      const layout = new Layout(s.servers.size, longest + 1, 'all', members);
      layouts.set(key, (entry = { layout, cluster: new Cluster(layout) }));
    }
    const flat = toFlat(entry.layout, s);
    const c = entry.cluster.begin(flat);
    if (!action(c)) return undefined;
    return c.state === flat ? s : fromFlat(entry.layout, c.state, { flat, state: s });
  };
}

/** The bit mask of servers s1..sK. */
export function firstServers(k: number): number {
  return (1 << k) - 1;
}

/**
 * The timed actions of the variants `variants`; `initialMembers` (a bit mask, see firstServers) is membership's
 * first configuration, every server when absent.
 */
export function timedSpec(variants: VariantFlags, initialMembers?: number): TimedSpec {
  const modules = variantModules(VARIANT_NAMES.filter((name) => variants[name]));
  const receiver = receiverFor(modules);
  const prevote = variants.prevote;
  const m = variants.membership;
  const run: OnValue = m ? inConfig(initialMembers) : onValue;
  // The next-state relation's own actions (next.ts), with the variants' forms: one table, no second choice.
  const table = actionTable(false, modules);
  const action =
    (name: string) =>
    (c: Cluster, i: ServerId, j: ServerId, rules: RaftRules = raftRules) => {
      const row = table.find((r) => r.name === name);
      return row !== undefined && row.run(c, i, j, rules);
    };
  const timeout = action('Timeout');
  const requestVote = action('RequestVote');
  const requestPreVote = action('RequestPreVote');
  const startElection = action('StartElection');
  const becomeLeader = action('BecomeLeader');
  const appendEntries = action('AppendEntries');
  const checkQuorum = action('CheckQuorum');
  return {
    variants,
    timesOut: (s, i) => {
      if (!m) return true;
      const initial = initialMembers ?? firstServers(s.servers.size);
      return (configOf(readerOf(s, initial).server(i).log, initial) & (1 << i)) !== 0;
    },
    timeout: (s, i) => run(s, (c) => timeout(c, i, 0)),
    solicit: (s, i, j) => run(s, (c) => (prevote ? requestPreVote(c, i, j) : requestVote(c, i, j))),
    requestVote: (s, i, j) => run(s, (c) => requestVote(c, i, j)),
    startElection: (s, i, rules) => (prevote ? run(s, (c) => startElection(c, i, 0, rules)) : undefined),
    becomeLeader: (s, i) => run(s, (c) => becomeLeader(c, i, 0)),
    appendEntries: (s, i, j) => run(s, (c) => appendEntries(c, i, j)),
    checkQuorum: (s, i) => (variants['check-quorum'] ? run(s, (c) => checkQuorum(c, i, 0)) : undefined),
    receive: (s, msg, rules) => receive(s, msg, rules, receiver),
  };
}
