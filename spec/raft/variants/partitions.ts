/**
 * partitions (docs/liveness.md, "Partitions as actions"; Howard and Abraham 2020): the network's links are part
 * of the state, and partitions form and heal as actions. Partition(i, j) cuts the link between i and j,
 * Heal(i, j) restores it, and a message is never received over a cut link (it stays in the bag, so it may be
 * received after a heal, or dropped). The number of Partition steps a behaviour takes is bounded by the
 * configuration's `partitions` (`--partitions K`): after K of them the network changes only by heals, so that
 * every behaviour ends with a network that no longer changes, as partial synchrony assumes of a real one.
 *
 * Why a guard and not a state constraint: Partition is disabled once K partitions have been taken, so a state
 * past the K-th goes on with every other step; a bound (TLC's CONSTRAINT) would only discard Partition's
 * successors too, but as a guard it never shows among the bounds' discards or the liveness run's "cut" states.
 *
 * Why the counter is on every server: the state has per-server variables only, and the network's count kept on
 * every server, all equal, keeps the state symmetric and adds no distinct states (each Partition step raises it
 * on all of them). Restart keeps both variables: they are the network's, not the server's.
 *
 * For safety the variant adds nothing new to find: a cut link only delays messages, which the plain model already
 * may do for ever (it just does not list them). It is for liveness: `--timers` and the properties read the links
 * from the state (`hooks.linked`), so a leader that loses its quorum by a partition is no longer "connected".
 */
import type { Bug } from '../bugs.js';
import type { RaftInvariant } from '../invariant.js';
import type { RaftWitness } from '../witnesses.js';
import type { Cluster, ClusterReader, ServerView } from '../cluster.js';
import type { RaftConfig } from '../config.js';
import { members } from '../configuration.js';
import type { RuleGuard } from '../guard.js';
import { isQuorumOf } from '../quorum.js';
import { serverName, type ServerId } from '../types.js';
import type {
  Receive,
  VariantAction,
  VariantField,
  VariantHooks,
  VariantInfo,
  VariantEvents,
  VariantLiveness,
  VariantOption,
  VariantTimed,
  VariantView,
} from './variant.js';

export const variant = {
  name: 'partitions',
  description:
    'links are part of the state: Partition(i, j) cuts the link between two servers and Heal(i, j) restores ' +
    'it, at most --partitions K Partition steps in a behaviour; nothing is received over a cut link',
  source: 'Howard and Abraham, "Raft does not guarantee liveness in the face of network faults" (2020)',
} as const satisfies VariantInfo;

export const fields = {
  /** The servers whose link to this one is cut now (symmetric: j is in i's set exactly when i is in j's). */
  cut: { kind: 'servers', resetOn: [] },
  /** The number of Partition steps taken so far in the behaviour, the same on every server. */
  partitions: { kind: 'int', initial: 0, min: 0, resetOn: [] },
} as const satisfies Readonly<Record<string, VariantField>>;

export const roles = [] as const;
export const messages = {} as const;

/** The configuration's bound when it gives none: one partition. */
export const DEFAULT_PARTITIONS = 1;

/**
 * `--partitions K`, at most K Partition steps in a behaviour. Giving it switches the variant on, so the bound alone
 * says what it means, as --max-term does.
 */
export const options = [
  {
    key: 'partitions',
    flag: 'partitions',
    help: 'Partition and Heal cut and restore the link between two servers, at most K Partition steps in a behaviour',
    min: 1,
    max: 20,
    fallback: String(DEFAULT_PARTITIONS),
    switchesOn: true,
  },
] as const satisfies readonly VariantOption[];

/**
 * The rules this variant adds (rules.ts): how many Partition steps a behaviour may take (the configuration's
 * `partitions`, hooks.configRules), and whether a cut link stops delivery (the mutant `deliver-over-cut` says no).
 */
export const rules: { readonly maxPartitions: number; readonly cutStopsDelivery: boolean } = {
  maxPartitions: DEFAULT_PARTITIONS,
  cutStopsDelivery: true,
};

/** Whether servers i and j have a working link in state c. */
export function linked(c: ClusterReader, i: ServerId, j: ServerId): boolean {
  return !c.server(i).cut.has(j);
}

/** Every server's count of Partition steps, raised by one. */
function countPartition(c: Cluster): void {
  for (let k = 0; k < c.n; k++) {
    const s = c.server(k);
    s.partitions = s.partitions + 1;
  }
}

/** Partition and Heal name each link once, by its lower-numbered end. */
const lowerEnd: RuleGuard = {
  holds: (_c, i, j) => i < j,
  why: (_c, i, j, action) =>
    `${action} names a link by its lower-numbered end first (${serverName(j)}–${serverName(i)})`,
};

const isLinked: RuleGuard = {
  holds: (c, i, j) => linked(c, i, j),
  why: (_c, i, j) => `the link ${serverName(i)}–${serverName(j)} is already cut`,
};

const isCut: RuleGuard = {
  holds: (c, i, j) => !linked(c, i, j),
  why: (_c, i, j) => `the link ${serverName(i)}–${serverName(j)} works`,
};

/** At most maxPartitions Partition steps in a behaviour (`--partitions K`). */
const partitionsLeft: RuleGuard = {
  holds: (c, i, _j, r) => c.server(i).partitions < r.maxPartitions,
  why: (c, i, _j, _action, r) =>
    `${c.server(i).partitions} partitions were taken already, the bound is ${r.maxPartitions} (--partitions)`,
};

/** Partition(i, j)'s effect: the working link between i and j is cut. */
function partition(c: Cluster, i: ServerId, j: ServerId): void {
  c.server(i).cut.add(j);
  c.server(j).cut.add(i);
  countPartition(c);
}

/** The set `s` without server j (a server set view has no delete: it is rebuilt). */
function without(s: ServerView, j: ServerId): void {
  const mask = s.cut.mask & ~(1 << j);
  s.cut.clear();
  for (let k = 0; mask >> k !== 0; k++) if ((mask & (1 << k)) !== 0) s.cut.add(k);
}

/** Heal(i, j)'s effect: the cut link between i and j works again. Heals are not counted: each undoes a Partition. */
function heal(c: Cluster, i: ServerId, j: ServerId): void {
  without(c.server(i), j);
  without(c.server(j), i);
}

/**
 * Partition(i, j), i < j: the link between i and j, working, is cut; at most maxPartitions in a behaviour.
 * Heal(i, j), i < j: a cut link works again.
 */
export const actions: readonly [VariantAction<'Partition', 'ij'>, VariantAction<'Heal', 'ij'>] = [
  {
    name: 'Partition',
    params: 'ij',
    after: 'AppendEntries',
    onLink: true,
    guards: [lowerEnd, isLinked, partitionsLeft],
    effect: partition,
  },
  { name: 'Heal', params: 'ij', after: 'AppendEntries', onLink: true, guards: [lowerEnd, isCut], effect: heal },
];

export const handlerNames = [] as const;
export const handlers = {} as const;

/**
 * partitions' Receive, outermost (the variant is last in the registry): a message whose link is cut is not
 * received at all, so no Receive step of it is listed (UpdateTerm included); it may still be dropped.
 */
function receive(inner: Receive): Receive {
  return (c, m, r, emit) => {
    if (r.cutStopsDelivery && !linked(c, m.source, m.dest)) return;
    inner(c, m, r, emit);
  };
}

export const hooks: VariantHooks = {
  receive,
  linked,
  configRules: (config: RaftConfig) => ({ maxPartitions: config.partitions ?? DEFAULT_PARTITIONS }),
  configProblem: (config: RaftConfig) =>
    config.servers < 2
      ? 'the partitions variant needs at least 2 servers (a partition cuts the link between two)'
      : undefined,
};

/** What implementations log for partitions: nothing; the network is not a server, so a walk projects them away. */
export const events = {
  actions: { Partition: null, Heal: null },
  messages: {},
} as const satisfies VariantEvents;

/** Liveness reads partitions' links through hooks.linked and its actions' `onLink`: nothing more. */
export const liveness: VariantLiveness = { fairness: {}, campaigning: [], timers: {} };

/** partitions in time: the clocks cut no link (a scenario's network does), so election-timing refuses it. */
export const timed: VariantTimed = { actions: { Partition: null, Heal: null }, refused: true };

/** How partitions shows: each server's card lists the servers it is cut from, when there are any. */
export const view: VariantView = {
  serverRows: [
    {
      field: 'cut',
      show: (v) => ((v as readonly string[]).length === 0 ? undefined : `{${(v as readonly string[]).join(',')}}`),
    },
  ],
  tallyRoles: [],
  messageFields: {},
  targetActions: ['Partition', 'Heal'],
};

export const invariants: readonly RaftInvariant[] = [];

/** Whether a leader of `c` has working links to no quorum of its configuration (itself counted, if a member). */
function leaderCutOff(c: ClusterReader): boolean {
  for (let i = 0; i < c.n; i++) {
    if (c.server(i).state !== 'Leader') continue;
    let reachable = 1 << i;
    for (let j = 0; j < c.n; j++) if (linked(c, i, j)) reachable |= 1 << j;
    if (!isQuorumOf(reachable, members(c, i))) return true;
  }
  return false;
}

/** A partition cut a leader from its quorum: the situation CheckQuorum and the liveness properties are about. */
export const witnesses: readonly RaftWitness[] = [
  {
    name: 'LeaderCutOff',
    description: 'a partition leaves a leader without working links to a quorum of its configuration',
    actions: ['Partition'],
    reached: (_from, _code, to) => leaderCutOff(to),
  },
];

export const bugs: readonly Bug[] = [
  {
    name: 'deliver-over-cut',
    description:
      'a message is received over a cut link, as if the partition were not there: safe (delivery is only ' +
      'allowed more often), but a leader cut from its quorum goes on hearing it',
    rules: { cutStopsDelivery: false },
    variants: ['partitions'],
    liveness: 'EventuallyStableLeader',
    source:
      'a test network whose partition only stops sends, not messages already queued: the messages on a link ' +
      'cut after they were sent still arrive',
  },
];
