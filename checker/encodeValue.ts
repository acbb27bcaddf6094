/**
 * A generic canonical encoder, so that a small model can implement `Model.encode` in one line:
 * `encode: encodeValue`.
 *
 * Why tags and lengths: the checker treats two states as one exactly when their encodings are equal, so the
 * encoding must be injective. Every value starts with a tag naming its kind (so `1`, `'1'`, `true`, `[1]` and
 * `List([1])` differ), and every string and collection carries its length (so `['ab']` and `['a', 'b']` differ,
 * and nesting boundaries are unambiguous). An encoding is therefore self-delimiting, which also makes the
 * lexicographic order on encodings a total order on values.
 *
 * Why sorting: equal values must write equal words whatever order they were built in. Immutable `Map` and `Set`
 * iterate in an order that depends on their history, so their entries are written sorted by the encoding of
 * the key (or element). Plain objects and Records are written with their keys sorted. `OrderedMap` and
 * `OrderedSet` keep their order, because for Immutable (`is`) the order is part of their value.
 *
 * Equality follows Immutable's `is` for Immutable values (0 and -0 are one number, NaN equals NaN) and is
 * structural for plain objects and arrays, also where they sit inside an Immutable collection (where `is`
 * would compare them by reference). Anything else (functions, symbols, bigints, class instances, JS `Map`
 * and `Set`, Immutable `Seq` and `Stack`) is refused with an error, since it has no canonical form here.
 *
 * Speed is not the point: sorting allocates a scratch `Encoding` per entry. Models with large states or hot
 * loops write their own `encode`, as the Raft spec does.
 */
import { isList, isMap, isOrderedMap, isOrderedSet, isRecord, isSet, type Collection } from 'immutable';
import { Encoding } from './encoding.js';

const TAG_NULL = 1;
const TAG_UNDEFINED = 2;
const TAG_FALSE = 3;
const TAG_TRUE = 4;
const TAG_INT = 5;
const TAG_FLOAT = 6;
const TAG_NAN = 7;
const TAG_STRING = 8;
const TAG_ARRAY = 9;
const TAG_OBJECT = 10;
const TAG_LIST = 11;
const TAG_MAP = 12;
const TAG_ORDERED_MAP = 13;
const TAG_SET = 14;
const TAG_ORDERED_SET = 15;
const TAG_RECORD = 16;

const float = new Float64Array(1);
const floatWords = new Int32Array(float.buffer);

/** Writes the canonical encoding of `value` into `out`; throws (prefixed `encodeValue:`) on an unsupported value. */
export function encodeValue(value: unknown, out: Encoding): void {
  switch (typeof value) {
    case 'number':
      encodeNumber(value, out);
      return;
    case 'string':
      encodeString(value, out);
      return;
    case 'boolean':
      out.push(value ? TAG_TRUE : TAG_FALSE);
      return;
    case 'undefined':
      out.push(TAG_UNDEFINED);
      return;
    case 'object':
      if (value === null) out.push(TAG_NULL);
      else encodeObject(value, out);
      return;
    case 'bigint':
    case 'symbol':
    case 'function':
      throw new Error(`encodeValue: cannot encode a ${typeof value}`);
  }
}

function encodeNumber(x: number, out: Encoding): void {
  if ((x | 0) === x) {
    // Also takes -0, which `x | 0` turns into 0, as Immutable's `is` wants.
    out.push(TAG_INT);
    out.push(x);
  } else if (Number.isNaN(x)) {
    out.push(TAG_NAN);
  } else {
    float[0] = x;
    out.push(TAG_FLOAT);
    out.push(floatWords[0]!);
    out.push(floatWords[1]!);
  }
}

function encodeString(s: string, out: Encoding): void {
  out.push(TAG_STRING);
  out.push(s.length);
  // Two UTF-16 code units a word; the length above says whether the last word holds one or two.
  for (let k = 0; k < s.length; k += 2)
    out.push((s.charCodeAt(k) << 16) | (k + 1 < s.length ? s.charCodeAt(k + 1) : 0));
}

function encodeObject(value: object, out: Encoding): void {
  if (Array.isArray(value)) {
    out.push(TAG_ARRAY);
    out.push(value.length);
    for (const item of value as unknown[]) encodeValue(item, out);
  } else if (isList(value)) {
    out.push(TAG_LIST);
    out.push(value.size);
    for (const item of value) encodeValue(item, out);
  } else if (isOrderedMap(value)) {
    // Before isMap, which is also true of an OrderedMap.
    out.push(TAG_ORDERED_MAP);
    out.push(value.size);
    for (const [k, v] of value) {
      encodeValue(k, out);
      encodeValue(v, out);
    }
  } else if (isMap(value)) {
    out.push(TAG_MAP);
    out.push(value.size);
    writeSorted(entryEncodings(value), out);
  } else if (isOrderedSet(value)) {
    out.push(TAG_ORDERED_SET);
    out.push(value.size);
    for (const item of value) encodeValue(item, out);
  } else if (isSet(value)) {
    out.push(TAG_SET);
    out.push(value.size);
    const items: Int32Array[] = [];
    for (const item of value) items.push(encodingOf(item));
    writeSorted(items, out);
  } else if (isRecord(value)) {
    // Records of different classes with the same fields are equal under `is`, and their fields are unordered.
    out.push(TAG_RECORD);
    encodeFields(value.toSeq().entrySeq().toArray() as [string, unknown][], out);
  } else if (isPlainObject(value)) {
    out.push(TAG_OBJECT);
    encodeFields(Object.entries(value), out);
  } else {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
    throw new Error(
      `encodeValue: cannot encode an instance of ${typeof name === 'string' ? name : 'an unknown class'}`,
    );
  }
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Fields sorted by key (keys are unique strings, so comparing the strings is enough). */
function encodeFields(fields: [string, unknown][], out: Encoding): void {
  fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  out.push(fields.length);
  for (const [k, v] of fields) {
    encodeString(k, out);
    encodeValue(v, out);
  }
}

function encodingOf(value: unknown): Int32Array {
  const scratch = new Encoding(16);
  encodeValue(value, scratch);
  return scratch.words.slice(0, scratch.length);
}

/**
 * Each entry's key followed by its value. Equal maps hold the same entries, so sorting the entries' words gives
 * one order whatever the insertion order (and, keys being distinct and self-delimiting, it is the order by key).
 */
function entryEncodings(map: Collection.Keyed<unknown, unknown>): Int32Array[] {
  const entries: Int32Array[] = [];
  for (const [k, v] of map) {
    const scratch = new Encoding(16);
    encodeValue(k, scratch);
    encodeValue(v, scratch);
    entries.push(scratch.words.slice(0, scratch.length));
  }
  return entries;
}

function compareWords(a: Int32Array, b: Int32Array): number {
  const n = Math.min(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const d = a[k]! - b[k]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function writeSorted(items: Int32Array[], out: Encoding): void {
  items.sort(compareWords);
  for (const item of items) for (const w of item) out.push(w);
}
