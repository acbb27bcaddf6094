/**
 * Conversions between flat states (layout.ts) and the Immutable.js values people and tools see (state.ts,
 * messages.ts), derived field by field from schema.ts. Decoding shares structure: a server whose block did not
 * change since a given parent keeps the parent's record, as an Immutable update would.
 */
import { List, Map as IMap, Set as ISet } from 'immutable';
import type { Layout } from './layout.js';
import {
  MESSAGE_FIELD_OFFSETS,
  MESSAGE_KEY_WORDS,
  MESSAGE_WORDS,
  M_COUNT,
  M_DEST,
  M_SOURCE,
  M_TERM,
  M_TYPE,
} from './layout.js';
import { logEntry, type LogEntry } from './logEntry.js';
import { compareMessages, message, type Message, type MessageInit } from './messages.js';
import {
  MESSAGE_SCHEMA,
  MESSAGE_TYPES,
  SERVER_SCHEMA,
  type MessageFieldKind,
  type MessageType,
  type ServerFieldKind,
} from './schema.js';
import { ClusterState, ServerState } from './state.js';

function mask(ids: Iterable<number>): number {
  let bits = 0;
  for (const id of ids) bits |= 1 << id;
  return bits;
}

function ids(bits: number, n: number): ISet<number> {
  const out: number[] = [];
  for (let k = 0; k < n; k++) if ((bits & (1 << k)) !== 0) out.push(k);
  return ISet(out);
}

/** Writes variable `f` of value `v` at `at`. */
function encodeVariable(L: Layout, f: ServerFieldKind, v: unknown, t: Int32Array, at: number): void {
  switch (f.kind) {
    case 'int':
      t[at] = v as number;
      return;
    case 'enum': {
      const code = f.values.indexOf(v as string);
      if (code < 0) throw new Error(`codec: ${String(v)} is not one of ${f.values.join(', ')}`);
      t[at] = code;
      return;
    }
    case 'server?':
      t[at] = v === null ? 0 : (v as number) + 1;
      return;
    case 'servers':
      t[at] = mask(v as ISet<number>);
      return;
    case 'bool':
      t[at] = v === true ? 1 : 0;
      return;
    case 'perServer': {
      const list = v as List<number>;
      if (list.size !== L.servers) throw new Error(`codec: a per-server list of ${list.size}, not ${L.servers}`);
      list.forEach((x, k) => (t[at + k] = x));
      return;
    }
    case 'log': {
      const log = v as List<LogEntry>;
      if (log.size > L.logCap) throw new Error(`codec: a log of ${log.size} entries exceeds ${L.logCap}`);
      t[at] = log.size;
      log.forEach((e, k) => {
        t[at + 2 * k + 1] = e.term;
        t[at + 2 * k + 2] = e.value;
      });
      return;
    }
  }
}

function decodeVariable(L: Layout, f: ServerFieldKind, t: Int32Array, at: number): unknown {
  switch (f.kind) {
    case 'int':
      return t[at]!;
    case 'enum':
      return f.values[t[at]!];
    case 'server?':
      return t[at] === 0 ? null : t[at]! - 1;
    case 'servers':
      return ids(t[at]!, L.servers);
    case 'bool':
      return t[at] === 1;
    case 'perServer':
      return List(t.subarray(at, at + L.servers));
    case 'log':
      return List(Array.from({ length: t[at]! }, (_, k) => logEntry(t[at + 2 * k + 1]!, t[at + 2 * k + 2]!)));
  }
}

/** The flat state of `s`; throws when it does not fit the layout (a log longer than its capacity). */
export function toFlat(L: Layout, s: ClusterState): Int32Array {
  if (s.servers.size !== L.servers) throw new Error(`codec: ${s.servers.size} servers, not ${L.servers}`);
  const messages = [...s.messages.keys()].sort(compareMessages);
  const t = new Int32Array(L.bagStart + 1 + messages.length * MESSAGE_WORDS);
  s.servers.forEach((v, i) => {
    for (const name of L.variables) {
      encodeVariable(L, SERVER_SCHEMA[name], v.get(name), t, L.base(i) + L.offset[name]);
    }
  });
  t[L.bagStart] = messages.length;
  messages.forEach((m, k) => {
    const at = L.message(k);
    t.set(m.code, at);
    t[at + M_COUNT] = s.messages.get(m)!;
  });
  return t;
}

/** Messages already decoded, by a hash of their key words, so that decoding a known record allocates nothing. */
const decoded = new Map<number, Message[]>();

/** The message of the record at `at` in `t`. */
export function messageAt(t: Int32Array, at: number): Message {
  let hash = 0x811c9dc5;
  for (let w = 0; w < MESSAGE_KEY_WORDS; w++) hash = Math.imul(hash ^ t[at + w]!, 0x01000193);
  const bucket = decoded.get(hash);
  if (bucket !== undefined) {
    for (const m of bucket) {
      let w = 0;
      while (w < MESSAGE_KEY_WORDS && m.code[w] === t[at + w]) w++;
      if (w === MESSAGE_KEY_WORDS) return m;
    }
  }
  const m = decodeMessage(t, at);
  if (bucket === undefined) decoded.set(hash, [m]);
  else bucket.push(m);
  return m;
}

function decodeMessage(t: Int32Array, at: number): Message {
  const type: MessageType | undefined = MESSAGE_TYPES[t[at + M_TYPE]!];
  if (type === undefined) throw new Error(`codec: message type code ${String(t[at + M_TYPE])} is not in the schema`);
  const init: Record<string, unknown> = {
    type,
    source: t[at + M_SOURCE]!,
    dest: t[at + M_DEST]!,
    term: t[at + M_TERM]!,
  };
  const offsets = MESSAGE_FIELD_OFFSETS[type] as Record<string, number>;
  for (const [name, kind] of Object.entries(MESSAGE_SCHEMA[type]) as [string, MessageFieldKind][]) {
    const w = at + offsets[name]!;
    init[name] =
      kind.kind === 'int' ? t[w]! : kind.kind === 'bool' ? t[w] === 1 : t[w] === 0 ? null : logEntry(t[w]!, t[w + 1]!);
  }
  return message(init as unknown as MessageInit<MessageType>) as unknown as Message;
}

/** Server i of the flat state `t`. */
function serverAt(L: Layout, t: Int32Array, i: number): ServerState {
  const b = L.base(i);
  const fields: Record<string, unknown> = {};
  // Variables the layout does not hold (variants that are off) keep their initial values.
  for (const name of L.variables) fields[name] = decodeVariable(L, SERVER_SCHEMA[name], t, b + L.offset[name]);
  return new ServerState(fields);
}

function sameBlock(L: Layout, a: Int32Array, b: Int32Array, i: number): boolean {
  for (let w = L.base(i), end = w + L.serverWords; w < end; w++) if (a[w] !== b[w]) return false;
  return true;
}

/**
 * The cluster state of the flat state `t`. With `parent` (a flat state and its decoded value), servers whose
 * words are unchanged keep the parent's records, and an unchanged bag keeps the parent's map.
 */
export function fromFlat(L: Layout, t: Int32Array, parent?: { flat: Int32Array; state: ClusterState }): ClusterState {
  const servers = Array.from({ length: L.servers }, (_, i) =>
    parent !== undefined && sameBlock(L, t, parent.flat, i) ? parent.state.servers.get(i)! : serverAt(L, t, i),
  );
  let messages: IMap<Message, number>;
  if (parent !== undefined && sameBag(L, t, parent.flat)) {
    messages = parent.state.messages;
  } else {
    messages = IMap<Message, number>().withMutations((bag) => {
      for (let k = 0; k < t[L.bagStart]!; k++) {
        const at = L.message(k);
        bag.set(messageAt(t, at), t[at + M_COUNT]!);
      }
    });
  }
  return new ClusterState({ servers: List(servers), messages });
}

function sameBag(L: Layout, a: Int32Array, b: Int32Array): boolean {
  const end = L.length(a);
  if (end !== L.length(b)) return false;
  for (let w = L.bagStart; w < end; w++) if (a[w] !== b[w]) return false;
  return true;
}
