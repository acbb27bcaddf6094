/** A whole etcd trace file: its trace records, or the first malformed one. */
import { readLine, type EtcdTraceRecord } from './records.js';

export type EtcdTraceReading =
  | { readonly ok: true; readonly records: EtcdTraceRecord[] }
  | { readonly ok: false; readonly line: number; readonly problem: string };

export function readEtcdTrace(text: string): EtcdTraceReading {
  const records: EtcdTraceRecord[] = [];
  const lines = text.split('\n');
  for (let k = 0; k < lines.length; k++) {
    const got = readLine(lines[k]!.replace(/\r$/, ''), k + 1);
    if (got.kind === 'malformed') return { ok: false, line: k + 1, problem: got.problem };
    if (got.kind === 'record') records.push(got.record);
  }
  return { ok: true, records };
}
