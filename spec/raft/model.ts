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
import type { Bound, Invariant, Model, Witness } from '../../checker/model.js';
import {
  ACTION_NAMES,
  actionName,
  codeName,
  nameCode,
  packAction,
  type ActionName,
  type RaftAction,
} from './actions.js';
import { Int32Arena } from './arena.js';
import { rulesWithBugs } from './bugs.js';
import { raftBounds } from './bounds.js';
import { Cluster, type ClusterReader } from './cluster.js';
import { fromFlat, toFlat } from './codec.js';
import { initialMembersMask, type RaftConfig } from './config.js';
import { checkedConfig } from './configCheck.js';
import { formatAction } from './format.js';
import { RAFT_INVARIANTS, type RaftInvariant } from './invariants.js';
import { Layout } from './layout.js';
import { distinctMessages } from './network.js';
import { Successors } from './next.js';
import type { RaftRules } from './rules.js';
import { initialState, type ClusterState } from './state.js';
import { actionOf, flatOf, next, readerOf } from './values.js';
import { isOn, variantModules, type VariantName } from './variants.js';
import { VARIANT_MODULES } from './variants/registry.js';
import type { VariantModule } from './variants/variant.js';
import { witnessesFor, type RaftWitness } from './witnesses.js';

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
function onFlat(reader: Cluster, p: Predicate): Invariant<Int32Array> {
  return { name: p.name, holds: (s) => p.holds(reader.begin(s)), ...vacuityTag(p) };
}

/** The same predicate over values (encoded to a flat state first, with membership's initial configuration). */
function onValues(p: Predicate, members?: number): Invariant<ClusterState> {
  return { name: p.name, holds: (s) => p.holds(readerOf(s, members)), ...vacuityTag(p) };
}

interface Predicate {
  readonly name: string;
  holds(c: ClusterReader): boolean;
  readonly witness?: string;
}

function vacuityTag(p: Predicate): { witness?: string } {
  return p.witness === undefined ? {} : { witness: p.witness };
}

/** A witness over flat states: its two views are the model's own, apart from the invariants' reader. */
function witnessOnFlat(from: Cluster, to: Cluster, w: RaftWitness): Witness<Int32Array, number> {
  return { name: w.name, actions: w.actions, reached: (s, code, t) => w.reached(from.begin(s), code, to.begin(t)) };
}

/** A witness over values: each state encoded into a view of its own, the action packed as next.ts packs it. */
function witnessOnValues(w: RaftWitness, members?: number): Witness<ClusterState, RaftAction> {
  const views = [new Map<Layout, Cluster>(), new Map<Layout, Cluster>()] as const;
  const view = (side: 0 | 1, s: ClusterState): Cluster => {
    const { layout, flat } = flatOf(s, 0, members);
    let c = views[side].get(layout);
    if (c === undefined) views[side].set(layout, (c = new Cluster(layout)));
    return c.begin(flat);
  };
  return { name: w.name, actions: w.actions, reached: (s, a, t) => w.reached(view(0, s), codeOf(a, s), view(1, t)) };
}

/** The packed code (actions.ts) of the label `a` of a step from `s`. */
function codeOf(a: RaftAction, s: ClusterState): number {
  const name = nameCode(actionName(a) as ActionName);
  const k = 'm' in a ? distinctMessages(s.messages).indexOf(a.m) : 0;
  const i = 'i' in a ? a.i : 0;
  const j = 'j' in a ? a.j : 0;
  const v = 'v' in a ? a.v : 0;
  return packAction(name, i, j, v, a.kind === 'Receive' ? a.outcome : '', k);
}

/**
 * The actions `config` can fire: raft.tla's (Receive's handlers in its place), without Restart, DuplicateMessage
 * or DropMessage when the configuration leaves them out, and the variants' only when they are on.
 */
export function raftActionNames(config: RaftConfig): ActionName[] {
  const off = new Set<ActionName>([
    ...(config.restart ? [] : (['Restart'] as const)),
    ...(config.duplicate ? [] : (['DuplicateMessage'] as const)),
    ...(config.drop ? [] : (['DropMessage'] as const)),
    ...(VARIANT_MODULES as readonly VariantModule[])
      .filter((m) => !isOn(config.variants, m.variant.name as VariantName))
      .flatMap((m) => [...m.actions.map((a) => a.name), ...m.handlerNames] as ActionName[]),
  ]);
  return ACTION_NAMES.filter((name) => !off.has(name));
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

/** The rules of a model: the reference rules, the bugs' swapped in, then the values the configuration sets. */
function rulesOf(config: RaftConfig, bugs: readonly string[]): RaftRules {
  const set = variantModules(config.variants).flatMap((m) => m.hooks.configRules?.(config) ?? []);
  return set.length === 0 ? rulesWithBugs(bugs) : (Object.assign({}, rulesWithBugs(bugs), ...set) as RaftRules);
}

/**
 * The Raft model on flat states, for exploring. Throws a ConfigError for a configuration or bug that is not a model.
 * `witnesses`: the situations the run watches for (witnesses.ts; a user's invariant's values, userVacuity.ts).
 */
export function fastRaftModel(
  config: RaftConfig,
  bugs: readonly string[] = [],
  invariants: readonly RaftInvariant[] = RAFT_INVARIANTS,
  witnesses: readonly RaftWitness[] = witnessesFor(config.variants),
): FastRaftModel {
  checkedConfig('fastRaftModel', config, bugs);
  const rules = rulesOf(config, bugs);
  const layout = raftLayout(config);
  const successors = new Successors(layout, config, rules);
  const arena = new Int32Arena();
  const reader = new Cluster(layout);
  const from = new Cluster(layout);
  const to = new Cluster(layout);
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
    actionNames: raftActionNames(config),
    witnesses: witnesses.map((w) => witnessOnFlat(from, to, w)),
    encode: (s, out) => {
      out.pushRange(s, layout.length(s));
    },
    actionName: codeName,
    formatAction: (code) => codeName(code),
    toValue: (s) => fromFlat(layout, s),
    actionOf: (code, from) => actionOf(code, fromFlat(layout, from)),
  };
}

/**
 * The Raft model on Immutable.js values, with the named bugs swapped in. Throws a ConfigError (configCheck.ts) for
 * a configuration or bug that is not a model. `witnesses` as for `fastRaftModel`.
 */
export function raftModel(
  config: RaftConfig,
  bugs: readonly string[] = [],
  invariants: readonly RaftInvariant[] = RAFT_INVARIANTS,
  witnesses: readonly RaftWitness[] = witnessesFor(config.variants),
): RaftModel {
  checkedConfig('raftModel', config, bugs);
  const rules = rulesOf(config, bugs);
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
    actionNames: raftActionNames(config),
    witnesses: witnesses.map((w) => witnessOnValues(w, members)),
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
