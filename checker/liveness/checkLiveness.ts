/**
 * Liveness checking: builds the behaviour graph of every state reachable within the bounds once
 * (behaviourGraph.ts), then decides each temporal property on it under the fairness conditions
 * (fairCycles.ts), and reports a violated one with the lasso of shortest stem (lasso.ts). Sound and complete
 * within the bounds: a lasso reported is a fair behaviour of the model (its states are within the bounds, and
 * fairness is judged with every enabled step, bounded or not), and "holds" means no fair behaviour that stays
 * within the bounds violates the property. Behaviours that leave the bounds are not judged: the graph counts
 * the states all of whose successors leave them (`cut`).
 */
import type { Model } from '../model.js';
import { replayPath } from '../path.js';
import type { Progress } from '../reporter.js';
import type { Trace } from '../trace.js';
import { buildBehaviourGraph, type BehaviourGraph } from './behaviourGraph.js';
import type { EdgeStoreOptions } from './edgeStore.js';
import { searchFairCycles, type FairnessMasks } from './fairCycles.js';
import { shortestLasso, type LassoPath } from './lasso.js';
import { negationAutomaton } from './propertyAutomaton.js';
import type { Fairness, StepProperty, TemporalProperty } from './temporal.js';

export interface LivenessOptions {
  /** Stop with an `incomplete` result once this many distinct states are stored. */
  readonly maxStates?: number;
  /** Asked every few hundred states; a reason ends the run as `incomplete`. */
  readonly shouldStop?: () => string | undefined;
  readonly onProgress?: (p: Progress) => void;
  readonly progressIntervalMs?: number;
  /** Where the behaviour graph's edges go: memory up to a threshold, then files (edgeStore.ts). */
  readonly edges?: EdgeStoreOptions;
}

export interface LivenessStats {
  readonly distinctStates: number;
  readonly generatedStates: number;
  /** Edges of the behaviour graph (steps between distinct states within the bounds). */
  readonly edges: number;
  readonly depth: number;
  /** States all of whose successors break a bound: behaviours through them that go on are not judged. */
  readonly cut: number;
  /** States with no successor but themselves: behaviours reaching them stutter there forever. */
  readonly deadlocked: number;
  readonly boundDiscards: Record<string, number>;
  /** Bytes of the behaviour graph's arrays (edges and per-state columns). */
  readonly graphBytes: number;
  /** Bytes of its edges' columns in memory. */
  readonly edgeBytes: number;
  /** Bytes of its edges' columns left on disk (positions, read back only for counterexamples). */
  readonly edgeDiskBytes: number;
  /** Bytes of the fingerprint index (fingerprint → id) at the end of the build. */
  readonly indexBytes: number;
  readonly seconds: number;
}

/** A property's verdict; a violation carries its lasso. */
export type Verdict<S, A> =
  | { readonly property: string; readonly kind: 'holds' }
  | {
      readonly property: string;
      readonly kind: 'violated';
      readonly lasso: LassoPath;
      /**
       * The stem then the loop: `trace[loopStart]` is the loop's first state and the last state is the same
       * state again, so the behaviour repeats `trace[loopStart..]` forever (with a stuttering loop, `loopStart`
       * is the last index: the behaviour stays in that state).
       */
      readonly trace: Trace<S, A>;
      readonly loopStart: number;
    }
  | {
      readonly property: string;
      readonly kind: 'brokenStep';
      /** The path (path.ts) of the shortest behaviour whose last step breaks the step property. */
      readonly path: readonly number[];
      readonly trace: Trace<S, A>;
    };

export type LivenessResult<S, A> =
  | { readonly kind: 'done'; readonly verdicts: readonly Verdict<S, A>[]; readonly stats: LivenessStats }
  | {
      readonly kind: 'incomplete';
      readonly reason: string;
      readonly distinctStates: number;
      readonly generatedStates: number;
      readonly seconds: number;
    };

/** Checks `properties` on `model` under `fairness` (at most 16 conditions; at most 16 properties). */
export function checkLiveness<S, A>(
  model: Model<S, A>,
  properties: readonly TemporalProperty<S>[],
  fairness: readonly Fairness<A, S>[],
  options: LivenessOptions = {},
  steps: readonly StepProperty<S, A>[] = [],
): LivenessResult<S, A> {
  const started = performance.now();
  const predicates: ((s: S) => boolean)[] = [];
  const bits = properties.map((p) => {
    const pBit = predicates.push(p.p) - 1;
    const qBit = p.kind === 'leadsTo' ? predicates.push(p.q) - 1 : -1;
    return { pBit, qBit };
  });
  const built = buildBehaviourGraph(
    model,
    fairness.map((f) => f.includes),
    predicates,
    options,
    steps,
  );
  const seconds = (): number => (performance.now() - started) / 1000;
  if (built.kind === 'incomplete') {
    return {
      kind: 'incomplete',
      reason: built.reason,
      distinctStates: built.states,
      generatedStates: built.generated,
      seconds: seconds(),
    };
  }
  const graph = built.graph;
  try {
    const masks = fairnessMasks(fairness);
    const verdicts = properties.map((property, k): Verdict<S, A> => {
      const automaton = negationAutomaton(property, bits[k]!.pBit, bits[k]!.qBit);
      const search = searchFairCycles(graph, automaton, masks);
      const lasso = shortestLasso(graph, automaton, masks, search);
      if (lasso === undefined) return { property: property.name, kind: 'holds' };
      return { property: property.name, kind: 'violated', lasso, ...lassoTrace(model, lasso) };
    });
    const stepVerdicts = steps.map((step, k): Verdict<S, A> => {
      const path = shortestBrokenStep(graph, k);
      if (path === undefined) return { property: step.name, kind: 'holds' };
      return { property: step.name, kind: 'brokenStep', path, trace: replayPath(model, path) };
    });
    return { kind: 'done', verdicts: [...verdicts, ...stepVerdicts], stats: statsOf(graph, seconds()) };
  } finally {
    graph.edges.release();
  }
}

/** The weak and strong masks of the fairness conditions, bit k for the k-th. */
export function fairnessMasks(fairness: readonly Pick<Fairness<unknown>, 'strength'>[]): FairnessMasks {
  let weak = 0;
  let strong = 0;
  fairness.forEach((f, k) => {
    if (f.strength === 'weak') weak |= 1 << k;
    else strong |= 1 << k;
  });
  return { weak, strong };
}

/** The behaviour a lasso's positions name, and where its loop starts. */
export function lassoTrace<S, A>(model: Model<S, A>, lasso: LassoPath): { trace: Trace<S, A>; loopStart: number } {
  const stem = replayPath(model, lasso.stem);
  const loop = [...stem];
  for (const position of lasso.loop) {
    const t = model.next(loop[loop.length - 1]!.state)[position];
    if (t === undefined) throw new Error('liveness: a loop step names a successor the model does not have');
    loop.push({ action: t.action, state: t.state });
  }
  return { trace: loop, loopStart: stem.length - 1 };
}

/**
 * The shortest path whose last step breaks step property k while it is armed: breadth-first over (state, armed)
 * pairs, the bit of history the property keeps; the path ends with the breaking step's position.
 */
function shortestBrokenStep(graph: BehaviourGraph, k: number): number[] | undefined {
  const bit = 1 << k;
  const bad = graph.badStep[k]!;
  const nodes = graph.size * 2;
  const parent = new Int32Array(nodes).fill(-2);
  // Per node, the edge it was reached by, or -1 - (the index of its initial state).
  const via = new Int32Array(nodes);
  const queue = new Int32Array(nodes);
  let tail = 0;
  const visit = (node: number, from: number, edge: number): void => {
    if (parent[node] !== -2) return;
    parent[node] = from;
    via[node] = edge;
    queue[tail++] = node;
  };
  graph.initialIds.forEach((s, index) => {
    if (s >= 0) visit(s * 2 + ((graph.arms[s]! & bit) !== 0 ? 1 : 0), -1, -1 - index);
  });
  for (let head = 0; head < tail; head++) {
    const node = queue[head]!;
    const s = node >> 1;
    const armed = (node & 1) === 1;
    if (armed && bad[s]! >= 0) {
      const path = [bad[s]!];
      for (let at = node; at !== -1; at = parent[at]!) {
        const e = via[at]!;
        path.push(e >= 0 ? graph.edgePosition(e) : -1 - e);
      }
      return path.reverse();
    }
    for (let e = graph.edgeStart[s]!, end = graph.edgeStart[s + 1]!; e < end; e++) {
      const t = graph.edgeTarget[e]!;
      const stays = armed && (graph.edgeDisarms[e]! & bit) === 0;
      visit(t * 2 + (stays || (graph.arms[t]! & bit) !== 0 ? 1 : 0), node, e);
    }
  }
  return undefined;
}

function statsOf(graph: BehaviourGraph, seconds: number): LivenessStats {
  return {
    distinctStates: graph.size,
    generatedStates: graph.generated,
    edges: graph.edges.count,
    depth: graph.depth,
    cut: graph.cut,
    deadlocked: graph.deadlocked,
    boundDiscards: graph.boundDiscards,
    graphBytes: graph.bytes,
    edgeBytes: graph.edgeBytes,
    edgeDiskBytes: graph.edgeDiskBytes,
    indexBytes: graph.indexBytes,
    seconds,
  };
}
