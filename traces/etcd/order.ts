/**
 * The order in which etcd's validation reads a trace: validate.sh strips each line's prefix up to the first `{`
 * and sorts the lines with `sort -t":" -k 3`, that is by the text from the third colon-separated field on (the
 * timestamp and the rest of the record), ties broken by the whole line, in byte order (LC_ALL=C). Records of
 * several nodes interleave by their timestamps this way.
 */
import type { EtcdTraceRecord } from './records.js';

/** The sort key: the record's text from its third `:`-separated field on. */
function sortKey(text: string): string {
  const first = text.indexOf(':');
  const second = first < 0 ? -1 : text.indexOf(':', first + 1);
  return second < 0 ? '' : text.slice(second + 1);
}

const utf8 = new TextEncoder();

/** Byte order of the UTF-8 encodings, as sort(1) compares in the C locale (ASCII text: code unit order). */
function byteOrder(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 code unit order is UTF-8 byte order except past surrogates; only then encode.
  if (!/[\ud800-\udfff]/.test(a + b)) return a < b ? -1 : 1;
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let k = 0; k < Math.min(x.length, y.length); k++) if (x[k] !== y[k]) return x[k]! - y[k]!;
  return x.length - y.length;
}

/** The records in validate.sh's order (a new array; stable for equal lines). */
export function etcdOrder(records: readonly EtcdTraceRecord[]): EtcdTraceRecord[] {
  const keyed = records.map((r) => ({ r, key: sortKey(r.text) }));
  keyed.sort((a, b) => byteOrder(a.key, b.key) || byteOrder(a.r.text, b.r.text) || a.r.line - b.r.line);
  return keyed.map((k) => k.r);
}
