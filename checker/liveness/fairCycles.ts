/**
 * The search for fair accepting cycles in the product of the behaviour graph with a property's negation
 * automaton, as TLC's liveness checker does it: strongly connected components, then fairness.
 *
 * A product node is (state, automaton state); every node may stutter, so every component has a cycle. A
 * component C holds a fair accepting cycle (one through all of C) iff
 * - some node of C is accepting;
 * - for each weakly fair family: some edge inside C is one of its steps, or some state of C does not enable it
 *   (a cycle through that state is not continuously enabled);
 * - for each strongly fair family: some edge inside C is one of its steps, or no state of C enables it.
 * When a strong family is enabled in C but never taken inside it, no fair cycle may pass through the states that
 * enable it: they are removed and the components of what remains are examined again (the Streett emptiness
 * check). Weak fairness and acceptance need no such removal (a cycle through all of C meets them if any does).
 * This is sound and complete: a behaviour of the graph satisfies the negation and every fairness condition iff it
 * ends in such a cycle.
 */
import type { BehaviourGraph } from './behaviourGraph.js';
import type { PropertyAutomaton } from './propertyAutomaton.js';

export interface FairnessMasks {
  readonly weak: number;
  readonly strong: number;
}

/** The reachable product, its breadth-first tree, and the fair components found in it. */
export interface ProductSearch {
  readonly k: number;
  /** Reachable product nodes in breadth-first order (so by distance from the initial nodes). */
  readonly order: Int32Array;
  /** Per node, its breadth-first parent node, or -1 for an initial node. */
  readonly parentNode: Int32Array;
  /** Per node, the graph edge from its parent, or for an initial node the index of its initial state. */
  readonly parentEdge: Int32Array;
  /** Per node, the fair component it belongs to (0 for none; components count from 1). */
  readonly fairComponent: Int32Array;
  readonly fairComponents: number;
}

/** Calls `visit(node, edge)` on every product successor of `node` (stutters excepted). */
export function forEachProductSuccessor(
  graph: BehaviourGraph,
  automaton: PropertyAutomaton,
  node: number,
  visit: (next: number, edge: number) => void,
): void {
  const k = automaton.size;
  const s = (node / k) | 0;
  const q = node - s * k;
  for (let e = graph.edgeStart[s]!, end = graph.edgeStart[s + 1]!; e < end; e++) {
    const t = graph.edgeTarget[e]!;
    const l = graph.labels[t]!;
    for (let q2 = 0; q2 < k; q2++) {
      if (automaton.allowed(q2, l) && automaton.step(q, q2, l)) visit(t * k + q2, e);
    }
  }
}

export function searchFairCycles(
  graph: BehaviourGraph,
  automaton: PropertyAutomaton,
  fairness: FairnessMasks,
): ProductSearch {
  const k = automaton.size;
  const nodes = graph.size * k;
  const parentNode = new Int32Array(nodes).fill(-2);
  const parentEdge = new Int32Array(nodes);
  const order = new Int32Array(nodes);
  let reached = 0;
  graph.initialIds.forEach((s, index) => {
    if (s < 0) return;
    const l = graph.labels[s]!;
    for (let q = 0; q < k; q++) {
      const n = s * k + q;
      if (parentNode[n] !== -2 || !automaton.allowed(q, l) || !automaton.initial(q, l)) continue;
      parentNode[n] = -1;
      parentEdge[n] = index;
      order[reached++] = n;
    }
  });
  for (let head = 0; head < reached; head++) {
    const n = order[head]!;
    forEachProductSuccessor(graph, automaton, n, (m, e) => {
      if (parentNode[m] !== -2) return;
      parentNode[m] = n;
      parentEdge[m] = e;
      order[reached++] = m;
    });
  }
  // A view, not a copy: at L9 a copy is 4 bytes a product node more at the peak.
  const reachedOrder = order.subarray(0, reached);
  const fair = findFairComponents(graph, automaton, fairness, reachedOrder);
  return { k, order: reachedOrder, parentNode, parentEdge, ...fair };
}

function findFairComponents(
  graph: BehaviourGraph,
  automaton: PropertyAutomaton,
  fairness: FairnessMasks,
  reachable: Int32Array,
): { fairComponent: Int32Array; fairComponents: number } {
  const k = automaton.size;
  const nodes = graph.size * k;
  // A node takes part in the set being examined when its tag is that set's.
  const tag = new Int32Array(nodes);
  const component = new Int32Array(nodes);
  const fairComponent = new Int32Array(nodes);
  const tarjan = new Tarjan(nodes);
  let tags = 1;
  let components = 0;
  let fairComponents = 0;
  const work: Int32Array[] = [reachable];
  while (work.length > 0) {
    const set = work.pop()!;
    const t = ++tags;
    for (const n of set) tag[n] = t;
    const inSet = (n: number): boolean => tag[n] === t;
    tarjan.run(
      set,
      inSet,
      (v, visit) => {
        forEachProductSuccessor(graph, automaton, v, (m) => {
          visit(m);
        });
      },
      (scc) => {
        const c = ++components;
        for (const n of scc) component[n] = c;
        let accepting = false;
        let taken = 0;
        let enabledSome = 0;
        let enabledAll = 0xffff;
        for (const n of scc) {
          const s = (n / k) | 0;
          const l = graph.labels[s]!;
          if (automaton.accepting(n - s * k, l)) accepting = true;
          enabledSome |= graph.enabled[s]!;
          enabledAll &= graph.enabled[s]!;
          forEachProductSuccessor(graph, automaton, n, (m, e) => {
            if (component[m] === c) taken |= graph.edgeFair[e]!;
          });
        }
        if (!accepting) return;
        const strongUnmet = fairness.strong & ~taken & enabledSome;
        if (strongUnmet !== 0) {
          const rest = scc.filter((n) => (graph.enabled[(n / k) | 0]! & strongUnmet) === 0);
          if (rest.length > 0) work.push(Int32Array.from(rest));
          return;
        }
        if ((fairness.weak & ~taken & enabledAll) !== 0) return;
        fairComponents++;
        for (const n of scc) fairComponent[n] = fairComponents;
      },
    );
  }
  return { fairComponent, fairComponents };
}

/** Iterative Tarjan over a subset of nodes, reusing its arrays from one subset to the next. */
class Tarjan {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;

  constructor(nodes: number) {
    this.index = new Int32Array(nodes);
    this.low = new Int32Array(nodes);
    this.onStack = new Uint8Array(nodes);
  }

  run(
    set: Int32Array,
    inSet: (n: number) => boolean,
    successors: (n: number, visit: (m: number) => void) => void,
    onComponent: (nodes: number[]) => void,
  ): void {
    const { index, low, onStack } = this;
    for (const n of set) index[n] = -1;
    let counter = 0;
    const stack: number[] = [];
    // The call stack: a node and its successors (computed once, on entry), with a cursor into them.
    const calls: { node: number; next: number[]; at: number }[] = [];
    const enter = (n: number): void => {
      index[n] = low[n] = counter++;
      stack.push(n);
      onStack[n] = 1;
      const next: number[] = [];
      successors(n, (m) => {
        if (inSet(m)) next.push(m);
      });
      calls.push({ node: n, next, at: 0 });
    };
    for (const root of set) {
      if (index[root] !== -1) continue;
      enter(root);
      while (calls.length > 0) {
        const call = calls[calls.length - 1]!;
        if (call.at < call.next.length) {
          const m = call.next[call.at++]!;
          if (index[m] === -1) enter(m);
          else if (onStack[m] === 1) low[call.node] = Math.min(low[call.node]!, index[m]!);
          continue;
        }
        calls.pop();
        const v = call.node;
        const parent = calls[calls.length - 1];
        if (parent !== undefined) low[parent.node] = Math.min(low[parent.node]!, low[v]!);
        if (low[v] !== index[v]) continue;
        const scc: number[] = [];
        for (;;) {
          const w = stack.pop()!;
          onStack[w] = 0;
          scc.push(w);
          if (w === v) break;
        }
        onComponent(scc);
      }
    }
  }
}
