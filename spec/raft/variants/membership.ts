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
import type { Cluster, LogReader } from '../cluster.js';
import { lastConfigChange, members } from '../configuration.js';
import { formatConfig, notInRole, type Guard, type RuleGuard } from '../guard.js';
import { configMembers, configValue, isConfigValue } from '../logEntry.js';
import { isMember, memberCount } from '../quorum.js';
import { serverName as sn, type ServerId } from '../types.js';
import type { VariantAction, VariantHooks, VariantInfo, VariantEvents, VariantView } from './variant.js';
import type { VariantLiveness, VariantTimed } from './variant.js';

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

export const hooks: VariantHooks = { configuration: { members: configOf, lastChange: configIndex } };

/** How membership shows: AddServer and RemoveServer name the server they add or remove. */
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
