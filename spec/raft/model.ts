/**
 * The Raft spec as checker `Model`s. Both run the same actions, invariants and bounds; they differ only in the
 * state representation the checker holds:
 * - `fastRaftModel`: flat Int32Array states (layout.ts), the successors built in one scratch buffer; this is
 *   what exhaustive checking and simulation explore;
 * - `raftModel`: Immutable.js values (state.ts), each successor decoded from its flat state; this is what
 *   traces, replay, validation and people see.
 * Equal flat states are equal values, so the two explore the same state graph in the same order: a path of
 * successor positions found on one replays on the other.
 */
import type { Bound, Invariant, Model } from '../../checker/model.js';
import { actionName, codeName, type RaftAction } from './actions.js';
import { Int32Arena } from './arena.js';
import { rulesWithBugs } from './bugs.js';
import { raftBounds } from './bounds.js';
import { Cluster, type ClusterReader } from './cluster.js';
import { fromFlat, toFlat } from './codec.js';
import { initialMembersMask, type RaftConfig } from './config.js';
import { formatAction } from './format.js';
import { RAFT_INVARIANTS, type RaftInvariant } from './invariants.js';
import { Layout } from './layout.js';
import { Successors } from './next.js';
import type { RaftRules } from './rules.js';
import { initialState, type ClusterState } from './state.js';
import { actionOf, flatOf, next, readerOf } from './values.js';

/** What both models carry besides the Model interface. */
interface RaftModelParts {
  readonly config: RaftConfig;
  readonly rules: RaftRules;
  readonly bugs: readonly string[];
  readonly layout: Layout;
}

export type RaftModel = Model<ClusterState, RaftAction> & RaftModelParts;

export type FastRaftModel = Model<Int32Array, number> &
  RaftModelParts & {
    /** The value a flat state stands for. */
    toValue(s: Int32Array): ClusterState;
    /** The label of action `code` taken from the flat state `from`. */
    actionOf(code: number, from: Int32Array): RaftAction;
  };

/**
 * A predicate over a cluster view, turned into one over flat states. All of a model's predicates share one reader:
 * `begin` only repoints it, and one set of views stays in cache.
 */
function onFlat(reader: Cluster, p: { name: string; holds(c: ClusterReader): boolean }): Invariant<Int32Array> {
  return { name: p.name, holds: (s) => p.holds(reader.begin(s)) };
}

/** The same predicate over values (encoded to a flat state first, with membership's initial configuration). */
function onValues(p: { name: string; holds(c: ClusterReader): boolean }, members?: number): Invariant<ClusterState> {
  return { name: p.name, holds: (s) => p.holds(readerOf(s, members)) };
}

/** The invariants that apply to `config`: those of a variant only when it is on (invariants.ts). */
function invariantsFor(config: RaftConfig, invariants: readonly RaftInvariant[]): readonly RaftInvariant[] {
  return invariants.filter((p) => p.variant === undefined || (config.variants ?? []).includes(p.variant));
}

/**
 * The layout of `config`: logs have room for one entry past the bound, so a successor can break it, and only
 * the variables of the variants that are on take words.
 */
export function raftLayout(config: RaftConfig): Layout {
  return new Layout(config.servers, config.maxLogLen + 1, config.variants ?? [], initialMembersMask(config));
}

/** The Raft model on flat states, for exploring. */
export function fastRaftModel(
  config: RaftConfig,
  bugs: readonly string[] = [],
  invariants: readonly RaftInvariant[] = RAFT_INVARIANTS,
): FastRaftModel {
  const rules = rulesWithBugs(bugs);
  const layout = raftLayout(config);
  const successors = new Successors(layout, config, rules);
  const arena = new Int32Arena();
  const reader = new Cluster(layout);
  const initial = toFlat(layout, initialState(config.servers));
  return {
    config,
    rules,
    bugs,
    layout,
    initialStates: () => [initial],
    next: (s) => {
      const out: { action: number; state: Int32Array }[] = [];
      successors.forEach(s, (action, t) => out.push({ action, state: t.slice(0, layout.length(t)) }));
      return out;
    },
    forEachSuccessor: (s, visit) => {
      successors.forEach(s, visit);
    },
    copy: (s) => arena.copy(s, layout.length(s)),
    invariants: invariantsFor(config, invariants).map((p) => onFlat(reader, p)),
    bounds: raftBounds(config).map((p): Bound<Int32Array> => onFlat(reader, p)),
    encode: (s, out) => {
      out.pushRange(s, layout.length(s));
    },
    actionName: codeName,
    formatAction: (code) => codeName(code),
    toValue: (s) => fromFlat(layout, s),
    actionOf: (code, from) => actionOf(code, fromFlat(layout, from)),
  };
}

/** The Raft model on Immutable.js values, with the named bugs swapped in. */
export function raftModel(
  config: RaftConfig,
  bugs: readonly string[] = [],
  invariants: readonly RaftInvariant[] = RAFT_INVARIANTS,
): RaftModel {
  const rules = rulesWithBugs(bugs);
  const layout = raftLayout(config);
  const members = initialMembersMask(config);
  return {
    config,
    rules,
    bugs,
    layout,
    initialStates: () => [initialState(config.servers)],
    next: (s) => next(s, config, rules),
    invariants: invariantsFor(config, invariants).map((p) => onValues(p, members)),
    bounds: raftBounds(config).map((p): Bound<ClusterState> => onValues(p, members)),
    encode: (s, out) => {
      // The layout depends only on the state's own longest log, so equal states give equal words.
      const { flat } = flatOf(s, config.maxLogLen);
      out.pushRange(flat, flat.length);
    },
    actionName,
    formatAction,
  };
}

/** The built-in invariants as predicates over values, for tools and tests that hold values. */
export function invariantsOnValues(invariants: readonly RaftInvariant[] = RAFT_INVARIANTS): Invariant<ClusterState>[] {
  return invariants.map((p) => onValues(p));
}
