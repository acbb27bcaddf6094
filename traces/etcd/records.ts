/**
 * etcd's trace records, as etcd-io/raft's trace logger writes them (state_trace.go, built with the `with_tla`
 * tag): one zap JSON record per line, `"tag":"trace"`, the event under `event`. This file reads one line into a
 * typed record, or says the line is no trace record (ignored, as etcd's validation ignores it), or names what is
 * malformed about it.
 */

/** etcd's `TracingMessage`. */
export interface EtcdTraceMessage {
  readonly type: string;
  readonly term: number;
  readonly from: string;
  readonly to: string;
  /** Entries carried; for MsgSnap, the snapshot's index. */
  readonly entries: number;
  readonly logTerm: number;
  readonly index: number;
  readonly commit: number;
  readonly vote: string;
  readonly reject: boolean;
  readonly rejectHint: number;
}

export interface EtcdConfChange {
  readonly changes?: readonly { readonly nid: string; readonly action: string }[];
  readonly newconf?: readonly string[];
}

/** etcd's `TracingEvent`. */
export interface EtcdTraceEvent {
  readonly name: string;
  readonly nid: string;
  readonly state: { readonly term: number; readonly vote: string; readonly commit: number };
  readonly role: string;
  /** The index of the last log entry. */
  readonly log: number;
  /** Voters: incoming and outgoing (joint) configurations. */
  readonly conf: readonly [readonly string[], readonly string[]];
  readonly msg?: EtcdTraceMessage;
  readonly prop?: { readonly cc?: EtcdConfChange; readonly [key: string]: unknown };
}

/** One trace record: its line in the file (1-based), the line's text and the event. */
export interface EtcdTraceRecord {
  readonly line: number;
  readonly text: string;
  readonly event: EtcdTraceEvent;
}

export type LineReading =
  | { readonly kind: 'record'; readonly record: EtcdTraceRecord }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'malformed'; readonly problem: string };

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

class Malformed extends Error {}

function field(o: Json, path: string, key: string, kind: 'string' | 'number' | 'boolean'): void {
  const v = o[key];
  const ok = kind === 'number' ? typeof v === 'number' && Number.isInteger(v) && v >= 0 : typeof v === kind;
  if (!ok) throw new Malformed(`${path}${key} must be ${kind === 'number' ? 'a non-negative integer' : `a ${kind}`}`);
}

function stringList(x: unknown, path: string): void {
  if (!Array.isArray(x) || !x.every((s) => typeof s === 'string')) throw new Malformed(`${path} must be a list of ids`);
}

/** Checks an event's fields (those etcd's trace spec reads) and returns it typed. */
function checkEvent(e: unknown): EtcdTraceEvent {
  if (!isObject(e)) throw new Malformed('event must be an object');
  field(e, 'event.', 'name', 'string');
  field(e, 'event.', 'nid', 'string');
  field(e, 'event.', 'role', 'string');
  field(e, 'event.', 'log', 'number');
  if (!isObject(e.state)) throw new Malformed('event.state must be an object');
  field(e.state, 'event.state.', 'term', 'number');
  field(e.state, 'event.state.', 'vote', 'string');
  field(e.state, 'event.state.', 'commit', 'number');
  if (!Array.isArray(e.conf) || e.conf.length !== 2) throw new Malformed('event.conf must be two lists of ids');
  stringList(e.conf[0], 'event.conf[0]');
  stringList(e.conf[1], 'event.conf[1]');
  if (e.msg !== undefined) {
    if (!isObject(e.msg)) throw new Malformed('event.msg must be an object');
    for (const k of ['type', 'from', 'to', 'vote'] as const) field(e.msg, 'event.msg.', k, 'string');
    for (const k of ['term', 'entries', 'logTerm', 'index', 'commit', 'rejectHint'] as const) {
      field(e.msg, 'event.msg.', k, 'number');
    }
    field(e.msg, 'event.msg.', 'reject', 'boolean');
  }
  if (e.prop !== undefined) {
    if (!isObject(e.prop)) throw new Malformed('event.prop must be an object');
    const cc = e.prop.cc;
    if (cc !== undefined) {
      if (!isObject(cc)) throw new Malformed('event.prop.cc must be an object');
      if (cc.newconf !== undefined) stringList(cc.newconf, 'event.prop.cc.newconf');
      if (cc.changes !== undefined) {
        if (!Array.isArray(cc.changes)) throw new Malformed('event.prop.cc.changes must be a list');
        for (const c of cc.changes as unknown[]) {
          if (!isObject(c)) throw new Malformed('event.prop.cc.changes must hold objects');
          field(c, 'event.prop.cc.changes[].', 'nid', 'string');
          field(c, 'event.prop.cc.changes[].', 'action', 'string');
        }
      }
    }
  }
  return e as unknown as EtcdTraceEvent;
}

/**
 * The JSON part of a line: etcd's validate.sh drops whatever precedes the first `{` (a test runner's prefix),
 * and so does this.
 */
export function jsonPart(text: string): string | undefined {
  const at = text.indexOf('{');
  return at < 0 ? undefined : text.slice(at);
}

/**
 * Reads line `line` (1-based). A line that is not a JSON object tagged "trace" is ignored; one that says it is
 * a trace record (`"tag":"trace"`, or the logger's `"msg":"trace"`) but does not parse, or lacks a field the
 * validation reads, is malformed.
 */
export function readLine(text: string, line: number): LineReading {
  const json = jsonPart(text);
  if (json === undefined) return { kind: 'ignored' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    // A record cut short may have lost its tag; the logger's message "trace" still marks it.
    if (!/"(tag|msg)"\s*:\s*"trace"/.test(json)) return { kind: 'ignored' };
    return { kind: 'malformed', problem: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!isObject(value) || value.tag !== 'trace') return { kind: 'ignored' };
  try {
    return { kind: 'record', record: { line, text: json, event: checkEvent(value.event) } };
  } catch (e) {
    if (e instanceof Malformed) return { kind: 'malformed', problem: e.message };
    throw e;
  }
}
