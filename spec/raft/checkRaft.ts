/**
 * Checking the Raft model with either engine. The flat engine (spec/raft/flat/) explores; a counterexample it
 * finds is rebuilt through the reference spec by replaying its successor positions, so results always carry
 * reference states and actions, whichever engine ran.
 */
import { check, type CheckOptions, type CheckResult } from '../../checker/bfs.js';
import { replayPath } from '../../checker/path.js';
import type { RaftAction } from './actions.js';
import type { RaftConfig } from './config.js';
import { toFlat } from './flat/codec.js';
import { flatRaftModel } from './flat/model.js';
import { raftModel } from './model.js';
import type { ClusterState } from './state.js';

export type Engine = 'flat' | 'reference';
export const ENGINES: readonly Engine[] = ['flat', 'reference'];

/** Checks the model of `config` with `bugs`, on `engine` (default flat). */
export function checkRaft(
  config: RaftConfig,
  bugs: readonly string[] = [],
  options: CheckOptions = {},
  engine: Engine = 'flat',
): CheckResult<ClusterState, RaftAction> {
  const reference = raftModel(config, bugs);
  if (engine === 'reference') return check(reference, options);
  const flat = flatRaftModel(config, bugs);
  const result = check(flat, options);
  if (result.kind !== 'violation') return result;
  const trace = replayPath(reference, result.path);
  const last = trace[trace.length - 1]!.state;
  const expected = result.trace[result.trace.length - 1]!.state;
  const rebuilt = toFlat(flat.layout, last);
  if (rebuilt.length !== expected.length || rebuilt.some((w, k) => w !== expected[k])) {
    throw new Error(
      'checkRaft: the flat engine and the reference spec disagree on a counterexample (a flat-engine bug)',
    );
  }
  return { ...result, trace };
}
