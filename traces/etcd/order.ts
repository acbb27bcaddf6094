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

/** The records in validate.sh's order (a new array; stable for equal lines). */
export function etcdOrder(records: readonly EtcdTraceRecord[]): EtcdTraceRecord[] {
  // UTF-8 bytes, compared as sort(1) compares them in the C locale (records are ASCII in practice).
  const keyed = records.map((r) => ({ r, key: Buffer.from(sortKey(r.text)), text: Buffer.from(r.text) }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key) || Buffer.compare(a.text, b.text) || a.r.line - b.r.line);
  return keyed.map((k) => k.r);
}
