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
import { members } from '../configuration.js';
import { configMembers, configValue, isConfigValue } from '../logEntry.js';
import { isMember, memberCount } from '../quorum.js';
import type { RaftRules } from '../rules.js';
import type { ServerId } from '../types.js';
import type { VariantAction, VariantHooks, VariantInfo, VariantEvents, VariantView } from './variant.js';

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

/**
 * Whether leader i may append a configuration entry now: no configuration entry of its log is uncommitted (one
 * change at a time, §4.1), and, by the rules, it has committed an entry of its current term (raft-dev, 2015).
 */
function mayChange(c: Cluster, i: ServerId, r: RaftRules): boolean {
  const me = c.server(i);
  if (me.state !== 'Leader' || configIndex(me.log) > me.commitIndex) return false;
  return !r.configChangeNeedsTermCommit || (me.commitIndex > 0 && me.log.term(me.commitIndex) === me.currentTerm);
}

/** AddServer(i, j): leader i appends the configuration of its own plus server j (§4.1). */
export function addServer(c: Cluster, i: ServerId, j: ServerId, r: RaftRules): boolean {
  const config = members(c, i);
  if (isMember(config, j) || !mayChange(c, i, r)) return false;
  const me = c.server(i);
  me.log.append({ term: me.currentTerm, value: configValue(config | (1 << j)) });
  return true;
}

/** RemoveServer(i, j): leader i appends its configuration without server j (itself, possibly); never empty. */
export function removeServer(c: Cluster, i: ServerId, j: ServerId, r: RaftRules): boolean {
  const config = members(c, i);
  if (!isMember(config, j) || memberCount(config) === 1 || !mayChange(c, i, r)) return false;
  const me = c.server(i);
  me.log.append({ term: me.currentTerm, value: configValue(config & ~(1 << j)) });
  return true;
}

export const actions: readonly [VariantAction<'AddServer', 'ij'>, VariantAction<'RemoveServer', 'ij'>] = [
  { name: 'AddServer', params: 'ij', after: 'AppendEntries', role: 'Leader', run: addServer },
  { name: 'RemoveServer', params: 'ij', after: 'AppendEntries', role: 'Leader', run: removeServer },
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
