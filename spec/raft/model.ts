/** The adapter that presents the Raft spec to the checker as a `Model`. */
import type { Bound, Model } from '../../checker/model.js';
import { actionName, type RaftAction } from './actions.js';
import { rulesWithBugs } from './bugs.js';
import type { RaftConfig } from './config.js';
import { encodeCluster } from './encode.js';
import { formatAction } from './format.js';
import { RAFT_INVARIANTS } from './invariants.js';
import { inFlight } from './network.js';
import { next } from './next.js';
import type { RaftRules } from './rules.js';
import { initialState, type ClusterState } from './state.js';

export type RaftModel = Model<ClusterState, RaftAction> & {
  readonly config: RaftConfig;
  readonly rules: RaftRules;
  readonly bugs: readonly string[];
};

/** The state constraints of `config`, as named bounds. */
export function raftBounds(config: RaftConfig): Bound<ClusterState>[] {
  const bounds: Bound<ClusterState>[] = [
    { name: 'maxTerm', holds: (s) => s.servers.every((v) => v.currentTerm <= config.maxTerm) },
    { name: 'maxLogLen', holds: (s) => s.servers.every((v) => v.log.size <= config.maxLogLen) },
    { name: 'maxCopies', holds: (s) => s.messages.every((count) => count <= config.maxCopies) },
  ];
  if (config.maxInFlight > 0) {
    bounds.push({ name: 'maxInFlight', holds: (s) => inFlight(s.messages) <= config.maxInFlight });
  }
  return bounds;
}

/** The reference model under `config`, with the named bugs swapped in. */
export function raftModel(config: RaftConfig, bugs: readonly string[] = []): RaftModel {
  const rules = rulesWithBugs(bugs);
  return {
    config,
    rules,
    bugs,
    initialStates: () => [initialState(config.servers)],
    next: (s) => next(s, config, rules),
    invariants: RAFT_INVARIANTS,
    bounds: raftBounds(config),
    encode: encodeCluster,
    actionName,
    formatAction,
  };
}
