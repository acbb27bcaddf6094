/**
 * Simulation of the Raft model, whichever engine walks it: the flat engine by default (the reference spec's fast
 * twin, with the same successors in the same order, so the same walks), the reference spec on request. A violating
 * walk is named by its walk index and successor positions, so it can be rebuilt through the reference spec
 * (`rebuildWalk`) and shrunk (`shrinkRaftTrace`) whichever engine found it.
 */
import type { Model } from '../checker/model.js';
import { replayPath } from '../checker/path.js';
import { shrink } from '../checker/shrink.js';
import { runWalk, simulate, type SimulateOptions, type SimulateStats } from '../checker/simulate.js';
import type { Trace } from '../checker/trace.js';
import type { RaftAction } from '../spec/raft/actions.js';
import { DEFAULT_CONFIG, type RaftConfig } from '../spec/raft/config.js';
import { fastRaftModel as flatRaftModel } from '../spec/raft/model.js';
import type { Message } from '../spec/raft/messages.js';
import { raftModel, type RaftModel } from '../spec/raft/model.js';
import { RAFT_INVARIANTS, type RaftInvariant } from '../spec/raft/invariants.js';
import { Successors } from '../spec/raft/next.js';
import type { ClusterState } from '../spec/raft/state.js';

/** The bounds under which `simulate` finds every mutant of the bug library on three servers (see bench/). */
export const HUNT_BOUNDS = { maxTerm: 20, maxLogLen: 2, maxInFlight: 0 } as const;

/** The configuration the hunting bounds give on three servers with the other settings at their defaults. */
export const HUNT_CONFIG: RaftConfig = { ...DEFAULT_CONFIG, servers: 3, ...HUNT_BOUNDS };

export type SimulationEngine = 'flat' | 'reference';
export const ENGINES: readonly SimulationEngine[] = ['flat', 'reference'];

/** A run's outcome independent of the engine: a violation is named by its walk and successor positions. */
export type RaftSimulation =
  | { readonly kind: 'ok'; readonly stats: SimulateStats }
  | {
      readonly kind: 'violation';
      readonly invariant: string;
      readonly walk: number;
      readonly path: readonly number[];
      readonly stats: SimulateStats;
    };

/**
 * The flat model with `decode`, `forEachAction` and `successorOf`: a flat state is its own encoding, so decoding
 * is the identity, and with it the walker keeps the successor it takes as an encoding in a reused buffer instead
 * of copying it into the arena; and it lists a step's actions, then builds only the successors it draws.
 */
export function flatSimulationModel(
  config: RaftConfig,
  bugs: readonly string[],
  invariants: readonly RaftInvariant[] = RAFT_INVARIANTS,
): Model<Int32Array, number> {
  const model = flatRaftModel(config, bugs, invariants);
  const successors = new Successors(model.layout, config, model.rules);
  return {
    ...model,
    decode: (words) => words,
    forEachAction: (s, visit) => {
      successors.forEachAction(s, visit);
    },
    successorOf: (s, code) => successors.successorOf(s, code),
  };
}

/**
 * How a worker thread gets the invariants a user's files add: functions do not cross threads, so it is given a
 * module URL, the name of an exported function and its argument (for the CLI, `loadInvariantFiles` and the
 * files), and loads them again itself.
 */
export interface InvariantsRecipe {
  readonly module: string;
  readonly exportName: string;
  readonly args: unknown;
}

/** The invariants `recipe` names (see `InvariantsRecipe`). */
export async function loadInvariants(recipe: InvariantsRecipe): Promise<RaftInvariant[]> {
  const module = (await import(recipe.module)) as Record<string, unknown>;
  const load = module[recipe.exportName];
  if (typeof load !== 'function') throw new Error(`simulate: ${recipe.module} exports no '${recipe.exportName}'`);
  return (await (load as (args: unknown) => Promise<RaftInvariant[]> | RaftInvariant[])(recipe.args)).slice();
}

/**
 * Runs `simulate` on the model of `config` and `bugs` with `engine`; `extra` invariants (a user's) come after the
 * built-in ones.
 */
export function simulateRaft(
  engine: SimulationEngine,
  config: RaftConfig,
  bugs: readonly string[],
  options: SimulateOptions,
  extra: readonly RaftInvariant[] = [],
): RaftSimulation {
  const invariants = [...RAFT_INVARIANTS, ...extra];
  const result =
    engine === 'flat'
      ? simulate(flatSimulationModel(config, bugs, invariants), options)
      : simulate(raftModel(config, bugs, invariants), options);
  if (result.kind === 'ok') return result;
  const { invariant, walk, path, stats } = result;
  return { kind: 'violation', invariant, walk, path, stats };
}

/** Replays one walk of a run with `engine`: its successor positions and violated invariant. */
export function replayWalk(
  engine: SimulationEngine,
  config: RaftConfig,
  bugs: readonly string[],
  options: SimulateOptions,
  walk: number,
  extra: readonly RaftInvariant[] = [],
): { path: readonly number[]; invariant: string | undefined } {
  const invariants = [...RAFT_INVARIANTS, ...extra];
  return engine === 'flat'
    ? runWalk(flatSimulationModel(config, bugs, invariants), options.seed, walk, options)
    : runWalk(raftModel(config, bugs, invariants), options.seed, walk, options);
}

/**
 * The walk of a violation rebuilt through the reference spec from its successor positions; throws when it does not
 * end in the violation, which would mean the engines disagree.
 */
export function rebuildWalk(
  model: RaftModel,
  path: readonly number[],
  invariant: string,
): Trace<ClusterState, RaftAction> {
  const raw = replayPath(model, path);
  const last = raw[raw.length - 1]!.state;
  if (model.invariants.find((inv) => inv.name === invariant)?.holds(last) !== false) {
    throw new Error(
      'simulate: the rebuilt walk does not end in the violation; the engines disagree (a flat-engine bug)',
    );
  }
  return raw;
}

/**
 * Raft steps alike but for the values removals shift: the same handler or message action on a message of the same
 * type and route, whatever its terms, indexes and outcome. Shrinking falls back on it (see checker/shrink.ts);
 * other actions' labels carry no terms, so exact labels already serve them.
 */
export function similarRaftSteps(a: RaftAction, b: RaftAction): boolean {
  if (a.kind === 'Receive') {
    return b.kind === 'Receive' && a.handler === b.handler && sameRoute(a.m, b.m);
  }
  if (a.kind === 'DuplicateMessage' || a.kind === 'DropMessage') {
    return b.kind === a.kind && sameRoute(a.m, b.m);
  }
  return false;
}

function sameRoute(m: Message, n: Message): boolean {
  return m.type === n.type && m.source === n.source && m.dest === n.dest;
}

/** Shrinks a Raft counterexample to `invariant` with Raft's notion of similar steps. */
export function shrinkRaftTrace(
  model: RaftModel,
  trace: Trace<ClusterState, RaftAction>,
  invariant: string,
  invariants?: readonly string[],
): { trace: Trace<ClusterState, RaftAction>; seconds: number } {
  const shrunk = shrink(model, trace, invariant, {
    similar: similarRaftSteps,
    ...(invariants === undefined ? {} : { invariants }),
  });
  return { trace: shrunk.trace, seconds: shrunk.seconds };
}
