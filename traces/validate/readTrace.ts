/**
 * The first pass over an events file: one JSON object per line, blank lines skipped, and an optional header on
 * the first non-blank line (`{"type":"header", ...}`) that names the servers and values and may set flags.
 * Problems come back as values naming the line; nothing here throws on bad input.
 */
import { findDuplicateKey } from '../duplicateKeys.js';

/** A problem with the input, at a 1-based line. */
export interface TraceError {
  readonly line: number;
  readonly message: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: TraceError };

/** A flag value given in a header: the header's numbers become strings, as if typed on the command line. */
export type HeaderFlag = string | boolean | string[];

/** The header line of an events file. */
export interface TraceHeader {
  readonly line: number;
  /** Trace names of s1..sN, in order. */
  readonly servers?: readonly string[];
  /** Trace names of v1..vK, in order. */
  readonly values?: readonly string[];
  /** Flags keyed by their command-line name without dashes (`max-term`), checked by the command. */
  readonly flags: Readonly<Record<string, HeaderFlag>>;
}

/** One event line, parsed as JSON but not yet checked against the vocabulary. */
export interface RawEvent {
  readonly line: number;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface RawTrace {
  readonly header?: TraceHeader;
  readonly events: readonly RawEvent[];
}

const HEADER_KEYS = new Set(['type', 'servers', 'values', 'flags', 'comment']);

function fail<T>(line: number, message: string): Parsed<T> {
  return { ok: false, error: { line, message } };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function nameList(line: number, key: string, x: unknown): Parsed<string[] | undefined> {
  if (x === undefined) return { ok: true, value: undefined };
  if (!Array.isArray(x) || x.length === 0 || !x.every((n) => typeof n === 'string' && n !== '')) {
    return fail(line, `header field '${key}' must be a non-empty list of names`);
  }
  const names = x as string[];
  if (new Set(names).size !== names.length) return fail(line, `header field '${key}' names something twice`);
  return { ok: true, value: names };
}

function parseHeader(line: number, fields: Record<string, unknown>): Parsed<TraceHeader> {
  for (const key of Object.keys(fields)) {
    if (!HEADER_KEYS.has(key))
      return fail(line, `unknown header field '${key}' (known: ${[...HEADER_KEYS].join(', ')})`);
  }
  const servers = nameList(line, 'servers', fields.servers);
  if (!servers.ok) return servers;
  const values = nameList(line, 'values', fields.values);
  if (!values.ok) return values;
  const flags: Record<string, HeaderFlag> = {};
  const raw = fields.flags ?? {};
  if (!isObject(raw)) return fail(line, `header field 'flags' must be an object`);
  for (const [key, v] of Object.entries(raw)) {
    if (typeof v === 'number' && Number.isInteger(v)) flags[key] = String(v);
    else if (typeof v === 'string' || typeof v === 'boolean') flags[key] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) flags[key] = v;
    else return fail(line, `header flag '${key}' must be an integer, a string, a boolean or a list of strings`);
  }
  return {
    ok: true,
    value: {
      line,
      flags,
      ...(servers.value === undefined ? {} : { servers: servers.value }),
      ...(values.value === undefined ? {} : { values: values.value }),
    },
  };
}

/** Splits `text` into JSON objects, one a line, and takes the header off the front. */
export function readTrace(text: string): Parsed<RawTrace> {
  const lines = text.split('\n');
  let header: TraceHeader | undefined;
  const events: RawEvent[] = [];
  for (let k = 0; k < lines.length; k++) {
    const line = k + 1;
    const source = lines[k]!.trim();
    if (source === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch {
      return fail(line, 'not JSON');
    }
    if (!isObject(parsed)) return fail(line, 'an event must be a JSON object');
    // JSON.parse keeps the last of two equal keys; an event naming a field twice is ambiguous, so it is refused.
    const duplicate = findDuplicateKey(source);
    if (duplicate !== undefined) {
      const where = duplicate.path === '' ? '' : ` in ${duplicate.path}`;
      return fail(line, `malformed: key '${duplicate.key}' appears twice${where}`);
    }
    if (parsed.type === 'header') {
      if (header !== undefined || events.length > 0) return fail(line, 'the header must be the first line');
      const h = parseHeader(line, parsed);
      if (!h.ok) return h;
      header = h.value;
      continue;
    }
    events.push({ line, fields: parsed });
  }
  return { ok: true, value: { ...(header === undefined ? {} : { header }), events } };
}
