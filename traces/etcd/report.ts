/** How a validation of an etcd trace reads: lines for people, an object for --json. */
import type { EtcdValidation } from './validate.js';

type Decided = Exclude<EtcdValidation, { kind: 'unmodelled' }>;

function clusterLine(v: Decided): string {
  const init = v.cluster.initial.servers
    .map((s, k) => ({ s, id: v.cluster.ids[k]! }))
    .filter((x) => x.s.config.voters !== 0)
    .map((x) => x.id);
  return `cluster: ${v.cluster.ids.length} nodes (${v.cluster.ids.join(', ')}); bootstrapped with a configuration: ${init.join(', ') || 'none'}`;
}

export function validationLines(v: Decided): string[] {
  const lines = [`records: ${v.records} (etcd format, in validate.sh's order)`, clusterLine(v)];
  if (v.kind === 'accepted') {
    lines.push(`result: ok, the etcd profile produces every record (at most ${v.widest} states consistent at once)`);
    return lines;
  }
  lines.push(`result: REJECTED at line ${v.record.line} (record ${v.at + 1} of ${v.records})`);
  lines.push(`  ${v.record.text}`);
  lines.push(
    v.lastMatched === undefined
      ? 'last matched: none (the first record after bootstrap)'
      : `last matched: line ${v.lastMatched.line}: ${v.lastMatched.text}`,
  );
  lines.push(`why: ${v.why[0] ?? 'no state takes it'}`);
  for (const w of v.why.slice(1, 4)) lines.push(`     or: ${w}`);
  return lines;
}

export function rejectionToJson(v: Decided): Record<string, unknown> {
  const base = { records: v.records, nodes: v.cluster.ids };
  if (v.kind === 'accepted') return { result: 'validated', ...base, widest: v.widest };
  return {
    result: 'rejected',
    ...base,
    line: v.record.line,
    record: v.at + 1,
    event: v.record.event,
    ...(v.lastMatched === undefined ? {} : { lastMatched: { line: v.lastMatched.line, event: v.lastMatched.event } }),
    why: v.why,
  };
}
