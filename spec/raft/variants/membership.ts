/**
 * membership (Ongaro's thesis §4.1, single-server changes; docs/variants.md): the configuration is a log entry.
 * A server uses the latest configuration in its log, committed or not, and the initial one (the layout's
 * `initialMembers`) while its log has none. The core counts every majority in the configuration a server uses
 * (configuration.ts, quorum.ts): votes, commitment and check-quorum's, only members time out, and a leader
 * replicates to its members only. This module gives that configuration and adds AddServer and RemoveServer: a
 * leader adds or removes one server at a time, never while an earlier change is uncommitted, and (the fix of
 * Ongaro's raft-dev post, July 2015) only after it has committed an entry of its own term; in this untimed model
 * that entry is a client value (ClientRequest), raft.tla having no no-op entry.
 */
import type { Bug } from '../bugs.js';
import type { Cluster, ClusterReader, LogReader, ServerReader } from '../cluster.js';
import { lastConfigChange, members } from '../configuration.js';
import { formatConfig, notInRole, type Guard, type RuleGuard } from '../guard.js';
import type { RaftInvariant } from '../invariant.js';
import type { RaftWitness } from '../witnesses.js';
import { configMembers, configValue, isConfigValue } from '../logEntry.js';
import { isMember, isQuorumOf, memberCount, quorumSize } from '../quorum.js';
import { serverName as sn, type ServerId } from '../types.js';
import type {
  BugPlan,
  VariantAction,
  VariantHooks,
  VariantInfo,
  VariantEvents,
  VariantLiveness,
  VariantOption,
  VariantTimed,
  VariantView,
} from './variant.js';

export const variant = {
  name: 'membership',
  description:
    'the configuration is a log entry, used as soon as it is in the log; a leader adds or removes one server ' +
    'at a time, after committing an entry of its term and when no earlier change is uncommitted',
  source:
    "Ongaro's thesis §4.1 (single-server changes), with the fix of Ongaro's raft-dev post \"bug in " +
    'single-server membership changes" (July 2015)',
} as const satisfies VariantInfo;

export const fields = {} as const;
export const roles = [] as const;
export const messages = {} as const;

/**
 * The rule this variant adds (rules.ts): whether a leader must have committed an entry of its current term
 * before it appends a configuration entry (the fix of Ongaro's raft-dev post, July 2015).
 */
export const rules: { readonly configChangeNeedsTermCommit: boolean } = { configChangeNeedsTermCommit: true };

/** Index of the latest configuration entry of `log`, 0 when it has none. */
export function configIndex(log: LogReader): number {
  for (let k = log.length; k >= 1; k--) if (isConfigValue(log.value(k))) return k;
  return 0;
}

/** The configuration (a bit mask) a server with this log uses: its latest configuration entry's, or `initial`. */
export function configOf(log: LogReader, initial: number): number {
  const k = configIndex(log);
  return k === 0 ? initial : configMembers(log.value(k));
}

// The guards of AddServer and RemoveServer, clause by clause (guard.ts): the listing tests them, and replay and
// the trace validator word a disabled change from the first that fails.

const isLeader: Guard = {
  holds: (c, i) => c.server(i).state === 'Leader',
  why: (c, i) => notInRole(c, i, 'the Leader'),
};

const isNotMember: Guard = {
  holds: (c, i, j) => !isMember(members(c, i), j),
  why: (c, i, j) => `${sn(j)} is already in ${sn(i)}'s configuration ${formatConfig(members(c, i))}`,
};

const isAMember: Guard = {
  holds: (c, i, j) => isMember(members(c, i), j),
  why: (c, i, j) => `${sn(j)} is not in ${sn(i)}'s configuration ${formatConfig(members(c, i))}`,
};

/** A configuration is never empty. */
const notTheOnlyMember: Guard = {
  holds: (c, i) => memberCount(members(c, i)) > 1,
  why: (c, i, j) => `${sn(j)} is the only server of ${sn(i)}'s configuration`,
};

/** One change at a time (§4.1): the leader's latest configuration entry is committed. */
const changeCommitted: Guard = {
  holds: (c, i) => lastConfigChange(c, i) <= c.server(i).commitIndex,
  why: (c, i) => {
    const me = c.server(i);
    return `${sn(i)}'s configuration entry at index ${lastConfigChange(c, i)} is not committed (commitIndex ${me.commitIndex})`;
  },
};

/** The fix of Ongaro's raft-dev post (2015), by the rules: the leader has committed an entry of its current term. */
const termCommitted: RuleGuard = {
  holds: (c, i, _j, r) => {
    const me = c.server(i);
    return !r.configChangeNeedsTermCommit || (me.commitIndex > 0 && me.log.term(me.commitIndex) === me.currentTerm);
  },
  why: (c, i) => {
    const me = c.server(i);
    return `${sn(i)} has not committed an entry of its term ${me.currentTerm} (commitIndex ${me.commitIndex})`;
  },
};

/** AddServer(i, j)'s effect: leader i appends the configuration of its own plus server j (§4.1). */
export function addServer(c: Cluster, i: ServerId, j: ServerId): void {
  const me = c.server(i);
  me.log.append({ term: me.currentTerm, value: configValue(members(c, i) | (1 << j)) });
}

/** RemoveServer(i, j)'s effect: leader i appends its configuration without server j (itself, possibly). */
export function removeServer(c: Cluster, i: ServerId, j: ServerId): void {
  const me = c.server(i);
  me.log.append({ term: me.currentTerm, value: configValue(members(c, i) & ~(1 << j)) });
}

export const actions: readonly [VariantAction<'AddServer', 'ij'>, VariantAction<'RemoveServer', 'ij'>] = [
  {
    name: 'AddServer',
    params: 'ij',
    after: 'AppendEntries',
    role: 'Leader',
    guards: [isLeader, isNotMember, changeCommitted, termCommitted],
    effect: addServer,
  },
  {
    name: 'RemoveServer',
    params: 'ij',
    after: 'AppendEntries',
    role: 'Leader',
    guards: [isLeader, isAMember, notTheOnlyMember, changeCommitted, termCommitted],
    effect: removeServer,
  },
];

export const handlerNames = [] as const;
export const handlers = {} as const;

/** `--initial-members K`: the initial configuration is s1..sK. */
export const options = [
  {
    key: 'initialMembers',
    flag: 'initial-members',
    help: 'the first configuration is s1..sK',
    min: 1,
    max: 'servers',
    fallback: 'servers − 1, so one can join',
    switchesOn: false,
  },
] as const satisfies readonly VariantOption[];

export const hooks: VariantHooks = {
  configuration: {
    members: configOf,
    lastChange: configIndex,
    initial: (config) => (1 << (config.initialMembers ?? Math.max(1, config.servers - 1))) - 1,
  },
};

/** What implementations log for membership: the leader's configuration changes. */
export const events = {
  actions: {
    AddServer: { type: 'addServer', form: 'reconfigure' },
    RemoveServer: { type: 'removeServer', form: 'reconfigure' },
  },
  messages: {},
} as const satisfies VariantEvents;

/** Liveness reads nothing of membership beyond the configuration a server uses (hooks.configuration). */
export const liveness: VariantLiveness = { fairness: {}, campaigning: [], timers: {} };

/**
 * membership in time: only the first configuration's members have timers (hooks.configuration); no clock changes
 * the configuration.
 */
export const timed: VariantTimed = { actions: { AddServer: null, RemoveServer: null }, refused: false };

/** How membership shows: AddServer and RemoveServer name the server they add or remove. */
export const view: VariantView = {
  serverRows: [],
  tallyRoles: [],
  messageFields: {},
  targetActions: ['AddServer', 'RemoveServer'],
};

export const bugs: readonly Bug[] = [
  {
    name: 'reconfig-without-term-commit',
    description:
      'a new leader may append a configuration entry before it has committed an entry of its own term, so ' +
      'two changes made from one configuration by leaders of different terms can have disjoint majorities',
    rules: { configChangeNeedsTermCommit: false },
    variants: ['membership'],
    source:
      'the single-server change rule as first published (thesis §4.1); Diego Ongaro, raft-dev, "bug in ' +
      'single-server membership changes", July 2015, found it and gave the fix this bug removes',
  },
];

/**
 * Where the bug matrix hunts membership's bugs: one seeded simulation on five servers, four of them the first
 * configuration (issue 10's `simulate --servers 5 --variant membership --bug reconfig-without-term-commit --seed
 * 1`, whose walk 2,821 violates), capped at 3,000 walks; docs/bugs.md says why breadth-first search cannot.
 */
export const bugPlan: BugPlan = {
  config: { servers: 5, initialMembers: 4 },
  seed: 1,
  walks: 3000,
  maxDepth: 300,
};

// LeaderCompleteness and StateMachineSafety need no change for membership: they read what servers regard as
// committed (commitIndex), which AdvanceCommitIndex decides by counting the leader's configuration, so a
// committed entry that is lost breaks them as it does in raft.tla.

/** Whether every majority of the configuration `a` shares a server with every majority of `b` (bit masks). */
export function majoritiesOverlap(a: number, b: number): boolean {
  // Two disjoint majorities exist when the servers each needs beyond those only it has fit in the shared ones.
  const needA = quorumSize(a) - memberCount(a & ~b);
  const needB = quorumSize(b) - memberCount(b & ~a);
  return Math.max(0, needA) + Math.max(0, needB) > memberCount(a & b);
}

/**
 * Whether leader `s` can still commit: the members of its configuration whose term is not above its own are a
 * majority of it. A leader of an older term whose configuration a later one has replaced can hold a configuration
 * that does not overlap the new one, but it can no longer commit, so it is not a configuration in use.
 */
function canCommit(c: ClusterReader, s: ServerReader, config: number): boolean {
  let current = 0;
  for (let k = 0; k < c.n; k++)
    if ((config & (1 << k)) !== 0 && c.server(k).currentTerm <= s.currentTerm) current |= 1 << k;
  return isQuorumOf(current, config);
}

/**
 * Thesis §4.1: two configurations in use at once, those of two leaders that can still commit, have overlapping
 * majorities, so that no two leaders commit or elect on disjoint quorums.
 */
export const QuorumOverlap: RaftInvariant = {
  name: 'QuorumOverlap',
  variant: 'membership',
  // Two configurations in use at once need a change: without one every leader uses the initial configuration.
  witness: 'ConfigurationChanged',
  holds: (c) => {
    const initial = c.layout.initialMembers;
    for (let x = 0; x < c.n; x++) {
      const a = c.server(x);
      if (a.state !== 'Leader') continue;
      const configA = configOf(a.log, initial);
      if (!canCommit(c, a, configA)) continue;
      for (let y = x + 1; y < c.n; y++) {
        const b = c.server(y);
        if (b.state !== 'Leader') continue;
        const configB = configOf(b.log, initial);
        if (canCommit(c, b, configB) && !majoritiesOverlap(configA, configB)) return false;
      }
    }
    return true;
  },
};

export const invariants: readonly RaftInvariant[] = [QuorumOverlap];

/** A leader appended a configuration entry: AddServer and RemoveServer are the only steps that do. */
export const witnesses: readonly RaftWitness[] = [
  {
    name: 'ConfigurationChanged',
    description: 'a leader appends a new configuration (adds or removes a server)',
    actions: ['AddServer', 'RemoveServer'],
    reached: () => true,
  },
];
