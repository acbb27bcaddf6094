/**
 * The Informal Trace Format (ITF) of Apalache and Quint (Apalache ADR-015): a trace is a JSON object with `#meta`,
 * `vars` and `states`, and every state maps each variable to a value built from strings, booleans, integers
 * (`{"#bigint": "n"}`), sequences (arrays), records (objects), tuples (`#tup`), sets (`#set`) and maps (`#map`,
 * a list of key/value pairs, so keys may be any value).
 *
 * Why this module keeps values in their JSON shape: ITF is already a value model, and keeping it means the writer
 * is `JSON.stringify` and the reader is a validator. The reader normalises the one thing ADR-015 lets writers
 * choose, plain JSON integers, into `#bigint`, so code that reads a value sees one encoding per kind. We always
 * write `#bigint`, as Quint does.
 *
 * Bad input is a value, never an exception at the boundary: `parseItf` returns `{ ok: false, error }` whose message
 * names where the problem is (state index and field path). Decoders built on the `as*` helpers below throw
 * `ItfShapeError` internally; `decodeItf` turns that into the same kind of value.
 *
 * Traces from other tools: Quint's simulator writes one record type for all the members of a set (its sets want one
 * element type), so a record may carry fields of other kinds of record, padded with their type's zero value. A
 * record read with `asRecord` therefore accepts a field it does not have when that field holds a zero value (0,
 * false, the empty string, an empty sequence, set or map, or a tuple or record of zero values), and refuses it
 * otherwise. And a trace may carry variables a reader does not know (an action record, say); `withoutVars`
 * leaves them out, so that the reader can name them once and go on.
 *
 * This module is pure (no I/O), so the spec's ITF mapping can use it.
 */
import { findDuplicateKey } from './duplicateKeys.js';

export interface ItfBigint {
  readonly '#bigint': string;
}
export interface ItfSet {
  readonly '#set': readonly ItfValue[];
}
export interface ItfMap {
  readonly '#map': readonly (readonly [ItfValue, ItfValue])[];
}
export interface ItfTup {
  readonly '#tup': readonly ItfValue[];
}
export interface ItfUnserializable {
  readonly '#unserializable': string;
}
export interface ItfRecord {
  readonly [field: string]: ItfValue;
}

/** An ITF value in its JSON shape (integers always as `#bigint` once read). */
export type ItfValue =
  boolean | string | readonly ItfValue[] | ItfBigint | ItfSet | ItfMap | ItfTup | ItfUnserializable | ItfRecord;

/** One state: its `#meta` object (ours holds `index`) and one value per variable. */
export interface ItfState {
  readonly meta: Readonly<Record<string, unknown>>;
  readonly values: Readonly<Record<string, ItfValue>>;
}

/** A whole trace; `loop` is kept for lasso traces but nothing here interprets it. */
export interface ItfTrace {
  readonly meta: Readonly<Record<string, unknown>>;
  readonly params?: readonly string[];
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
  readonly loop?: number;
}

/** What kind of ITF value `v` is. */
export type ItfKind = 'bool' | 'string' | 'int' | 'list' | 'set' | 'map' | 'tup' | 'unserializable' | 'record';

/** What went wrong reading a trace, and where. */
export interface ItfProblem {
  readonly code: 'not-json' | 'not-itf' | 'bad-value' | 'wrong-vars' | 'out-of-config';
  readonly message: string;
  /** Index of the state (its position in `states`), when the problem is inside one. */
  readonly state?: number;
  /** Path of the value inside the state or trace, for example `currentTerm[s4]`. */
  readonly field?: string;
}

export type ItfResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ItfProblem };

/** Thrown by decoders with the path of the offending value; `decodeItf` catches it. */
export class ItfShapeError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly code: ItfProblem['code'] = 'bad-value',
  ) {
    super(message);
  }
}

/** An integer as ITF writes it. */
export function itfInt(n: number | bigint): ItfBigint {
  return { '#bigint': String(n) };
}

/** A set; the caller chooses the element order (sort it for reproducible files). */
export function itfSet(elements: readonly ItfValue[]): ItfSet {
  return { '#set': elements };
}

/** A map (a TLA+ function) from its pairs. */
export function itfMap(pairs: readonly (readonly [ItfValue, ItfValue])[]): ItfMap {
  return { '#map': pairs };
}

/** A tuple. */
export function itfTup(elements: readonly ItfValue[]): ItfTup {
  return { '#tup': elements };
}

const TAGS = ['#bigint', '#set', '#map', '#tup', '#unserializable'] as const;

/** The kind of a value that is known to be well-formed. */
export function itfKind(v: ItfValue): ItfKind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'list';
  const record = v as ItfRecord;
  if ('#bigint' in record) return 'int';
  if ('#set' in record) return 'set';
  if ('#map' in record) return 'map';
  if ('#tup' in record) return 'tup';
  if ('#unserializable' in record) return 'unserializable';
  return 'record';
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describeJson(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  return `${typeof x} ${JSON.stringify(x)}`;
}

/** How deep an ITF value may nest (a Raft state nests 5 deep: messages, a message, its entries, an entry). */
export const MAX_ITF_DEPTH = 100;

/** Checks that `x` (parsed JSON) is an ITF value and returns it normalised; throws `ItfShapeError` at `path`. */
export function validateItfValue(x: unknown, path: string, depth = 0): ItfValue {
  if (typeof x === 'boolean' || typeof x === 'string') return x;
  // Deeper than any state a model writes; past it, the recursion would overflow the stack on a hostile file.
  if (depth > MAX_ITF_DEPTH) throw new ItfShapeError(path, `nested more than ${MAX_ITF_DEPTH} deep`);
  if (typeof x === 'number') {
    if (!Number.isSafeInteger(x)) throw new ItfShapeError(path, `expected an integer, got ${String(x)}`);
    return itfInt(x);
  }
  if (Array.isArray(x)) return x.map((e, k) => validateItfValue(e, `${path}[${k}]`, depth + 1));
  if (!isObject(x)) throw new ItfShapeError(path, `expected an ITF value, got ${describeJson(x)}`);
  const keys = Object.keys(x);
  const tag = TAGS.find((t) => t in x);
  if (tag !== undefined) {
    if (keys.length !== 1) throw new ItfShapeError(path, `'${tag}' must be the only key, got ${keys.join(', ')}`);
    const body = x[tag];
    switch (tag) {
      case '#bigint':
        if (typeof body !== 'string' || !/^-?\d+$/.test(body)) {
          throw new ItfShapeError(path, `'#bigint' must be a string of digits, got ${describeJson(body)}`);
        }
        return { '#bigint': body };
      case '#unserializable':
        if (typeof body !== 'string') throw new ItfShapeError(path, `'#unserializable' must be a string`);
        return { '#unserializable': body };
      case '#set':
      case '#tup': {
        if (!Array.isArray(body)) throw new ItfShapeError(path, `'${tag}' must be an array, got ${describeJson(body)}`);
        const elements = body.map((e, k) => validateItfValue(e, `${path}.${tag}[${k}]`, depth + 1));
        return tag === '#set' ? itfSet(elements) : itfTup(elements);
      }
      case '#map': {
        if (!Array.isArray(body)) throw new ItfShapeError(path, `'#map' must be an array, got ${describeJson(body)}`);
        return itfMap(
          body.map((pair, k): readonly [ItfValue, ItfValue] => {
            if (!Array.isArray(pair) || pair.length !== 2) {
              throw new ItfShapeError(`${path}.#map[${k}]`, 'a map entry must be a [key, value] pair');
            }
            return [
              validateItfValue(pair[0], `${path}.#map[${k}][0]`, depth + 1),
              validateItfValue(pair[1], `${path}.#map[${k}][1]`, depth + 1),
            ];
          }),
        );
      }
    }
  }
  const record: Record<string, ItfValue> = {};
  for (const key of keys) {
    if (key.startsWith('#')) throw new ItfShapeError(path, `unknown tag '${key}'`);
    record[key] = validateItfValue(x[key], `${path}.${key}`, depth + 1);
  }
  return record;
}

function problemAt(e: ItfShapeError, state?: number): ItfProblem {
  return { code: e.code, message: e.message, field: e.field, ...(state === undefined ? {} : { state }) };
}

/** Reads an ITF trace from JSON text; a problem names the state index and field path. */
export function parseItf(text: string): ItfResult<ItfTrace> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      error: { code: 'not-json', message: `not JSON: ${e instanceof Error ? e.message : String(e)}` },
    };
  }
  const notItf = (message: string, field?: string): ItfResult<ItfTrace> => ({
    ok: false,
    error: { code: 'not-itf', message, ...(field === undefined ? {} : { field }) },
  });
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    const where = duplicate.path === '' ? 'the top-level object' : duplicate.path;
    return {
      ok: false,
      error: { code: 'not-itf', message: `malformed: key '${duplicate.key}' appears twice in ${where}` },
    };
  }
  if (!isObject(json)) return notItf(`not ITF: the top level is ${describeJson(json)}, not an object`);
  const { vars, states, params, loop } = json;
  const meta = json['#meta'] ?? {};
  if (!isObject(meta)) return notItf("not ITF: '#meta' must be an object", '#meta');
  if (!Array.isArray(vars) || !vars.every((v) => typeof v === 'string')) {
    return notItf("not ITF: 'vars' must be an array of strings", 'vars');
  }
  if (params !== undefined && (!Array.isArray(params) || !params.every((v) => typeof v === 'string'))) {
    return notItf("not ITF: 'params' must be an array of strings", 'params');
  }
  if (!Array.isArray(states)) return notItf("not ITF: 'states' must be an array", 'states');
  if (loop !== undefined && !Number.isSafeInteger(loop)) return notItf("not ITF: 'loop' must be an integer", 'loop');
  const read: ItfState[] = [];
  for (let k = 0; k < states.length; k++) {
    const state: unknown = states[k];
    if (!isObject(state)) return notItf(`not ITF: state ${k} is ${describeJson(state)}, not an object`, `states[${k}]`);
    const stateMeta = state['#meta'] ?? {};
    if (!isObject(stateMeta)) return notItf(`not ITF: state ${k} has a '#meta' that is not an object`, '#meta');
    const values: Record<string, ItfValue> = {};
    try {
      for (const name of vars) {
        if (!(name in state)) throw new ItfShapeError(name, `variable '${name}' is missing`, 'wrong-vars');
      }
      for (const [name, value] of Object.entries(state)) {
        if (name !== '#meta') values[name] = validateItfValue(value, name);
      }
    } catch (e) {
      if (e instanceof ItfShapeError) return { ok: false, error: problemAt(e, k) };
      throw e;
    }
    read.push({ meta: stateMeta, values });
  }
  return {
    ok: true,
    value: {
      meta,
      vars: vars,
      states: read,
      ...(params === undefined ? {} : { params: params }),
      ...(loop === undefined ? {} : { loop: loop as number }),
    },
  };
}

/** Runs a decoder that throws `ItfShapeError`, and returns its problem as a value tagged with the state index. */
export function decodeItf<T>(decode: () => T, state?: number): ItfResult<T> {
  try {
    return { ok: true, value: decode() };
  } catch (e) {
    if (e instanceof ItfShapeError) return { ok: false, error: problemAt(e, state) };
    throw e;
  }
}

/** One line for people, for example `state 3, field currentTerm[s4]: server 's4' is outside the configuration`. */
export function formatItfProblem(p: ItfProblem): string {
  const where = [
    ...(p.state === undefined ? [] : [`state ${p.state + 1} (states[${p.state}])`]),
    ...(p.field === undefined ? [] : [`field ${p.field}`]),
  ];
  return where.length === 0 ? p.message : `${where.join(', ')}: ${p.message}`;
}

/**
 * The trace as ITF JSON text: `#meta`, `vars`, then one state per line (each with `#meta.index`), so files stay
 * readable and diff line by line.
 */
export function writeItf(trace: ItfTrace): string {
  const head: string[] = [`  "#meta": ${JSON.stringify(trace.meta)}`];
  if (trace.params !== undefined) head.push(`  "params": ${JSON.stringify(trace.params)}`);
  head.push(`  "vars": ${JSON.stringify(trace.vars)}`);
  if (trace.loop !== undefined) head.push(`  "loop": ${trace.loop}`);
  const states = trace.states.map((s, k) => `    ${JSON.stringify({ '#meta': { ...s.meta, index: k }, ...s.values })}`);
  return `{\n${head.join(',\n')},\n  "states": [\n${states.join(',\n')}\n  ]\n}\n`;
}

// Decoding helpers: each checks one kind and throws ItfShapeError naming `path` otherwise.

function expected(v: ItfValue, kind: string, path: string): never {
  throw new ItfShapeError(path, `expected ${kind}, got ${itfKindName(v)}`);
}

function itfKindName(v: ItfValue): string {
  const kind = itfKind(v);
  if (kind === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return `the boolean ${v ? 'true' : 'false'}`;
  if (kind === 'int') return `the integer ${(v as ItfBigint)['#bigint']}`;
  return `a ${kind}`;
}

/** An integer that fits a JS number. */
export function asInt(v: ItfValue, path: string): number {
  if (itfKind(v) !== 'int') expected(v, 'an integer', path);
  const n = Number((v as ItfBigint)['#bigint']);
  if (!Number.isSafeInteger(n)) throw new ItfShapeError(path, `integer ${(v as ItfBigint)['#bigint']} is too large`);
  return n;
}

export function asString(v: ItfValue, path: string): string {
  return typeof v === 'string' ? v : expected(v, 'a string', path);
}

export function asBool(v: ItfValue, path: string): boolean {
  return typeof v === 'boolean' ? v : expected(v, 'a boolean', path);
}

/** A sequence (JSON array). */
export function asList(v: ItfValue, path: string): readonly ItfValue[] {
  return Array.isArray(v) ? (v as readonly ItfValue[]) : expected(v, 'a sequence', path);
}

/** The elements of a set. */
export function asSet(v: ItfValue, path: string): readonly ItfValue[] {
  return itfKind(v) === 'set' ? (v as ItfSet)['#set'] : expected(v, 'a set', path);
}

/** The pairs of a map. */
export function asMap(v: ItfValue, path: string): readonly (readonly [ItfValue, ItfValue])[] {
  return itfKind(v) === 'map' ? (v as ItfMap)['#map'] : expected(v, 'a map', path);
}

/** True when `v` is its type's zero value: 0, false, "", an empty sequence, set or map, or a tuple or record of them. */
export function isZeroValue(v: ItfValue): boolean {
  switch (itfKind(v)) {
    case 'bool':
      return v === false;
    case 'string':
      return v === '';
    case 'int':
      return BigInt((v as ItfBigint)['#bigint']) === 0n;
    case 'list':
      return (v as readonly ItfValue[]).length === 0;
    case 'set':
      return (v as ItfSet)['#set'].length === 0;
    case 'map':
      return (v as ItfMap)['#map'].length === 0;
    case 'tup':
      return (v as ItfTup)['#tup'].every(isZeroValue);
    case 'record':
      return Object.values(v as ItfRecord).every(isZeroValue);
    case 'unserializable':
      return false;
  }
}

/**
 * A record with `fields`, and perhaps padding: another field is accepted when it holds a zero value (see the
 * opening comment) and refused otherwise.
 */
export function asRecord(v: ItfValue, path: string, fields: readonly string[]): ItfRecord {
  if (itfKind(v) !== 'record') expected(v, 'a record', path);
  const record = v as ItfRecord;
  for (const f of fields) if (!(f in record)) throw new ItfShapeError(path, `record has no field '${f}'`);
  for (const f of Object.keys(record)) {
    if (!fields.includes(f) && !isZeroValue(record[f]!)) {
      throw new ItfShapeError(
        path,
        `record has an unexpected field '${f}' (holding ${itfKindName(record[f]!)}; padding must be a zero value)`,
      );
    }
  }
  return record;
}

/** `trace` without the variables `drop` (in `vars` and in every state). */
export function withoutVars(trace: ItfTrace, drop: readonly string[]): ItfTrace {
  if (drop.length === 0) return trace;
  const kept = (values: Readonly<Record<string, ItfValue>>): Record<string, ItfValue> =>
    Object.fromEntries(Object.entries(values).filter(([name]) => !drop.includes(name)));
  return {
    ...trace,
    vars: trace.vars.filter((name) => !drop.includes(name)),
    states: trace.states.map((s) => ({ ...s, values: kept(s.values) })),
  };
}
