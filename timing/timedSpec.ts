/**
 * The spec actions the timed scheduler takes, for one set of variants, on Immutable.js values. They are the spec's
 * own actions (election.ts, replication.ts, membership.ts, receive.ts) run on values exactly as next.ts runs them:
 * the variants decide which form of each action is used, once, when the scheduler is built.
 *
 * Why not values.ts's `timeout` and raft.tla's Receive: a variant can replace Timeout's effect and wrap the
 * Receive (prevote: a timer firing starts a pre-vote round, no new term, and a PreVoteRequest must not go through
 * UpdateTerm; check-quorum: a leader's Receive of an AppendEntriesResponse records who answered). next.ts picks
 * these per configuration (actionTable, receiverFor); this module picks them the same way and hands the Receive
 * to values.ts's `receive`. Which of a variant's actions the clocks take, and when, its module says
 * (`timed.actions`, variant.ts ActionTiming); no variant is named here.
 *
 * With a variant that gives servers a configuration (hooks.configuration: membership), the core's actions count
 * and talk to a server's configuration (configuration.ts: only members time out, votes and AppendEntries go to
 * the members of the sender's configuration, quorums are counted in it), run in a layout whose initial
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
import { VARIANT_MODULES } from '../spec/raft/variants/registry.js';
import type { ActionTiming, VariantModule } from '../spec/raft/variants/variant.js';

/** A server's step by one of the spec's actions, on values: the successor, or undefined when it is not enabled. */
export type TimedStep = (s: ClusterState, i: ServerId, rules: RaftRules) => ClusterState | undefined;

/** A variant's action that the clocks take on their own (`elect`, `leaderPeriod`), with its step. */
export interface ClockAction {
  readonly name: string;
  readonly step: TimedStep;
}

/** The actions whose meaning a variant changes, chosen once for a set of variants. */
export interface TimedSpec {
  /** Whether server i has an election timer: every server, or a member of its configuration when it has one. */
  timesOut(s: ClusterState, i: ServerId): boolean;
  /** What a firing election timer does: raft.tla Timeout, or a variant's effect in its place (a pre-vote round). */
  timeout(s: ClusterState, i: ServerId): ClusterState | undefined;
  /** The action a firing timer then sends every server: RequestVote, or a variant's `solicit` action. */
  readonly solicitation: string;
  /** That action from i to j. */
  solicit(s: ClusterState, i: ServerId, j: ServerId): ClusterState | undefined;
  /** RequestVote from i to j (after an `elect` action). */
  requestVote(s: ClusterState, i: ServerId, j: ServerId): ClusterState | undefined;
  /**
   * The action that starts the election of a server in `role` once enabled (a variant's `elect`: prevote's
   * StartElection, a PreCandidate's); absent: Timeout starts it.
   */
  readonly election: (ClockAction & { readonly role: string }) | undefined;
  /** BecomeLeader of candidate i (undefined when it has no quorum of votes). */
  becomeLeader(s: ClusterState, i: ServerId): ClusterState | undefined;
  /** AppendEntries from leader i to j. */
  appendEntries(s: ClusterState, i: ServerId, j: ServerId): ClusterState | undefined;
  /** The actions a leader takes every base election timeout (variants' `leaderPeriod`: check-quorum's CheckQuorum). */
  readonly leaderPeriodic: readonly ClockAction[];
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
 * Whether `variants` give servers a configuration, whose first one `initialMembers` sets (the experiment's
 * `initialMembers`, election-timing's `--initial-members`).
 */
export function hasConfiguration(variants: readonly string[] | undefined): boolean {
  return variantModules(variants).some((m) => m.hooks.configuration !== undefined);
}

/** The `--variant` names of the variants that give servers a configuration (membership), for messages. */
export const CONFIGURATION_VARIANTS: readonly string[] = (VARIANT_MODULES as readonly VariantModule[])
  .filter((m) => m.hooks.configuration !== undefined)
  .map((m) => m.variant.name);

/** The variants that election-timing refuses (their modules' `timed.refused`), and the actions no clock takes. */
export function timedRefusal(variants: readonly string[]): { name: string; unscheduled: string[] } | undefined {
  const m = variantModules(variants).find((v) => v.timed.refused);
  if (m === undefined) return undefined;
  const unscheduled = Object.entries(m.timed.actions).flatMap(([name, t]) => (t === null ? [name] : []));
  return { name: m.variant.name, unscheduled };
}

/** The actions of `modules` that the clocks take `when`, with their timing, in registry order. */
function timedAction<W extends ActionTiming['when']>(
  modules: readonly VariantModule[],
  when: W,
): { name: string; timing: Extract<ActionTiming, { when: W }> }[] {
  return modules.flatMap((m) =>
    Object.entries(m.timed.actions).flatMap(([name, t]) =>
      t !== null && t.when === when ? [{ name, timing: t as Extract<ActionTiming, { when: W }> }] : [],
    ),
  );
}

/**
 * The timed actions of the variants `variants`; `initialMembers` (a bit mask, see firstServers) is membership's
 * first configuration, every server when absent.
 */
export function timedSpec(variants: VariantFlags, initialMembers?: number): TimedSpec {
  const modules = variantModules(VARIANT_NAMES.filter((name) => variants[name]));
  const receiver = receiverFor(modules);
  const configuration = modules.find((v) => v.hooks.configuration !== undefined)?.hooks.configuration;
  const run: OnValue = configuration !== undefined ? inConfig(initialMembers) : onValue;
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
  const becomeLeader = action('BecomeLeader');
  const appendEntries = action('AppendEntries');
  const solicitation = timedAction(modules, 'solicit')[0]?.name ?? 'RequestVote';
  const solicit = action(solicitation);
  const elect = timedAction(modules, 'elect')[0];
  const stepOf = (name: string): TimedStep => {
    const take = action(name);
    return (s, i, rules) => run(s, (c) => take(c, i, 0, rules));
  };
  return {
    timesOut: (s, i) => {
      if (configuration === undefined) return true;
      const initial = initialMembers ?? firstServers(s.servers.size);
      return (configuration.members(readerOf(s, initial).server(i).log, initial) & (1 << i)) !== 0;
    },
    timeout: (s, i) => run(s, (c) => timeout(c, i, 0)),
    solicitation,
    solicit: (s, i, j) => run(s, (c) => solicit(c, i, j)),
    requestVote: (s, i, j) => run(s, (c) => requestVote(c, i, j)),
    election: elect === undefined ? undefined : { name: elect.name, role: elect.timing.role, step: stepOf(elect.name) },
    becomeLeader: (s, i) => run(s, (c) => becomeLeader(c, i, 0)),
    appendEntries: (s, i, j) => run(s, (c) => appendEntries(c, i, j)),
    leaderPeriodic: timedAction(modules, 'leaderPeriod').map(({ name }) => ({ name, step: stepOf(name) })),
    receive: (s, msg, rules) => receive(s, msg, rules, receiver),
  };
}
