/** Witnesses, coverage and vacuity on toy models: the generic mechanism, in the one-worker and parallel searches. */
import { fc, it } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { check } from '../../checker/bfs.js';
import { coverageOf } from '../../checker/coverage.js';
import type { Model, Witness } from '../../checker/model.js';
import { addOneOrThreeModel, type Add } from '../fixtures/models/addOneOrThree.js';
import { graphModel, type Edge, type Graph } from '../fixtures/models/graph.js';
import { parallelInProcess } from '../fixtures/parallelInProcess.js';

/** A model over integers, with the one-word encoding the parallel search decodes. */
function withWords<A>(model: Model<number, A>, witnesses: readonly Witness<number, A>[]): Model<number, A> {
  return {
    ...model,
    witnesses,
    encode: (x, out) => {
      out.push(x);
    },
    decode: (words) => words[0]!,
  };
}

/** "A step into state t", one witness per state of the graph. */
function intoEach(n: number): Witness<number, Edge>[] {
  return Array.from({ length: n }, (_, t) => ({ name: `Into${t}`, reached: (_from, _edge, to) => to === t }));
}

/**
 * The expected report, by a plain breadth-first search written here: a step into t from an explored state x (an
 * initial state or a successor within the cap) has x's distance plus one states; the least over all such steps.
 */
function expectedLengths(g: Graph): Record<string, number | null> {
  const n = g.edges.length;
  const dist = new Array<number>(n).fill(0);
  let level = [...new Set(g.inits)].filter((x) => x <= g.cap);
  for (const x of level) dist[x] = 1;
  const into = new Array<number | null>(n).fill(null);
  for (let d = 1; level.length > 0; d++) {
    const next: number[] = [];
    for (const x of level) {
      for (const t of g.edges[x] ?? []) {
        into[t] ??= d + 1;
        if (t <= g.cap && dist[t] === 0) {
          dist[t] = d + 1;
          next.push(t);
        }
      }
    }
    level = next;
  }
  return Object.fromEntries(into.map((length, t) => [`Into${t}`, length]));
}

const graph: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 30 }).chain((n) => {
  const node = fc.nat(n - 1);
  return fc.record({
    inits: fc.array(node, { minLength: 1, maxLength: 3 }),
    edges: fc.array(fc.array(node, { maxLength: 4 }), { minLength: n, maxLength: n }),
    cap: fc.integer({ min: -1, max: n - 1 }),
    bad: fc.uniqueArray(node, { maxLength: 2 }),
  });
});

describe('witnesses', () => {
  it.prop([graph.map((g) => ({ ...g, bad: [] })), fc.integer({ min: 1, max: 4 })], { numRuns: 150 })(
    'report the length of the shortest behaviour that steps into each state, the same for any number of workers',
    async (g, workers) => {
      const model = (): Model<number, Edge> => withWords(graphModel(g), intoEach(g.edges.length));
      const expected = expectedLengths(g);
      expect(check(model()).stats.witnesses).toEqual(expected);
      const many = await parallelInProcess(model as () => Model<unknown, unknown>, workers);
      expect(many.stats.witnesses).toEqual(expected);
    },
  );

  it.prop([graph, fc.integer({ min: 2, max: 4 })], { numRuns: 150 })(
    'agree between one worker and several when a violation cuts the search short',
    async (g, workers) => {
      const model = (): Model<number, Edge> => withWords(graphModel(g), intoEach(g.edges.length));
      const one = check(model());
      const many = await parallelInProcess(model as () => Model<unknown, unknown>, workers);
      expect(many.stats.witnesses).toEqual(one.stats.witnesses);
    },
  );

  test('reached in a level the search did not finish count as not reached', () => {
    // 0 -> 1, 2; 1 -> 3 (bad); 2 -> 4. One worker stops at 3 before it generates 4; the level of both is cut short.
    const g: Graph = { inits: [0], edges: [[1, 2], [3], [4], [], []], cap: 4, bad: [3] };
    const result = check(withWords(graphModel(g), intoEach(5)));
    expect(result.kind).toBe('violation');
    expect(result.stats.witnesses).toEqual({ Into0: null, Into1: 2, Into2: 2, Into3: null, Into4: null });
  });

  test('are asked only on steps of the actions they declare, and never again once reached', () => {
    const asked: number[] = [];
    const threeByAddOne: Witness<number, Add> = {
      name: 'ThreeByAddOne',
      actions: ['AddOne'],
      reached: (from, action, to) => {
        asked.push(from);
        expect(action).toBe('AddOne');
        return to === 3;
      },
    };
    const result = check(withWords(addOneOrThreeModel([], 10), [threeByAddOne]));
    // 0 -> 3 by AddThree does not count; 0 -> 1 -> 2 -> 3 does: four states.
    expect(result.stats.witnesses).toEqual({ ThreeByAddOne: 4 });
    // Asked on the AddOne steps of the levels up to the one that reached it: from 0, then 1 and 3, then from 2.
    expect(asked).toEqual([0, 1, 3, 2]);
  });

  test('are absent from the statistics of a model that has none', () => {
    expect(check(addOneOrThreeModel([], 5)).stats.witnesses).toBeUndefined();
  });
});

describe('coverageOf', () => {
  const model: Model<number, Add> = {
    ...addOneOrThreeModel([], 2),
    actionNames: ['AddOne', 'AddThree', 'AddTwo'],
    invariants: [
      { name: 'SmallWhenAbove', holds: (x) => x < 100, witness: 'Above' },
      { name: 'Nonnegative', holds: (x) => x >= 0, witness: 'Reached1' },
      { name: 'Untagged', holds: () => true },
    ],
    witnesses: [
      { name: 'Above', reached: (_f, _a, to) => to > 50 },
      { name: 'Reached1', reached: (_f, _a, to) => to === 1 },
    ],
  };

  test('lists the declared actions that never fired and the invariants whose witness was not reached', () => {
    const stats = check(model).stats;
    // AddThree fires (its successors break the cap of 2, but they are generated); AddTwo is never offered.
    expect(coverageOf(model, stats)).toEqual({
      neverFired: ['AddTwo'],
      vacuous: [{ invariant: 'SmallWhenAbove', witness: 'Above' }],
    });
  });

  test('considers only the invariants checked, and skips names the model does not hold', () => {
    const stats = check(model, { invariants: ['Nonnegative'] }).stats;
    expect(coverageOf(model, stats, ['Nonnegative', 'SomeUsersOwn']).vacuous).toEqual([]);
  });

  test('claims nothing about vacuity when the run reported no witnesses', () => {
    const stats = { ...check(model).stats };
    delete stats.witnesses;
    expect(coverageOf(model, stats).vacuous).toEqual([]);
  });
});
