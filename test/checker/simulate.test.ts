import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../checker/model.js';
import { replayPath } from '../../checker/path.js';
import { hashString, mixSeed, Random } from '../../checker/random.js';
import {
  mergeStats,
  runWalk,
  simulate,
  swarmWeight,
  type SimulateResult,
  type SimulateStats,
} from '../../checker/simulate.js';
import { boundedCounterModel } from '../fixtures/models/boundedCounter.js';
import { diamondModel } from '../fixtures/models/diamond.js';
import { dieHardModel } from '../fixtures/models/dieHard.js';
import { firstBrokenStep } from '../fixtures/tracePath.js';

/** The parts of a result that do not depend on the clock. */
function timeless<S, A>(r: SimulateResult<S, A>): unknown {
  const stats: Partial<SimulateStats> = { ...r.stats };
  delete stats.seconds;
  delete stats.stepsPerSecond;
  return { ...r, stats };
}

describe('Random', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    const draw = (seed: number): number[] => {
      const r = new Random(seed);
      return Array.from({ length: 8 }, () => r.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 1000 })])(
    'below(n) stays in [0, n) and nextFloat in [0, 1)',
    (seed, n) => {
      const r = new Random(seed);
      for (let k = 0; k < 50; k++) {
        const x = r.below(n);
        expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true);
        const f = r.nextFloat();
        expect(f >= 0 && f < 1).toBe(true);
      }
    },
  );

  it('derives distinct walk seeds from one run seed', () => {
    const seeds = new Set(Array.from({ length: 10_000 }, (_, w) => mixSeed(1, w)));
    expect(seeds.size).toBe(10_000);
    expect(hashString('Timeout')).not.toBe(hashString('Restart'));
  });
});

describe('swarmWeight', () => {
  test.prop([fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.string()])(
    'lies between 1/64 and 1 and depends only on the walk seed and the action name',
    (walkSeed, name) => {
      const w = swarmWeight(walkSeed, name);
      expect(w).toBeGreaterThan(1 / 64);
      expect(w).toBeLessThanOrEqual(1);
      expect(swarmWeight(walkSeed, name)).toBe(w);
    },
  );
});

describe('simulate', () => {
  it('finds the DieHard violation and reports a walk that replays to it', () => {
    const model = dieHardModel();
    const r = simulate(model, { seed: 1, walks: 1000, invariants: ['BigNotFour'] });
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.invariant).toBe('BigNotFour');
    expect(firstBrokenStep(model, r.trace)).toBe(-1);
    expect(r.trace[r.trace.length - 1]!.state.big).toBe(4);
    expect(replayPath(model, r.path).map((s) => s.state)).toEqual(r.trace.map((s) => s.state));
  });

  it('gives the same result for the same seed, swarm or uniform', () => {
    for (const uniform of [false, true]) {
      const run = (): unknown => timeless(simulate(dieHardModel(), { seed: 7, walks: 300, uniform }));
      expect(run()).toEqual(run());
    }
  });

  it('walks differently under another seed', () => {
    const run = (seed: number): SimulateStats => simulate(dieHardModel(), { seed, walks: 50, invariants: [] }).stats;
    expect(run(1).actions).not.toEqual(run(2).actions);
  });

  it('replays any walk of a run alone with runWalk', () => {
    const model = dieHardModel();
    const r = simulate(model, { seed: 3, walks: 1000, invariants: ['BigNotFour'] });
    if (r.kind !== 'violation') throw new Error('expected a violation');
    const alone = runWalk(model, 3, r.walk, {});
    expect(alone.invariant).toBe('BigNotFour');
    expect(alone.path).toEqual(r.path);
  });

  it('checks a successor past a bound without taking it, as the checker does', () => {
    // x <= 2 is a bound and the invariant: the walk reaches 2 and its successor 3 is the violation.
    const r = simulate(boundedCounterModel(), { seed: 1, walks: 1 });
    expect(r.kind).toBe('violation');
    if (r.kind === 'violation') expect(r.trace.map((s) => s.state)).toEqual([0, 1, 2, 3]);
    // With x <= 3 allowed, every walk stops at 2: its only successor breaks the bound.
    const ok = simulate(boundedCounterModel({ limit: 3 }), { seed: 1, walks: 10 });
    expect(ok.kind).toBe('ok');
    expect(ok.stats).toMatchObject({ walks: 10, steps: 20, deadEnds: 10, boundHits: 10, distinctStates: 3 });
  });

  it('never takes a successor equal to its state (a stutter)', () => {
    // Filling a full jug changes nothing; no step of any walk repeats a state.
    const model = dieHardModel();
    for (let walk = 0; walk < 50; walk++) {
      const { trace } = runWalk(model, 11, walk, { maxDepth: 30 });
      for (let k = 1; k < trace.length; k++) expect(trace[k]!.state.equals(trace[k - 1]!.state)).toBe(false);
    }
  });

  it('counts distinct states by fingerprint: walks through a chain of diamonds see all 3k+1', () => {
    const r = simulate(diamondModel(4), { seed: 5, walks: 200 });
    expect(r.kind).toBe('ok');
    expect(r.stats.distinctStates).toBe(13);
    expect(r.stats.steps).toBe(200 * 8);
    const { GoLeft = 0, GoRight = 0, Join } = r.stats.actions;
    expect([GoLeft + GoRight, Join]).toEqual([800, 800]);
    expect(GoLeft).toBeGreaterThan(0);
    expect(GoRight).toBeGreaterThan(0);
  });

  it('stops each walk at the maximum depth', () => {
    const r = simulate(dieHardModel(), { seed: 2, walks: 20, maxDepth: 5, invariants: [] });
    expect(r.stats.steps).toBeLessThanOrEqual(100);
    expect(r.stats.steps + 5 * r.stats.deadEnds).toBeGreaterThanOrEqual(100);
  });

  it('runs for a time budget when given seconds instead of walks', () => {
    const r = simulate(diamondModel(3), { seed: 1, seconds: 0.05 });
    expect(r.kind).toBe('ok');
    expect(r.stats.walks).toBeGreaterThan(0);
    expect(r.stats.seconds).toBeLessThan(1);
  });
});

describe('splitting walks among runs (workers)', () => {
  const split = <S, A>(model: Model<S, A>, seed: number, walks: number, parts: number): SimulateResult<S, A>[] => {
    let lowest = Infinity;
    return Array.from({ length: parts }, (_, first) => {
      const r = simulate(model, {
        seed,
        walks,
        firstWalk: first,
        walkStride: parts,
        collectFingerprints: true,
        lowestViolation: () => lowest,
      });
      if (r.kind === 'violation') lowest = Math.min(lowest, r.walk);
      return r;
    });
  };

  it('adds up to the single run: walks, steps, actions and the union of distinct states', () => {
    const model = dieHardModel();
    const whole = simulate(model, { seed: 9, walks: 400, invariants: [] });
    const parts = split({ ...model, invariants: [] }, 9, 400, 3);
    const merged = mergeStats(
      parts.map((p) => p.stats),
      1,
    );
    expect(merged).toMatchObject({
      walks: whole.stats.walks,
      steps: whole.stats.steps,
      generated: whole.stats.generated,
      distinctStates: whole.stats.distinctStates,
      actions: whole.stats.actions,
    });
  });

  it('finds the violation of the lowest walk index, as the single run does', () => {
    const model = dieHardModel();
    const whole = simulate(model, { seed: 4, walks: 2000, invariants: ['BigNotFour'] });
    if (whole.kind !== 'violation') throw new Error('expected a violation');
    const parts = split({ ...model, invariants: model.invariants.filter((i) => i.name === 'BigNotFour') }, 4, 2000, 4);
    const walks = parts.flatMap((p) => (p.kind === 'violation' ? [p.walk] : []));
    expect(Math.min(...walks)).toBe(whole.walk);
  });
});
