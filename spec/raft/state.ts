/**
 * The whole cluster as one immutable value: every server's variables (raft.tla's per-server functions, grouped
 * by server so that an action on one server shares the others' records) and the network bag.
 */
import { List, Map as IMap, Record, Repeat, Set as ISet } from 'immutable';
import type { LogEntry } from './logEntry.js';
import type { Message } from './messages.js';
import { ALL_SERVER_VARIABLES, SERVER_SCHEMA, type ServerFields, type ServerFieldKind } from './schema.js';
import type { ServerId, Term } from './types.js';

export { SERVER_VARIABLES, type ServerVariable, type ServerFields } from './schema.js';

/** A variable's value in raft.tla's Init, before the number of servers is known (perServer lists are filled by initialState). */
function initialValue(f: ServerFieldKind): unknown {
  switch (f.kind) {
    case 'int':
    case 'enum':
      return f.initial;
    case 'server?':
      return null;
    case 'servers':
      return ISet();
    case 'bool':
      return false;
    case 'perServer':
    case 'log':
      return List();
  }
}

const SERVER_DEFAULTS = Object.fromEntries(
  ALL_SERVER_VARIABLES.map((name) => [name, initialValue(SERVER_SCHEMA[name])]),
) as unknown as ServerFields;

/** One server's variables. */
export class ServerState extends Record<ServerFields>(SERVER_DEFAULTS) {}

/** The network: each in-flight message with its number of copies (always ≥ 1). */
export type Bag = IMap<Message, number>;

interface ClusterFields {
  servers: List<ServerState>;
  messages: Bag;
}

/** The whole model state. */
export class ClusterState extends Record<ClusterFields>({
  servers: List(),
  messages: IMap(),
}) {}

/** One `value` per server, as raft.tla's `[j \in Server |-> value]` for nextIndex and matchIndex. */
export function perServer(n: number, value: number): List<number> {
  return List(Repeat(value, n));
}

/** raft.tla's Init for `n` servers. */
export function initialState(n: number): ClusterState {
  const perServerInitials: Partial<ServerFields> = {};
  for (const name of ALL_SERVER_VARIABLES) {
    const f: ServerFieldKind = SERVER_SCHEMA[name];
    if (f.kind === 'perServer') (perServerInitials as { [name: string]: unknown })[name] = perServer(n, f.initial);
  }
  const server = new ServerState(perServerInitials);
  return new ClusterState({ servers: List(Repeat(server, n)), messages: IMap() });
}

/** Server `i` of `s`; throws on an id outside the configuration (a caller's bug, not a model state). */
export function server(s: ClusterState, i: ServerId): ServerState {
  const found = s.servers.get(i);
  if (found === undefined) throw new Error(`spec: no server with index ${i}`);
  return found;
}

/** `s` with server `i` replaced by `update(server i)`. */
export function updateServer(s: ClusterState, i: ServerId, update: (v: ServerState) => ServerState): ClusterState {
  return s.set('servers', s.servers.set(i, update(server(s, i))));
}

/** The term of the last entry, 0 for an empty log (raft.tla LastTerm). */
export function lastTerm(log: List<LogEntry>): Term {
  return log.last()?.term ?? 0;
}
