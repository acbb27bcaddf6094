/**
 * `raft-check validate --format etcd FILE`: does the etcd profile produce the trace etcd-io/raft's trace logger
 * wrote? The file is read as etcd writes it (traces/etcd/records.ts), ordered as etcd's validate.sh orders it,
 * and validated as Traceetcdraft.tla validates it (traces/etcd/validate.ts).
 */
import { readFileSync } from 'node:fs';
import { ClusterError } from '../../traces/etcd/cluster.js';
import { readEtcdTrace } from '../../traces/etcd/read.js';
import { rejectionToJson, validationLines } from '../../traces/etcd/report.js';
import { validateEtcdTrace } from '../../traces/etcd/validate.js';
import { parseFlags, stringFlag, UsageError } from '../usage.js';

export const ETCD_VALIDATE_HELP = `Usage: raft-check validate --format etcd FILE [--json]

Reads a trace etcd-io/raft's trace logger wrote (built with -tags with_tla: one zap JSON record per line, the
event under "event"; other lines are ignored), orders the records by their timestamps as etcd's validate.sh
does, infers the nodes and their bootstrapped configuration, and decides whether the etcd profile
(etcdraft.tla, as Traceetcdraft.tla reads traces) can produce it. Exit code 0: validated; 1: a record cannot
follow (its line, the last record matched, and what disagrees); 2: bad usage, a malformed record, or a record
the profile does not model. docs/etcd.md.

  --json    one JSON object on stdout
  --help    this text`;

const OPTIONS = {
  format: { type: 'string' },
  profile: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** Runs `validate --format etcd`; returns the exit code. */
export function runEtcdValidate(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, OPTIONS, true);
  if (values.help === true) {
    console.log(ETCD_VALIDATE_HELP);
    return Promise.resolve(0);
  }
  const format = stringFlag(values, 'format') ?? 'etcd';
  if (format !== 'etcd') throw new UsageError(`--profile etcd validates --format etcd traces, got --format ${format}`);
  if (positionals.length !== 1) throw new UsageError('validate --format etcd takes one FILE');
  const file = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const started = performance.now();
  const read = readEtcdTrace(text);
  if (!read.ok) throw new UsageError(`${file}:${read.line}: malformed trace record: ${read.problem}`);
  let result;
  try {
    result = validateEtcdTrace(read.records);
  } catch (e) {
    if (e instanceof ClusterError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  if (result.kind === 'unmodelled') {
    throw new UsageError(`${file}:${result.record.line}: ${result.reason}; the trace cannot be validated`);
  }
  const seconds = (performance.now() - started) / 1000;
  if (values.json === true) {
    console.log(JSON.stringify({ file, ...rejectionToJson(result), seconds: Number(seconds.toFixed(3)) }));
  } else {
    console.log([`trace: ${file}`, ...validationLines(result), `time: ${seconds.toFixed(2)} s`].join('\n'));
  }
  return Promise.resolve(result.kind === 'accepted' ? 0 : 1);
}
