/**
 * The behaviour graph's edges on disk (edgeStore.ts) give the same verdicts, lassos and counts as in memory: on
 * random graphs with the edges moving to files from the start, in the middle of the build, or never; and on a
 * small Raft model with a step property (whose counterexample path reads positions back from disk).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLiveness, type LivenessResult } from '../../checker/liveness/checkLiveness.js';
import type { EdgeStoreOptions } from '../../checker/liveness/edgeStore.js';
import type { Fairness, TemporalProperty } from '../../checker/liveness/temporal.js';
import { buildRaftLiveness } from '../../cli/livenessRecipe.js';
import { actionGraphModel, type NamedStep } from '../fixtures/models/actionGraph.js';

const N = 8;
const NAMES = ['A', 'B', 'C'];
const workDir = mkdtempSync(join(tmpdir(), 'raft-check-edges-test-'));
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

const graphs = fc.record({
  inits: fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: 1, maxLength: 2 }),
  edges: fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: N - 1 }), fc.constantFrom(...NAMES)), { maxLength: 4 }), {
    minLength: N,
    maxLength: N,
  }),
});
const fairnessLists = fc.array(fc.tuple(fc.constantFrom('weak', 'strong'), fc.constantFrom(...NAMES)), {
  maxLength: 3,
});
const kinds = fc.constantFrom('eventually', 'infinitelyOften', 'eventuallyAlways', 'leadsTo');
const sets = fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { maxLength: N });

/** What a run decides, without its timing and memory figures. */
function decided<S, A>(r: LivenessResult<S, A>): unknown {
  if (r.kind !== 'done') throw new Error('incomplete');
  const s = r.stats;
  const counts = [s.distinctStates, s.generatedStates, s.edges, s.depth, s.cut, s.deadlocked, s.boundDiscards];
  return { verdicts: r.verdicts, counts };
}

test.prop([graphs, kinds, sets, sets, fairnessLists, fc.integer({ min: 0, max: 6 })], { numRuns: 200 })(
  'random graphs: the same verdicts and lassos whether the edges stay in memory, go to disk at once or midway',
  (g, kind, pList, qList, fairnessList, spillAt) => {
    const p = new Set(pList);
    const q = new Set(qList);
    const property: TemporalProperty<number> =
      kind === 'leadsTo'
        ? { name: 'L', kind, p: (x) => p.has(x), q: (x) => q.has(x) }
        : { name: 'L', kind, p: (x) => p.has(x) };
    const fairness: Fairness<NamedStep>[] = fairnessList.map(([strength, a]) => ({
      name: a,
      strength,
      includes: (s) => s.name === a,
    }));
    const run = (edges: EdgeStoreOptions): LivenessResult<number, NamedStep> =>
      checkLiveness(actionGraphModel(g), [property], fairness, { edges });
    const inMemory = run({ inMemory: 2 ** 31 });
    const midway = run({ inMemory: spillAt, workDir });
    const fromStart = run({ workDir });
    expect(decided(midway)).toEqual(decided(inMemory));
    expect(decided(fromStart)).toEqual(decided(inMemory));
    if (inMemory.kind !== 'done' || fromStart.kind !== 'done') return;
    // On disk, only the positions stay there (2 bytes an edge); the files are gone once the run is over.
    expect(fromStart.stats.edgeDiskBytes).toBe(2 * fromStart.stats.edges);
    expect(inMemory.stats.edgeDiskBytes).toBe(0);
    expect(readdirSync(workDir)).toEqual([]);
  },
);

describe('edges on disk, on a Raft model', () => {
  it('gives the same verdicts, lassos and counterexample paths as in memory, with less memory', async () => {
    const problem = await buildRaftLiveness({
      config: {
        servers: 2,
        values: 1,
        maxTerm: 3,
        maxLogLen: 0,
        maxCopies: 1,
        maxInFlight: 1,
        restart: false,
        duplicate: false,
        drop: false,
      },
      bugs: [],
      properties: ['EventuallyStableLeader', 'LeaderNotDisrupted'],
      invariantFiles: [],
      fairness: ['Deliver', 'Send', 'Timeout', 'BecomeLeader'].map((family) => ({ strength: 'weak', family })),
      relativeTerms: true,
    });
    const run = (edges: EdgeStoreOptions): LivenessResult<Int32Array, number> =>
      checkLiveness(problem.model, problem.properties, problem.fairness, { edges }, problem.steps ?? []);
    const inMemory = run({ inMemory: 2 ** 31 });
    const onDisk = run({ workDir });
    expect(decided(onDisk)).toEqual(decided(inMemory));
    if (inMemory.kind !== 'done' || onDisk.kind !== 'done') throw new Error('incomplete');
    // Something to compare: a lasso with a loop of steps (the split vote) and a broken step among the verdicts.
    const lasso = inMemory.verdicts.find((v) => v.kind === 'violated');
    expect(lasso?.kind === 'violated' ? lasso.lasso.loop.length : 0).toBeGreaterThan(0);
    expect(inMemory.verdicts.map((v) => v.kind)).toContain('brokenStep');
    expect(onDisk.stats.edgeBytes).toBeLessThan(inMemory.stats.edgeBytes);
    expect(readdirSync(workDir)).toEqual([]);
  });
});
