import { fc, it } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { check, type CheckResult } from '../../checker/bfs.js';
import type { Model } from '../../checker/model.js';
import type { ParallelOutcome } from '../../checker/parallel/coordinator.js';
import { addOneOrThreeModel } from '../fixtures/models/addOneOrThree.js';
import { graphModel, type Graph } from '../fixtures/models/graph.js';
import { parallelInProcess } from '../fixtures/parallelInProcess.js';

/** A model over integers, with the one-word encoding the parallel search decodes. */
function withIntegerWords<A>(model: Model<number, A>): Model<number, A> {
  return {
    ...model,
    encode: (x, out) => {
      out.push(x);
    },
    decode: (words) => words[0]!,
  };
}

/** Random graphs of up to 40 states and 5 edges a state: levels wide enough to spread over several workers. */
const graph: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 40 }).chain((n) => {
  const node = fc.nat(n - 1);
  return fc.record({
    inits: fc.array(node, { minLength: 1, maxLength: 4 }),
    edges: fc.array(fc.array(node, { maxLength: 5 }), { minLength: n, maxLength: n }),
    cap: fc.integer({ min: -1, max: n - 1 }),
    bad: fc.uniqueArray(node, { maxLength: 2 }),
  });
});

/** What must not depend on the number of workers. */
function essentials(r: CheckResult<unknown, unknown> | ParallelOutcome): unknown {
  const s = r.stats;
  return {
    kind: r.kind,
    depth: s.depth,
    ...(r.kind === 'violation' ? { invariant: r.invariant, path: r.path } : {}),
    // At a violation too: the workers count only what one worker counts before it stops, however far they got.
    generated: s.generatedStates,
    fired: Object.entries(s.actions).map(([name, a]) => [name, a.fired]),
    boundDiscards: s.boundDiscards,
    // (bfs.ts counts at a violation the states it stored in the level so far; the parallel search, those ranked.)
    ...(r.kind === 'ok' ? { distinct: s.distinctStates, actions: Object.entries(s.actions) } : {}),
  };
}

describe('the parallel search (workers in one thread)', () => {
  it.prop(
    [graph, fc.integer({ min: 1, max: 5 }), fc.infiniteStream(fc.nat()), fc.option(fc.integer({ min: 1, max: 6 }))],
    { numRuns: 200 },
  )(
    'gives one worker’s verdict, counts, action order and counterexample path, whatever the workers’ timing and the levels’ slices',
    async (g, workers, randomness, slice) => {
      const model = (): Model<number, unknown> => withIntegerWords(graphModel(g)) as Model<number, unknown>;
      const one = check(model());
      const order = Array.from({ length: workers }, (_, k) => k).sort(() => (randomness.next().value % 3) - 1);
      const many = await parallelInProcess(model, workers, {
        order,
        ...(slice === null ? {} : { sliceParents: slice }),
      });
      expect(essentials(many)).toEqual(essentials(one));
    },
  );

  test('a level cut in slices of one parent gives the counts and counterexample of the whole level', async () => {
    const model = (): Model<number, unknown> =>
      withIntegerWords(addOneOrThreeModel([3, 4, 6], 12)) as Model<number, unknown>;
    const whole = await parallelInProcess(model, 3);
    const sliced = await parallelInProcess(model, 3, { sliceParents: 1 });
    expect(essentials(sliced)).toEqual(essentials(whole));
    const free = (): Model<number, unknown> => withIntegerWords(addOneOrThreeModel([], 60)) as Model<number, unknown>;
    expect(essentials(await parallelInProcess(free, 2, { sliceParents: 1 }))).toEqual(essentials(check(free())));
  });

  test('picks the violation one worker picks among several at the same depth', async () => {
    // 3 = 1+1+1 = 3 and 4 = 1+3 = 3+1 are both reachable; one worker meets 3 (via AddThree at depth 2) first.
    const model = (): Model<number, unknown> =>
      withIntegerWords(addOneOrThreeModel([3, 4, 6], 12)) as Model<number, unknown>;
    const one = check(model());
    expect(one.kind).toBe('violation');
    for (const workers of [2, 3, 4]) {
      for (const order of [[...Array(workers).keys()], [...Array(workers).keys()].reverse()]) {
        const many = await parallelInProcess(model, workers, { order });
        expect(essentials(many)).toEqual(essentials(one));
      }
    }
  });

  test('reports a violating initial state as a path of one step', async () => {
    const model = (): Model<number, unknown> =>
      withIntegerWords(graphModel({ inits: [0, 1, 2], edges: [[], [], []], cap: 2, bad: [1, 2] })) as Model<
        number,
        unknown
      >;
    const many = await parallelInProcess(model, 3);
    expect(many).toMatchObject({ kind: 'violation', path: [1], stats: { depth: 1 } });
  });

  test('stops at the end of the level where --max-states is reached', async () => {
    const model = (): Model<number, unknown> =>
      withIntegerWords(addOneOrThreeModel([], 1000)) as Model<number, unknown>;
    const many = await parallelInProcess(model, 2, { maxStates: 50 });
    expect(many.kind).toBe('incomplete');
    expect(many.stats.distinctStates).toBeGreaterThanOrEqual(50);
    expect(many.stats.distinctStates).toBeLessThan(60);
  });

  test('refuses a model without decode', async () => {
    const model = (): Model<number, unknown> =>
      graphModel({ inits: [0], edges: [[]], cap: 0, bad: [] }) as Model<number, unknown>;
    await expect(parallelInProcess(model, 2)).rejects.toThrow(/decode/);
  });
});
