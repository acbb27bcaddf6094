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
import { valueWitness } from '../spec/raft/userVacuity.js';
import { witnessesFor, type RaftWitness } from '../spec/raft/witnesses.js';
import { userInvariantsOf, watchedValues } from './runCoverage.js';

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

/**
 * The situations a check of `config` with `invariants` watches for: the model's witnesses, and when a user's
 * invariant names none, the roles and message types it tests (runCoverage.ts `watchedValues`), so that
 * `raftCoverage` can say which no explored state had; undefined (the model's own) without such an invariant.
 */
function watchedWitnesses(config: RaftConfig, invariants: readonly RaftInvariant[]): RaftWitness[] | undefined {
  const users = userInvariantsOf(invariants);
  if (users.length === 0) return undefined;
  const values = watchedValues(raftModel(config), users);
  return values.length === 0 ? undefined : [...witnessesFor(config.variants), ...values.map(valueWitness)];
}

/**
 * Checks the model of `config` with `bugs`, on `engine` (default flat); a ConfigError for a configuration that is
 * not a model. What it exercised, user invariants' vacuity included, is `raftCoverage(config, result, invariants)`.
 */
export function checkRaft(
  config: RaftConfig,
  bugs: readonly string[] = [],
  options: CheckOptions = {},
  engine: Engine = 'flat',
  invariants: readonly RaftInvariant[] = RAFT_INVARIANTS,
): CheckResult<ClusterState, RaftAction> {
  checkedConfig('checkRaft', config, bugs);
  const witnesses = watchedWitnesses(config, invariants);
  if (engine === 'reference') return check(raftModel(config, bugs, invariants, witnesses), options);
  const fast = fastRaftModel(config, bugs, invariants, witnesses);
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
  const witnesses = watchedWitnesses(config, invariants);
  const result =
    engine === 'reference'
      ? check(
          withSymmetry(raftModel(config, bugs, invariants, witnesses), valueSymmetry(initialMembersMask(config))),
          options,
        )
      : (() => {
          const fast = fastRaftModel(config, bugs, invariants, witnesses);
          return check(withSymmetry(fast, new ServerSymmetry(fast.layout)), options);
        })();
  if (result.kind !== 'violation') return result;
  const path = unreducedRaftPath(config, bugs, result.path);
  return { ...result, path, trace: replayPath(raftModel(config, bugs, invariants), path) };
}
