/**
 * A counterexample to a temporal property as a lasso: the stem, a shortest path from an initial state to a
 * node of a fair accepting component (the first such node in breadth-first order, so no violation has a shorter
 * stem), and the loop, a cycle inside that component from the stem's last node back to it that meets every
 * fairness condition and acceptance (fairCycles.ts): it goes through, in turn, a step of each fair family taken
 * inside the component (or a state that disables it), and an accepting node, each by a shortest path from where
 * it stands. A loop with no step is stuttering: the behaviour stays in the stem's last state forever.
 */
import type { BehaviourGraph } from './behaviourGraph.js';
import { forEachProductSuccessor, type FairnessMasks, type ProductSearch } from './fairCycles.js';
import type { PropertyAutomaton } from './propertyAutomaton.js';

/** A lasso as positions, as the safety search records paths (path.ts). */
export interface LassoPath {
  /** The initial state's index, then the position of each step's successor: ends at the loop's first state. */
  readonly stem: readonly number[];
  /** Successor positions from the loop's first state back to it; empty for stuttering. */
  readonly loop: readonly number[];
}

/** The lasso with the shortest stem, or undefined when the search found no fair component. */
export function shortestLasso(
  graph: BehaviourGraph,
  automaton: PropertyAutomaton,
  fairness: FairnessMasks,
  search: ProductSearch,
): LassoPath | undefined {
  const entry = search.order.find((n) => search.fairComponent[n]! > 0);
  if (entry === undefined) return undefined;
  const stem: number[] = [];
  let at = entry;
  for (; search.parentNode[at]! >= 0; at = search.parentNode[at]!)
    stem.push(graph.edgePosition(search.parentEdge[at]!));
  stem.push(search.parentEdge[at]!);
  stem.reverse();
  return { stem, loop: fairLoop(graph, automaton, fairness, search, entry) };
}

function fairLoop(
  graph: BehaviourGraph,
  automaton: PropertyAutomaton,
  fairness: FairnessMasks,
  search: ProductSearch,
  entry: number,
): number[] {
  const k = automaton.size;
  const c = search.fairComponent[entry]!;
  const inside = (n: number): boolean => search.fairComponent[n] === c;
  const stateOf = (n: number): number => (n / k) | 0;
  const loop: number[] = [];
  let here = entry;
  let taken = 0;
  let disabledSeen = 0;
  // Set by `note`, which the compiler does not follow into.
  let accepted = false as boolean;
  const note = (n: number): void => {
    const s = stateOf(n);
    disabledSeen |= ~graph.enabled[s]! & 0xffff;
    if (automaton.accepting(n - s * k, graph.labels[s]!)) accepted = true;
  };
  const walk = (edges: readonly number[], nodes: readonly number[]): void => {
    edges.forEach((e, i) => {
      loop.push(graph.edgePosition(e));
      taken |= graph.edgeFair[e]!;
      note(nodes[i]!);
    });
    if (nodes.length > 0) here = nodes[nodes.length - 1]!;
  };
  note(entry);
  const families = fairness.weak | fairness.strong;
  for (let f = 0; f < 16; f++) {
    const bit = 1 << f;
    if ((families & bit) === 0 || (taken & bit) !== 0) continue;
    // A weak family may be met by a state that disables it; a strong one (inside a fair component) is either
    // taken inside it or enabled nowhere in it.
    if ((fairness.weak & bit) !== 0 && (disabledSeen & bit) !== 0) continue;
    const byStep = pathWithin(graph, automaton, here, inside, (n, visit) => {
      forEachProductSuccessor(graph, automaton, n, (m, e) => {
        if (inside(m) && (graph.edgeFair[e]! & bit) !== 0) visit(m, e);
      });
    });
    if (byStep !== undefined) {
      walk(byStep.edges, byStep.nodes);
      continue;
    }
    if ((fairness.weak & bit) === 0) continue;
    const byState = pathWithin(graph, automaton, here, inside, (n, visit) => {
      if ((graph.enabled[stateOf(n)]! & bit) === 0) visit(-1, -1);
    });
    if (byState !== undefined) walk(byState.edges, byState.nodes);
  }
  if (!accepted) {
    const toAccepting = pathWithin(graph, automaton, here, inside, (n, visit) => {
      const s = stateOf(n);
      if (automaton.accepting(n - s * k, graph.labels[s]!)) visit(-1, -1);
    });
    if (toAccepting !== undefined) walk(toAccepting.edges, toAccepting.nodes);
  }
  if (here !== entry) {
    const back = pathWithin(graph, automaton, here, inside, (n, visit) => {
      if (n === entry) visit(-1, -1);
    });
    if (back === undefined) throw new Error('liveness: a fair component is not strongly connected (cannot happen)');
    walk(back.edges, back.nodes);
  }
  return loop;
}

/**
 * A shortest path inside the component from `from` to a goal: `goal(n, visit)` calls `visit(-1, -1)` when n
 * itself is one, or `visit(m, e)` for each final edge e to m that ends one. The edges and the nodes they reach.
 */
function pathWithin(
  graph: BehaviourGraph,
  automaton: PropertyAutomaton,
  from: number,
  inside: (n: number) => boolean,
  goal: (n: number, visit: (m: number, e: number) => void) => void,
): { edges: number[]; nodes: number[] } | undefined {
  const parent = new Map<number, { node: number; edge: number }>();
  parent.set(from, { node: -1, edge: -1 });
  const queue = [from];
  const pathTo = (n: number): { edges: number[]; nodes: number[] } => {
    const edges: number[] = [];
    const nodes: number[] = [];
    for (let at = n; at !== from; at = parent.get(at)!.node) {
      edges.push(parent.get(at)!.edge);
      nodes.push(at);
    }
    return { edges: edges.reverse(), nodes: nodes.reverse() };
  };
  for (let head = 0; head < queue.length; head++) {
    const n = queue[head]!;
    let found: { m: number; e: number } | undefined;
    goal(n, (m, e) => (found ??= { m, e }));
    if (found !== undefined) {
      const path = pathTo(n);
      if (found.e >= 0) {
        path.edges.push(found.e);
        path.nodes.push(found.m);
      }
      return path;
    }
    forEachProductSuccessor(graph, automaton, n, (m, e) => {
      if (!inside(m) || parent.has(m)) return;
      parent.set(m, { node: n, edge: e });
      queue.push(m);
    });
  }
  return undefined;
}
