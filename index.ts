/**
 * raft-check as a library: `import { check, encodeValue, type Model } from 'raft-check'`.
 *
 * What is here, and why only this: the seam (`Model` and the types it names), the engines that run any model
 * (`check`, `simulate`, `shrink`, `replay`, `replayPath`), the canonical encoding a model's `encode` can use
 * (`encodeValue`), ITF reading and writing, the contract suite for a user's own model (`checkModelContract`), and
 * the Raft model with its configuration, bugs and invariants. Everything else (the CLI, the flat engine, the
 * harness) is internal and may change between versions.
 */

// The seam.
export type { Bound, Invariant, Model, Transition, Witness } from './checker/model.js';
export { Encoding } from './checker/encoding.js';
export { encodeValue } from './checker/encodeValue.js';
export { ModelError } from './checker/modelError.js';
export type { Step, Trace } from './checker/trace.js';

// Engines that run any model.
export { check, type CheckOptions, type CheckResult } from './checker/bfs.js';
export type { CheckStats } from './checker/stats.js';
export { coverageOf, type Coverage } from './checker/coverage.js';
export type { Progress, Reporter } from './checker/reporter.js';
export {
  runWalk,
  simulate,
  type SimulateOptions,
  type SimulateProgress,
  type SimulateResult,
  type SimulateStats,
} from './checker/simulate.js';
export { shrink, type ShrinkOptions, type ShrinkResult } from './checker/shrink.js';
export { replayPath } from './checker/path.js';
export {
  formatDivergence,
  replay,
  type Divergence,
  type FieldDiff,
  type ReplayHooks,
  type ReplayResult,
  type ReplayStep,
} from './traces/replay.js';

// The contract suite for a user's own model.
export {
  checkModelContract,
  snapshot,
  type ModelContractOptions,
  type ModelContractResult,
} from './checker/contract.js';

// ITF (the Informal Trace Format), generic and for the Raft model.
export {
  formatItfProblem,
  itfInt,
  itfMap,
  itfSet,
  itfTup,
  parseItf,
  writeItf,
  type ItfProblem,
  type ItfResult,
  type ItfState,
  type ItfTrace,
  type ItfValue,
} from './traces/itf.js';
export { clusterFromItf, clusterToItf, raftStepsFromItf, raftTraceToItf } from './traces/raft/itf.js';

// The Raft model.
export { fastRaftModel, raftModel, type FastRaftModel, type RaftModel } from './spec/raft/model.js';
export { checkRaft, type Engine } from './harness/checkRaft.js';
export { raftCoverage, type RunCoverage } from './harness/runCoverage.js';
export { userInvariant, type RaftState, type RaftStatePredicate } from './spec/raft/stateView.js';
export type { RaftInvariant } from './spec/raft/invariants.js';
export { SERVER_SCHEMA, MESSAGE_SCHEMA } from './spec/raft/schema.js';
export { DEFAULT_CONFIG, type RaftConfig } from './spec/raft/config.js';
export { ConfigError } from './spec/raft/configCheck.js';
export { BUGS, type Bug } from './spec/raft/bugs.js';
export { RAFT_INVARIANTS } from './spec/raft/invariants.js';
export type { RaftAction } from './spec/raft/actions.js';
export type { ClusterState } from './spec/raft/state.js';
