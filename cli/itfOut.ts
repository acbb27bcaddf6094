/** `--out FILE`: counterexamples written as ITF, for the commands that find them. */
import type { Trace } from '../checker/trace.js';
import type { RaftAction } from '../spec/raft/actions.js';
import { raftTraceToItf } from '../traces/raft/itf.js';
import type { RaftModel } from '../spec/raft/model.js';
import type { ClusterState } from '../spec/raft/state.js';
import { writeItf } from '../traces/itf.js';
import { describeModel } from './modelFlags.js';
import { checkWritable, writeFileAtomic } from './writeFileAtomic.js';

/** A usage error when `file` cannot be written later; checked before a long run. */
export function checkOutPath(file: string): void {
  checkWritable('--out', file);
}

/**
 * Writes the counterexample to `invariant` atomically as ITF, with the names of the invariants the run `checked`;
 * returns the line that says so.
 */
export function writeItfCounterexample(
  file: string,
  model: RaftModel,
  trace: Trace<ClusterState, RaftAction>,
  invariant: string,
  checked?: readonly string[],
): string {
  const itf = raftTraceToItf(trace, model, {
    status: 'violation',
    description: `counterexample to ${invariant}; model: ${describeModel(model)}`,
    invariant,
    // The invariants the run checked, users' included: replay runs them again when it is given their files.
    ...(checked === undefined ? {} : { invariants: checked }),
  });
  writeFileAtomic(file, writeItf(itf));
  return `wrote the counterexample (${trace.length} states, ITF) to ${file}`;
}
