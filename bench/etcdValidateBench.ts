/**
 * How fast `validate --format etcd` is: reads, orders and validates an etcd trace file through the same code as
 * the CLI, and prints the seconds and the process's peak memory. etcd-io/raft's own tla/example.ndjson is not
 * in this repository (docs/etcd.md): point ETCD_TRACE at it (or give the path as an argument); without one, the
 * bench validates our own etcd-format fixtures.
 *
 *   npx tsc -p tsconfig.build.json && ETCD_TRACE=path/to/example.ndjson node dist/bench/etcdValidateBench.js
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEtcdTrace } from '../traces/etcd/read.js';
import { validateEtcdTrace } from '../traces/etcd/validate.js';
import { repoRoot } from './tlcConfigs.js';

const given = process.argv[2] ?? process.env.ETCD_TRACE;
const files =
  given === undefined
    ? ['walk-3-servers.ndjson', 'walk-reconfig.ndjson'].map((f) => join(repoRoot(), 'test', 'fixtures', 'etcd', f))
    : [given];
if (given === undefined) {
  console.log('etcd traces: our fixtures (set ETCD_TRACE to the path of etcd-io/raft tla/example.ndjson to time it)');
}
for (const file of files) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const read = readEtcdTrace(readFileSync(file, 'utf8'));
  if (!read.ok) throw new Error(`etcdValidateBench: ${file}:${read.line}: ${read.problem}`);
  const result = validateEtcdTrace(read.records);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const verdict =
    result.kind === 'accepted'
      ? `validated, at most ${result.widest} states at once`
      : result.kind === 'rejected'
        ? `rejected at line ${result.record.line}: ${result.why[0] ?? ''}`
        : `not modelled at line ${result.record.line}: ${result.reason}`;
  console.log(`etcd trace: ${file}, ${read.records.length} records: ${verdict}`);
  console.log(
    `time: ${seconds.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU; ` +
      `peak memory ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (the whole process)`,
  );
}
