/**
 * Plain-data views of a cluster state, derived from schema.ts: a JSON object keyed like raft.tla's variables
 * (for reports and `--json`), each variable as one short string (for diffs), and the lines that say what
 * changed between two states (for counterexamples printed for people).
 *
 * A value carries every variant's variables (at their initial values when the variant is off); the JSON holds
 * those of the configuration only (`variablesOf`, the layout's list), so that raft.tla's JSON is unchanged by
 * the variants and a variant's JSON says everything its states hold.
 */
import type { List, Set as ISet } from 'immutable';
import { formatMessage } from './format.js';
import { configMembers, isConfigValue, maskServers, type LogEntry } from './logEntry.js';
import type { Message } from './messages.js';
import {
  MESSAGE_SCHEMA,
  SERVER_SCHEMA,
  SERVER_VARIABLES,
  ALL_SERVER_VARIABLES,
  type MessageFieldKind,
  type RaftVariable,
  type ServerFieldKind,
  type ServerVariable,
} from './schema.js';
import { Layout } from './layout.js';
import type { ClusterState, ServerState } from './state.js';
import { serverName, valueName, type ServerId } from './types.js';

export interface MessageJson {
  readonly type: Message['type'];
  readonly source: string;
  readonly dest: string;
  readonly term: number;
  readonly [field: string]: unknown;
}

/**
 * A log entry as plain JSON. A membership configuration entry has `config`, its servers, and `value` their
 * printed set (`{s1,s2}`).
 */
export interface EntryJson {
  term: number;
  value: string;
  config?: string[];
}

/** The JSON of an entry `{term, value}` (value as stored: a client value or a configuration, logEntry.ts). */
export function entryJson(term: number, value: number): EntryJson {
  if (!isConfigValue(value)) return { term, value: valueName(value) };
  return { term, value: valueName(value), config: maskServers(configMembers(value)).map(serverName) };
}

/**
 * A cluster state as plain JSON, one key per variable of its configuration (raft.tla's, and those of the variants
 * that are on), servers named s1..sN, values v1..vK.
 */
export type ClusterJson = { [K in RaftVariable]: Record<string, VariableJson<(typeof SERVER_SCHEMA)[K]>> } & {
  [K in Exclude<ServerVariable, RaftVariable>]?: Record<string, VariableJson<(typeof SERVER_SCHEMA)[K]>>;
} & {
  messages: (MessageJson & { count: number })[];
};

const variableLists = new Map<string, readonly ServerVariable[]>();

/**
 * The per-server variables of a configuration with `variants` on, in schema order: raft.tla's and the variants'
 * (the flat layout's `variables`, so JSON, ITF and the state view list exactly what the checker stores).
 */
export function variablesOf(variants: readonly string[] = []): readonly ServerVariable[] {
  const key = [...variants].sort().join(',');
  let list = variableLists.get(key);
  if (list === undefined) variableLists.set(key, (list = new Layout(1, 1, variants).variables));
  return list;
}

/** A variable's JSON value, by kind. */
export type VariableJson<F extends ServerFieldKind> = F extends { kind: 'int' }
  ? number
  : F extends { kind: 'enum' }
    ? string
    : F extends { kind: 'server?' }
      ? string | null
      : F extends { kind: 'servers' }
        ? string[]
        : F extends { kind: 'perServer' }
          ? Record<string, number>
          : F extends { kind: 'log' }
            ? EntryJson[]
            : F extends { kind: 'bool' }
              ? boolean
              : never;

function ids(set: Iterable<ServerId>): string[] {
  return [...set].sort((a, b) => a - b).map(serverName);
}

/** An entry as plain JSON. */
export function entryToJson(e: LogEntry): EntryJson {
  return entryJson(e.term, e.value);
}

/** A variable's value as plain JSON. */
export function variableToJson(f: ServerFieldKind, v: unknown): unknown {
  switch (f.kind) {
    case 'int':
    case 'enum':
      return v;
    case 'server?':
      return v === null ? null : serverName(v as ServerId);
    case 'bool':
      return v;
    case 'servers':
      return ids(v as ISet<ServerId>);
    case 'perServer': {
      const out: Record<string, number> = {};
      (v as List<number>).forEach((x, k) => (out[serverName(k)] = x));
      return out;
    }
    case 'log':
      return (v as List<LogEntry>).toArray().map(entryToJson);
  }
}

/** A message field's JSON name and value. */
export function messageFieldToJson(name: string, f: MessageFieldKind, v: unknown): [string, unknown] {
  switch (f.kind) {
    case 'int':
    case 'bool':
      return [name, v];
    case 'entry?':
      return [f.list, v === null ? [] : [entryToJson(v as LogEntry)]];
  }
}

/** A message as plain JSON. */
export function messageToJson(m: Message): MessageJson {
  const out: Record<string, unknown> = {
    type: m.type,
    source: serverName(m.source),
    dest: serverName(m.dest),
    term: m.term,
  };
  const fields = m as unknown as Record<string, unknown>;
  for (const [name, f] of Object.entries(MESSAGE_SCHEMA[m.type]) as [string, MessageFieldKind][]) {
    const [key, value] = messageFieldToJson(name, f, fields[name]);
    out[key] = value;
  }
  return out as unknown as MessageJson;
}

/** The whole state as plain JSON, with the variables `variables` (default: raft.tla's; see `variablesOf`). */
export function clusterToJson(s: ClusterState, variables: readonly ServerVariable[] = SERVER_VARIABLES): ClusterJson {
  const out: Record<string, unknown> = {};
  for (const name of variables) {
    const perServer: Record<string, unknown> = {};
    // A block body: Immutable's forEach stops at a callback that returns false, as a bool variable's value is.
    s.servers.forEach((v, i) => {
      perServer[serverName(i)] = variableToJson(SERVER_SCHEMA[name], v.get(name));
    });
    out[name] = perServer;
  }
  out.messages = [...s.messages]
    .map(([m, count]) => ({ ...messageToJson(m), count }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return out as ClusterJson;
}

/** One variable as printed in traces, for example `[2:v1]` for a log. */
export function showVariable(f: ServerFieldKind, v: unknown): string {
  switch (f.kind) {
    case 'int':
    case 'enum':
      return String(v);
    case 'server?':
      return v === null ? 'Nil' : serverName(v as ServerId);
    case 'bool':
      return v === true ? 'TRUE' : 'FALSE';
    case 'servers':
      return `{${ids(v as ISet<ServerId>).join(',')}}`;
    case 'perServer':
      return `[${(v as List<number>).join(' ')}]`;
    case 'log':
      return `[${(v as List<LogEntry>).map((e) => `${e.term}:${valueName(e.value)}`).join(' ')}]`;
  }
}

/** One server variable as printed in traces. */
export function showField(v: ServerState, field: ServerVariable): string {
  return showVariable(SERVER_SCHEMA[field], v.get(field));
}

/** One line per server whose variables changed (`s2: votedFor Nil→s1`), then one per message sent or removed. */
export function describeChanges(before: ClusterState, after: ClusterState): string[] {
  const lines: string[] = [];
  after.servers.forEach((v, i) => {
    const old = before.servers.get(i);
    if (old === undefined || old === v) return;
    // Every variable, variants' included: those of a variant that is off never change, so they never show.
    const changes = ALL_SERVER_VARIABLES.filter((f) => showField(old, f) !== showField(v, f)).map(
      (f) => `${f} ${showField(old, f)}→${showField(v, f)}`,
    );
    if (changes.length > 0) lines.push(`${serverName(i)}: ${changes.join(', ')}`);
  });
  const messages = new Set([...before.messages.keys(), ...after.messages.keys()]);
  for (const m of [...messages].sort((a, b) => formatMessage(a).localeCompare(formatMessage(b)))) {
    const was = before.messages.get(m) ?? 0;
    const now = after.messages.get(m) ?? 0;
    if (now > was) lines.push(`+ ${formatMessage(m)}${now > 1 ? ` (×${now})` : ''}`);
    if (now < was) lines.push(`- ${formatMessage(m)}${now > 0 ? ` (×${now} left)` : ''}`);
  }
  return lines;
}
