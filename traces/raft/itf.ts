/**
 * The Raft state in ITF, with raft.tla's variables and values, so a trace reads like a TLC or Apalache trace of
 * raft.tla (without its history variables) and other tools can read ours.
 *
 * Every per-server variable is a map from server ("s1".."sN") to its value; `log` maps to a sequence of
 * `{term, value}` records; `votesResponded`/`votesGranted` to sets of servers; `nextIndex`/`matchIndex` to maps
 * from server to integer; `votedFor` is a server or "Nil"; `messages` is raft.tla's bag, a map from message record
 * (raft.tla's field names: mtype, mterm, msource, mdest, ...) to its number of copies. Every state also carries the
 * action that produced it: `action` is the label `formatAction` prints ("Init" first), `mbt::actionTaken` the
 * action's name as Quint's model-based testing names it. Both are listed in `vars`, as Quint lists its `mbt::`
 * fields, so every state defines every variable.
 *
 * The variants' variables (docs/variants.md) are variables of the trace exactly when the variant is on (the
 * model's `variants`; `variablesOf` gives the layout's list), each a map from server to its value like raft.tla's:
 * prevote's `heardFromLeader` (a boolean), check-quorum's `quorumHeard` (a set of servers). So a trace of
 * raft.tla is unchanged by the variants, and a variant's trace carries everything its states hold. prevote's
 * messages are records like raft.tla's: PreVoteRequest and PreVoteResponse with RequestVote's fields.
 *
 * Import rebuilds real ClusterState values through the spec's constructors (interned messages and entries), so an
 * imported state equals (Immutable `is`) the state the spec computes. Anything else is rejected with the state
 * index and field path.
 */
import * as itf from '../itf.js';
import { List, Map as IMap, Set as ISet } from 'immutable';
import type { Trace } from '../../checker/trace.js';
import type { RaftAction } from '../../spec/raft/actions.js';
import { DEFAULT_CONFIG, type RaftConfig } from '../../spec/raft/config.js';
import { VARIANT_OPTIONS } from '../../spec/raft/variants.js';
import {
  configMembers,
  configValue,
  isConfigValue,
  logEntry,
  maskServers,
  type LogEntry,
} from '../../spec/raft/logEntry.js';
import { compareMessages, message, type Message, type MessageInit } from '../../spec/raft/messages.js';
import type { RaftModel } from '../../spec/raft/model.js';
import { variablesOf } from '../../spec/raft/describe.js';
import {
  MESSAGE_SCHEMA,
  MESSAGE_TYPES,
  SERVER_SCHEMA,
  variableVariant,
  type MessageFieldKind,
  type MessageType,
  type ServerFieldKind,
  type ServerFields,
  type ServerVariable,
} from '../../spec/raft/schema.js';
import { ClusterState, SERVER_VARIABLES, ServerState } from '../../spec/raft/state.js';
import { serverName, valueName, type ServerId } from '../../spec/raft/types.js';

type ItfValue = itf.ItfValue;

/** raft.tla's variables, without the history variables, in raft.tla's order. */
export const RAFT_ITF_VARS = [...SERVER_VARIABLES, 'messages'] as const;

/** The variables of a trace of a configuration with `variants` on: raft.tla's, then the variants', then messages. */
export function raftItfVars(variants?: readonly string[]): readonly string[] {
  return [...variablesOf(variants), 'messages'];
}

/** The label of the action that produced the state (`formatAction`), `Init` for the first. */
export const ACTION_VAR = 'action';
/** The action's name, under the name Quint's model-based testing uses. */
export const ACTION_TAKEN_VAR = 'mbt::actionTaken';
/** Fields a reader accepts besides the variables; `mbt::nondetPicks` is Quint's, read and ignored. */
const ACTION_FIELDS = [ACTION_VAR, ACTION_TAKEN_VAR, 'mbt::nondetPicks'];

const NIL = 'Nil';

/** A message field's name in raft.tla's records: `m` and the schema's name (`mentries` for an entry). */
function itfFieldName(name: string, f: MessageFieldKind): string {
  return `m${f.kind === 'entry?' ? f.list : name}`;
}

/** The record fields of each message type, in the order raft.tla writes them. */
const MESSAGE_FIELDS = Object.fromEntries(
  MESSAGE_TYPES.map((type) => [
    type,
    [
      'mtype',
      'mterm',
      ...(Object.entries(MESSAGE_SCHEMA[type]) as [string, MessageFieldKind][]).map(([n, f]) => itfFieldName(n, f)),
      'msource',
      'mdest',
    ],
  ]),
) as unknown as Record<MessageType, readonly string[]>;

// Export.

function perServer(values: readonly ItfValue[]): itf.ItfMap {
  return itf.itfMap(values.map((v, i) => [serverName(i), v] as const));
}

/** An entry as `{term, value}`; membership's configuration entry as `{term, config}`, config a set of servers. */
function entryToItf(e: LogEntry): itf.ItfRecord {
  if (isConfigValue(e.value)) {
    return { term: itf.itfInt(e.term), config: itf.itfSet(maskServers(configMembers(e.value)).map(serverName)) };
  }
  return { term: itf.itfInt(e.term), value: valueName(e.value) };
}

function serverSet(ids: ISet<ServerId>): itf.ItfSet {
  return itf.itfSet([...ids].sort((a, b) => a - b).map(serverName));
}

/** A variable's value in ITF, by kind. */
function variableToItf(f: ServerFieldKind, v: unknown): ItfValue {
  switch (f.kind) {
    case 'int':
      return itf.itfInt(v as number);
    case 'enum':
      return v as string;
    case 'server?':
      return v === null ? NIL : serverName(v as ServerId);
    case 'bool':
      return v as boolean;
    case 'servers':
      return serverSet(v as ISet<ServerId>);
    case 'perServer':
      return perServer((v as List<number>).toArray().map((k) => itf.itfInt(k)));
    case 'log':
      return (v as List<LogEntry>).toArray().map(entryToItf);
  }
}

/** A message as raft.tla's record. */
export function messageToItf(m: Message): itf.ItfRecord {
  const out: Record<string, ItfValue> = { mtype: m.type, mterm: itf.itfInt(m.term) };
  const fields = m as unknown as Record<string, unknown>;
  for (const [name, f] of Object.entries(MESSAGE_SCHEMA[m.type]) as [string, MessageFieldKind][]) {
    const v = fields[name];
    out[itfFieldName(name, f)] =
      f.kind === 'int'
        ? itf.itfInt(v as number)
        : f.kind === 'bool'
          ? (v as boolean)
          : v === null
            ? []
            : [entryToItf(v as LogEntry)];
  }
  out.msource = serverName(m.source);
  out.mdest = serverName(m.dest);
  return out;
}

/**
 * The state's variables as ITF values (servers in order, sets sorted, messages in canonical order): `variables`
 * (default raft.tla's; `variablesOf(variants)` for a variant's) and the messages.
 */
export function clusterToItf(
  s: ClusterState,
  variables: readonly ServerVariable[] = SERVER_VARIABLES,
): Record<(typeof RAFT_ITF_VARS)[number], ItfValue> {
  const servers = s.servers.toArray();
  const out: Record<string, ItfValue> = {};
  for (const name of variables) {
    out[name] = perServer(servers.map((v) => variableToItf(SERVER_SCHEMA[name], v.get(name))));
  }
  out.messages = itf.itfMap(
    [...s.messages.keys()].sort(compareMessages).map((m) => [messageToItf(m), itf.itfInt(s.messages.get(m)!)] as const),
  );
  return out;
}

/** What a written trace says about itself in `#meta`, besides the format fields. */
export interface RaftItfMeta {
  /** `violation` for a counterexample, as Quint writes it; `ok` for a plain behaviour. */
  readonly status: string;
  readonly description: string;
  /** The invariant the last state violates, if any. */
  readonly invariant?: string;
  /** Every invariant the run checked, users' (`--invariants-file`) included, so that replay can run them again. */
  readonly invariants?: readonly string[];
}

/** A behaviour of `model` as an ITF trace; `#meta.raft-check.model` records the model it belongs to. */
export function raftTraceToItf(
  trace: Trace<ClusterState, RaftAction>,
  model: RaftModel,
  meta: RaftItfMeta,
): itf.ItfTrace {
  const variables = variablesOf(model.config.variants);
  return {
    meta: {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source: 'raft-check',
      status: meta.status,
      description: meta.description,
      'raft-check': {
        model: { ...model.config, bugs: model.bugs },
        ...(meta.invariant === undefined ? {} : { invariant: meta.invariant }),
        ...(meta.invariants === undefined ? {} : { invariants: meta.invariants }),
      },
    },
    vars: [...raftItfVars(model.config.variants), ACTION_VAR, ACTION_TAKEN_VAR],
    states: trace.map((step) => ({
      meta: {},
      values: {
        ...clusterToItf(step.state, variables),
        [ACTION_VAR]: step.action === null ? 'Init' : model.formatAction(step.action),
        [ACTION_TAKEN_VAR]: step.action === null ? 'init' : model.actionName(step.action),
      },
    })),
  };
}

// Import.

/**
 * What an import needs of the configuration: ids must name its servers and values, and the variables are those
 * of its variants.
 */
export type ItfConfig = Pick<RaftConfig, 'servers' | 'values' | 'variants'>;

function named(v: ItfValue, path: string, prefix: 's' | 'v', count: number, what: string): number {
  const text = itf.asString(v, path);
  const match = /^[sv](\d+)$/.exec(text);
  if (match === null || !text.startsWith(prefix)) {
    throw new itf.ItfShapeError(
      path,
      `expected a ${what} name ${prefix}1..${prefix}${count}, got ${JSON.stringify(text)}`,
    );
  }
  const k = Number(match[1]);
  if (k < 1 || k > count) {
    const flag = prefix === 's' ? '--servers' : '--values';
    throw new itf.ItfShapeError(
      path,
      `${what} '${text}' is outside the configuration (${flag} ${count})`,
      'out-of-config',
    );
  }
  return k;
}

function serverId(v: ItfValue, path: string, config: ItfConfig): ServerId {
  return named(v, path, 's', config.servers, 'server') - 1;
}

/** Reads a map from every server of the configuration (and no other) to a value. */
function fromPerServer<T>(v: ItfValue, path: string, config: ItfConfig, read: (x: ItfValue, path: string) => T): T[] {
  const out = new Array<T | undefined>(config.servers).fill(undefined);
  for (const [key, value] of itf.asMap(v, path)) {
    const i = serverId(key, `${path} key`, config);
    const at = `${path}[${serverName(i)}]`;
    if (out[i] !== undefined) throw new itf.ItfShapeError(at, `server ${serverName(i)} appears twice`);
    out[i] = read(value, at);
  }
  const missing = out.findIndex((x) => x === undefined);
  if (missing >= 0) throw new itf.ItfShapeError(path, `no entry for server ${serverName(missing)}`);
  return out as T[];
}

function natural(v: ItfValue, path: string, min = 0): number {
  const n = itf.asInt(v, path);
  if (n < min) throw new itf.ItfShapeError(path, `expected an integer >= ${min}, got ${n}`);
  return n;
}

function entryFromItf(v: ItfValue, path: string, config: ItfConfig): LogEntry {
  if (itf.itfKind(v) === 'record' && 'config' in (v as itf.ItfRecord)) {
    const r = itf.asRecord(v, path, ['term', 'config']);
    const members = serversIn(r.config!, `${path}.config`, config);
    if (members.size === 0) throw new itf.ItfShapeError(`${path}.config`, 'a configuration names at least one server');
    let mask = 0;
    for (const j of members) mask |= 1 << j;
    return logEntry(natural(r.term!, `${path}.term`, 1), configValue(mask));
  }
  const r = itf.asRecord(v, path, ['term', 'value']);
  return logEntry(natural(r.term!, `${path}.term`, 1), named(r.value!, `${path}.value`, 'v', config.values, 'value'));
}

function serversIn(v: ItfValue, path: string, config: ItfConfig): ISet<ServerId> {
  return ISet(itf.asSet(v, path).map((x, k) => serverId(x, `${path}.#set[${k}]`, config)));
}

/** A variable's value from ITF, by kind; throws `ItfShapeError` naming the path. */
function variableFromItf(f: ServerFieldKind, x: ItfValue, p: string, config: ItfConfig): unknown {
  switch (f.kind) {
    case 'int':
      return natural(x, p, f.min);
    case 'enum': {
      const text = itf.asString(x, p);
      if (!f.values.includes(text)) {
        const names = `${f.values.slice(0, -1).join(', ')} or ${f.values.at(-1)!}`;
        throw new itf.ItfShapeError(p, `expected ${names}, got ${JSON.stringify(text)}`);
      }
      return text;
    }
    case 'server?':
      return x === NIL ? null : serverId(x, p, config);
    case 'bool':
      return itf.asBool(x, p);
    case 'servers':
      return serversIn(x, p, config);
    case 'perServer':
      return List(fromPerServer(x, p, config, (y, q) => natural(y, q, f.min)));
    case 'log':
      return List(itf.asList(x, p).map((e, k) => entryFromItf(e, `${p}[${k}]`, config)));
  }
}

/** raft.tla's message record as a spec message (interned, so equal records give the same object). */
export function messageFromItf(v: ItfValue, path: string, config: ItfConfig): Message {
  if (itf.itfKind(v) !== 'record') throw new itf.ItfShapeError(path, 'expected a message record');
  const mtype = (v as itf.ItfRecord).mtype;
  if (mtype === undefined) throw new itf.ItfShapeError(path, "record has no field 'mtype'");
  const type = itf.asString(mtype, `${path}.mtype`);
  if (!(type in MESSAGE_FIELDS)) {
    throw new itf.ItfShapeError(`${path}.mtype`, `unknown message type ${JSON.stringify(type)}`);
  }
  const r = itf.asRecord(v, path, MESSAGE_FIELDS[type as MessageType]);
  const init: Record<string, unknown> = {
    type,
    source: serverId(r.msource!, `${path}.msource`, config),
    dest: serverId(r.mdest!, `${path}.mdest`, config),
    term: natural(r.mterm!, `${path}.mterm`, 1),
  };
  for (const [name, f] of Object.entries(MESSAGE_SCHEMA[type as MessageType]) as [string, MessageFieldKind][]) {
    const key = itfFieldName(name, f);
    const at = `${path}.${key}`;
    if (f.kind === 'int') init[name] = natural(r[key]!, at, f.min);
    else if (f.kind === 'bool') init[name] = itf.asBool(r[key]!, at);
    else {
      const entries = itf.asList(r[key]!, at);
      if (entries.length > 1) {
        throw new itf.ItfShapeError(at, `holds ${entries.length} entries; the model sends at most one`);
      }
      init[name] = entries[0] === undefined ? null : entryFromItf(entries[0], `${at}[0]`, config);
    }
  }
  return message(init as unknown as MessageInit<MessageType>) as unknown as Message;
}

/** Why `name` is not a variable of a configuration with `variants`: one of a variant that is off, or none. */
function notAVariable(name: string, variants: readonly string[] | undefined): string {
  const variant = name in SERVER_SCHEMA ? variableVariant(name as ServerVariable) : undefined;
  if (variant !== undefined && !(variants ?? []).includes(variant)) {
    return `'${name}' is a variable of variant ${variant}, which is off (--variant ${variant})`;
  }
  return `'${name}' is not a variable of the reference model`;
}

/** Rebuilds a cluster state from one ITF state's variables; throws `ItfShapeError` naming the field. */
export function clusterFromItf(values: Readonly<Record<string, ItfValue>>, config: ItfConfig): ClusterState {
  const vars = raftItfVars(config.variants);
  for (const name of vars) {
    if (!(name in values)) throw new itf.ItfShapeError(name, `variable '${name}' is missing`, 'wrong-vars');
  }
  for (const name of Object.keys(values)) {
    if (!vars.includes(name) && !ACTION_FIELDS.includes(name)) {
      throw new itf.ItfShapeError(name, notAVariable(name, config.variants), 'wrong-vars');
    }
  }
  const fields = Array.from({ length: config.servers }, (): Record<string, unknown> => ({}));
  // The variables of variants that are off keep their initial values (ServerState's defaults).
  for (const name of variablesOf(config.variants)) {
    const f = SERVER_SCHEMA[name];
    fromPerServer(values[name]!, name, config, (x, p) => variableFromItf(f, x, p, config)).forEach(
      (value, i) => (fields[i]![name] = value),
    );
  }
  const bag = itf
    .asMap(values.messages!, 'messages')
    .map(([key, count], k): [Message, number] => [
      messageFromItf(key, `messages.#map[${k}][0]`, config),
      natural(count, `messages.#map[${k}][1]`, 1),
    ]);
  const messages = IMap(bag);
  if (messages.size !== bag.length) throw new itf.ItfShapeError('messages', 'a message appears twice in the bag');
  const servers = List(fields.map((f) => new ServerState(f as unknown as ServerFields)));
  return new ClusterState({ servers, messages });
}

/** One imported state and the action the trace says produced it, if it says. */
export interface RaftItfStep {
  readonly state: ClusterState;
  /** The `action` label, or else the `mbt::actionTaken` name; absent when the trace names none. */
  readonly action?: string;
}

function checkVars(vars: readonly string[], variants: readonly string[] | undefined): void {
  const expected = raftItfVars(variants);
  const missing = expected.filter((name) => !vars.includes(name));
  if (missing.length > 0) {
    const whose = (variants ?? []).length > 0 ? `model's (variant ${(variants ?? []).join('+')})` : "reference model's";
    throw new itf.ItfShapeError('vars', `missing the ${whose} ${missing.join(', ')}`, 'wrong-vars');
  }
  const unknown = vars.filter((name) => !expected.includes(name) && !ACTION_FIELDS.includes(name));
  const ofVariant = unknown.find((name) => notAVariable(name, variants).includes('variable of variant'));
  if (ofVariant !== undefined) throw new itf.ItfShapeError('vars', notAVariable(ofVariant, variants), 'wrong-vars');
  if (unknown.length > 0) {
    throw new itf.ItfShapeError(
      'vars',
      `${unknown.map((n) => `'${n}'`).join(', ')} not a variable of the reference model`,
      'wrong-vars',
    );
  }
}

/** The steps of an ITF trace of the reference model under `config`; a problem names the state and field. */
export function raftStepsFromItf(trace: itf.ItfTrace, config: ItfConfig): itf.ItfResult<RaftItfStep[]> {
  const vars = itf.decodeItf(() => {
    checkVars(trace.vars, config.variants);
  });
  if (!vars.ok) return vars;
  if (trace.states.length === 0)
    return { ok: false, error: { code: 'not-itf', message: 'the trace has no states', field: 'states' } };
  const steps: RaftItfStep[] = [];
  for (let k = 0; k < trace.states.length; k++) {
    const values = trace.states[k]!.values;
    const decoded = itf.decodeItf((): RaftItfStep => {
      const state = clusterFromItf(values, config);
      const label = values[ACTION_VAR] ?? values[ACTION_TAKEN_VAR];
      const field = values[ACTION_VAR] === undefined ? ACTION_TAKEN_VAR : ACTION_VAR;
      return label === undefined ? { state } : { state, action: itf.asString(label, field) };
    }, k);
    if (!decoded.ok) return decoded;
    steps.push(decoded.value);
  }
  return { ok: true, value: steps };
}

/** The invariants a trace's `#meta` says the run that wrote it checked (and the one it violates); [] when it says none. */
export function invariantsFromItfMeta(meta: Readonly<Record<string, unknown>>): string[] {
  const ours = meta['raft-check'];
  if (typeof ours !== 'object' || ours === null) return [];
  const { invariants, invariant } = ours as Record<string, unknown>;
  const names = Array.isArray(invariants) ? invariants.filter((n): n is string => typeof n === 'string') : [];
  return typeof invariant === 'string' && !names.includes(invariant) ? [...names, invariant] : names;
}

/** The model a trace's `#meta` says it was written for (sizes, bounds, bugs), as far as it says; {} otherwise. */
export function modelFromItfMeta(meta: Readonly<Record<string, unknown>>): Partial<RaftConfig> & { bugs?: string[] } {
  const ours = meta['raft-check'];
  if (typeof ours !== 'object' || ours === null) return {};
  const model = (ours as Record<string, unknown>).model;
  if (typeof model !== 'object' || model === null) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(model)) {
    const known = (DEFAULT_CONFIG as unknown as Record<string, unknown>)[key];
    if (known !== undefined && typeof value === typeof known) out[key] = value;
    if (key === 'bugs' && Array.isArray(value) && value.every((b) => typeof b === 'string')) out.bugs = value;
    if (key === 'variants' && Array.isArray(value) && value.every((v) => typeof v === 'string')) out.variants = value;
    if (VARIANT_OPTIONS.some((o) => o.key === key) && typeof value === 'number') out[key] = value;
  }
  return out;
}
