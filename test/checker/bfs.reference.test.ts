import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { check } from '../../checker/bfs.js';
import { graphModel, type Graph } from '../fixtures/models/graph.js';
import { referenceExplore } from '../fixtures/referenceExplorer.js';
import { firstBrokenStep } from '../fixtures/tracePath.js';

/** Random graphs of up to 8 states, with a random bound and random bad states. */
const graph: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 8 }).chain((n) => {
  const node = fc.nat(n - 1);
  return fc.record({
    inits: fc.array(node, { minLength: 1, maxLength: 3 }),
    edges: fc.array(fc.array(node, { maxLength: 4 }), { minLength: n, maxLength: n }),
    cap: fc.integer({ min: -1, max: n - 1 }),
    bad: fc.uniqueArray(node, { maxLength: 2 }),
  });
});

describe('check against a naive reference explorer', () => {
  it.prop([graph])('finds the same counts, verdict and trace on random graphs', (g) => {
    const model = graphModel(g);
    const result = check(model);
    const reference = referenceExplore(model);
    expect({
      kind: result.kind,
      distinct: result.stats.distinctStates,
      generated: result.stats.generatedStates,
      depth: result.stats.depth,
    }).toEqual({
      kind: reference.kind,
      distinct: reference.distinctStates,
      generated: reference.generatedStates,
      depth: reference.depth,
    });
    if (result.kind === 'violation') {
      expect(result.trace.map((s) => s.state)).toEqual(reference.trace);
      expect(firstBrokenStep(model, result.trace)).toBe(-1);
    }
  });

  it.prop([graph])('finds the same counts on random graphs when no invariant is checked', (g) => {
    const model = graphModel(g);
    const result = check(model, { invariants: [] });
    const reference = referenceExplore(model, []);
    expect(result.kind).toBe('ok');
    expect([result.stats.distinctStates, result.stats.generatedStates, result.stats.depth]).toEqual([
      reference.distinctStates,
      reference.generatedStates,
      reference.depth,
    ]);
  });
});
