/**
 * The configuration a server uses (thesis §4.1): the set of servers whose votes and acknowledgements count. The
 * core's actions ask it here and count majorities of it with quorum.ts, so a variant that changes
 * configurations (membership) changes them all at once and holds no copy of any action. Without such a
 * variant it is the layout's initial configuration, every server.
 */
import type { ClusterReader } from './cluster.js';
import type { ServerId } from './types.js';

/** The configuration (a bit mask of servers) server i of `c` uses. */
export function members(c: ClusterReader, i: ServerId): number {
  const config = c.hooks.configuration;
  return config === undefined ? c.layout.initialMembers : config.members(c.server(i).log, c.layout.initialMembers);
}

/** The index of the log entry that set server i's configuration, 0 when it is the initial one. */
export function lastConfigChange(c: ClusterReader, i: ServerId): number {
  const config = c.hooks.configuration;
  return config === undefined ? 0 : config.lastChange(c.server(i).log);
}
