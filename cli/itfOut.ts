/** `--out FILE`: counterexamples written as ITF, for the commands that find them. */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Trace } from '../checker/trace.js';
import type { RaftAction } from '../spec/raft/actions.js';
import { raftTraceToItf } from '../traces/raft/itf.js';
import type { RaftModel } from '../spec/raft/model.js';
import type { ClusterState } from '../spec/raft/state.js';
import { writeItf } from '../traces/itf.js';
import { describeModel } from './modelFlags.js';
import { UsageError } from './usage.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** A usage error when `file` cannot be written later (its directory is missing); checked before a long run. */
export function checkOutPath(file: string): void {
  const dir = dirname(file);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--out: no directory ${dir}`);
  if (existsSync(file) && statSync(file).isDirectory()) throw new UsageError(`--out: ${file} is a directory`);
}

/** Writes the counterexample to `invariant` atomically as ITF; returns the line that says so. */
export function writeItfCounterexample(
  file: string,
  model: RaftModel,
  trace: Trace<ClusterState, RaftAction>,
  invariant: string,
): string {
  const itf = raftTraceToItf(trace, model, {
    status: 'violation',
    description: `counterexample to ${invariant}; model: ${describeModel(model)}`,
    invariant,
  });
  writeFileAtomic(file, writeItf(itf));
  return `wrote the counterexample (${trace.length} states, ITF) to ${file}`;
}
