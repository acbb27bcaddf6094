/**
 * Checking the Raft model on either representation. The fast model (flat states) explores by default; a
 * counterexample it finds is decoded into values and labelled actions, so results always carry what people
 * read, whichever representation ran. Both run the same spec, so `reference` (values) gives the same counts and
 * the same counterexample, more slowly.
 */
import { check, type CheckOptions, type CheckResult } from '../checker/bfs.js';
import { replayPath } from '../checker/path.js';
import { unreducePath, withSymmetry } from '../checker/symmetry.js';
import type { Trace } from '../checker/trace.js';
import type { RaftAction } from '../spec/raft/actions.js';
import { initialMembersMask, type RaftConfig } from '../spec/raft/config.js';
import { checkedConfig } from '../spec/raft/configCheck.js';
import { RAFT_INVARIANTS, type RaftInvariant } from '../spec/raft/invariants.js';
import { fastRaftModel, raftModel, type FastRaftModel } from '../spec/raft/model.js';
import type { ClusterState } from '../spec/raft/state.js';
import { ServerSymmetry, valueSymmetry } from '../spec/raft/symmetry.js';

/** Which state representation the checker holds: flat Int32Arrays (fast) or Immutable.js values. */
export type Engine = 'flat' | 'reference';
export const ENGINES: readonly Engine[] = ['flat', 'reference'];

/** A trace of the fast model as values and labelled actions. */
export function valueTrace(model: FastRaftModel, trace: Trace<Int32Array, number>): Trace<ClusterState, RaftAction> {
  return trace.map((step, k) => ({
    action: step.action === null ? null : model.actionOf(step.action, trace[k - 1]!.state),
    state: model.toValue(step.state),
  }));
}

/** Checks the model of `config` with `bugs`, on `engine` (default flat); a ConfigError for a configuration that is not a model. */
export function checkRaft(
  config: RaftConfig,
  bugs: readonly string[] = [],
  options: CheckOptions = {},
  engine: Engine = 'flat',
  invariants: readonly RaftInvariant[] = RAFT_INVARIANTS,
): CheckResult<ClusterState, RaftAction> {
  checkedConfig('checkRaft', config, bugs);
  if (engine === 'reference') return check(raftModel(config, bugs, invariants), options);
  const fast = fastRaftModel(config, bugs, invariants);
  const result = check(fast, options);
  if (result.kind !== 'violation') return result;
  return { ...result, trace: valueTrace(fast, result.trace) };
}

/**
 * The behaviour of the unreduced model that a path found under server symmetry stands for, as a path of it
 * (checker/symmetry.ts). Paths are the same on both engines, so this runs on the fast one.
 */
export function unreducedRaftPath(config: RaftConfig, bugs: readonly string[], path: readonly number[]): number[] {
  const fast = fastRaftModel(config, bugs, []);
  return unreducePath(fast, new ServerSymmetry(fast.layout), path);
}

/**
 * Checks the model of `config` with servers interchangeable (one representative per orbit); a counterexample
 * is a real behaviour of the unreduced model, as long as the shortest one.
 */
export function checkRaftSymmetric(
  config: RaftConfig,
  bugs: readonly string[] = [],
  options: CheckOptions = {},
  engine: Engine = 'flat',
  invariants: readonly RaftInvariant[] = RAFT_INVARIANTS,
): CheckResult<ClusterState, RaftAction> {
  checkedConfig('checkRaftSymmetric', config, bugs);
  const result =
    engine === 'reference'
      ? check(withSymmetry(raftModel(config, bugs, invariants), valueSymmetry(initialMembersMask(config))), options)
      : (() => {
          const fast = fastRaftModel(config, bugs, invariants);
          return check(withSymmetry(fast, new ServerSymmetry(fast.layout)), options);
        })();
  if (result.kind !== 'violation') return result;
  const path = unreducedRaftPath(config, bugs, result.path);
  return { ...result, path, trace: replayPath(raftModel(config, bugs, invariants), path) };
}
