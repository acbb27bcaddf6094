import { describe, expect, it } from 'vitest';
import { check, type CheckResult } from '../../checker/bfs.js';
import type { Progress } from '../../checker/reporter.js';
import { addOneOrThreeModel, shortestSteps } from '../fixtures/models/addOneOrThree.js';
import { boundedCounterModel } from '../fixtures/models/boundedCounter.js';
import { diamondModel } from '../fixtures/models/diamond.js';
import { dieHardModel, Jugs } from '../fixtures/models/dieHard.js';
import { severalInitsModel } from '../fixtures/models/severalInits.js';
import { referenceExplore } from '../fixtures/referenceExplorer.js';
import { firstBrokenStep } from '../fixtures/tracePath.js';

/** The parts of a result that must not change between runs (everything but the clock). */
function stable<S, A>(result: CheckResult<S, A>): unknown {
  return { ...result, stats: { ...result.stats, seconds: 0 } };
}

function counts<S, A>(result: CheckResult<S, A>): { distinct: number; generated: number; depth: number } {
  return {
    distinct: result.stats.distinctStates,
    generated: result.stats.generatedStates,
    depth: result.stats.depth,
  };
}

describe('check on a bounded counter', () => {
  it('reports the invariant broken one step past the bound, in x = 3 with 3 distinct states, as TLC does', () => {
    const result = check(boundedCounterModel());
    expect(result.kind).toBe('violation');
    if (result.kind !== 'violation') return;
    expect(result.invariant).toBe('AtMostLimit');
    expect(result.trace.map((s) => s.state)).toEqual([0, 1, 2, 3]);
    expect(result.trace.map((s) => s.action)).toEqual([null, 1, 1, 1]);
    // 0 is generated as the initial state, then 1, 2 and 3 as successors; 3 breaks the bound and is not stored.
    expect(counts(result)).toEqual({ distinct: 3, generated: 4, depth: 4 });
  });

  it('stores the states up to the bound and discards the one successor past it when the invariant holds', () => {
    const result = check(boundedCounterModel({ limit: 10 }));
    expect(result.kind).toBe('ok');
    expect(counts(result)).toEqual({ distinct: 3, generated: 4, depth: 3 });
    expect(result.stats.boundDiscards).toEqual({ Bound: 1 });
    expect(result.stats.actions).toEqual({ Add1: { fired: 3, distinct: 2 } });
    expect(result.stats.queueLeft).toBe(0);
  });

  it('counts every generated successor that breaks a bound against each bound it breaks', () => {
    // In bounds: 0, 1, 2. Successors 3 (from 1 and from 2) break Low; 4 (from 2) breaks Low and High.
    const result = check(boundedCounterModel({ caps: { Low: 2, High: 3 }, steps: [1, 2], limit: 10 }));
    expect(counts(result)).toEqual({ distinct: 3, generated: 7, depth: 2 });
    expect(result.stats.boundDiscards).toEqual({ Low: 3, High: 1 });
    expect(result.stats.actions).toEqual({ Add1: { fired: 3, distinct: 1 }, Add2: { fired: 3, distinct: 1 } });
  });

  it('stops with an incomplete result once maxStates distinct states are stored', () => {
    const full = 5001;
    const result = check(boundedCounterModel({ caps: { Bound: full - 1 }, limit: Infinity }), { maxStates: 2000 });
    expect(result.kind).toBe('incomplete');
    if (result.kind !== 'incomplete') return;
    expect(result.stats.distinctStates).toBeGreaterThanOrEqual(2000);
    expect(result.stats.distinctStates).toBeLessThan(full);
    expect(result.reason).toContain(String(result.stats.distinctStates));
  });

  it('stops a small model exactly at maxStates, and not a model that has fewer states', () => {
    const small = check(boundedCounterModel({ caps: { Bound: 100 }, limit: Infinity }), { maxStates: 10 });
    expect(small.kind).toBe('incomplete');
    expect(small.stats.distinctStates).toBe(10);
    const fewer = check(boundedCounterModel({ caps: { Bound: 8 }, limit: Infinity }), { maxStates: 10 });
    expect(fewer.kind).toBe('ok');
    expect(fewer.stats.distinctStates).toBe(9);
  });

  it('reports depth 1 for a violation in an initial state', () => {
    const result = check(severalInitsModel([2], Infinity, 2));
    expect(result.kind).toBe('violation');
    expect(result.stats.depth).toBe(1);
  });

  it('reports progress through the reporter, with counts that never go down', () => {
    const seen: Progress[] = [];
    const model = boundedCounterModel({ caps: { Bound: 5000 }, limit: Infinity });
    const result = check(model, { reporter: { progress: (p) => seen.push(p) }, progressIntervalMs: 0 });
    expect(seen.length).toBeGreaterThan(0);
    for (const [k, p] of seen.entries()) {
      expect(p.distinctStates).toBeLessThanOrEqual(result.stats.distinctStates);
      expect(p.generatedStates).toBeGreaterThanOrEqual(seen[k - 1]?.generatedStates ?? 0);
    }
  });
});

describe('check on the DieHard jugs', () => {
  it('finds the shortest counterexample to BigNotFour: 7 states from (0, 0), each a successor of the one before', () => {
    const model = dieHardModel();
    const result = check(model, { invariants: ['BigNotFour'] });
    expect(result.kind).toBe('violation');
    if (result.kind !== 'violation') return;
    expect(result.invariant).toBe('BigNotFour');
    expect(result.trace).toHaveLength(7);
    expect(result.trace[0]?.state.equals(new Jugs())).toBe(true);
    expect(result.trace[6]?.state.big).toBe(4);
    expect(firstBrokenStep(model, result.trace)).toBe(-1);
    expect(result.trace.map((s) => s.action)).toEqual([
      null,
      'FillBig',
      'BigToSmall',
      'EmptySmall',
      'BigToSmall',
      'FillBig',
      'BigToSmall',
    ]);
  });

  it('checks every invariant by default and reports the one broken at the smallest depth', () => {
    const result = check(dieHardModel());
    expect(result.kind === 'violation' && result.invariant).toBe('SmallNotTwo');
    expect(result.kind === 'violation' && result.trace.length).toBe(5);
  });

  it('checks only the invariants selected by name, and none when the selection is empty', () => {
    const model = dieHardModel();
    expect(check(model, { invariants: ['BigNotFour'] }).kind).toBe('violation');
    const none = check(model, { invariants: [] });
    expect(none.kind).toBe('ok');
    // 16 reachable jug states, 6 pours enabled in each, plus the initial state; (0, 4) is 8 levels deep.
    expect(counts(none)).toEqual({ distinct: 16, generated: 97, depth: 8 });
  });

  it('throws on an unknown invariant name, naming it', () => {
    expect(() => check(dieHardModel(), { invariants: ['BigNotFour', 'Nope'] })).toThrow(/check: .*'Nope'/);
  });

  it('gives the same result, trace included, when run twice', () => {
    const model = dieHardModel();
    expect(stable(check(model))).toEqual(stable(check(model)));
    expect(stable(check(model, { invariants: [] }))).toEqual(stable(check(model, { invariants: [] })));
  });
});

describe('check on a chain of diamonds', () => {
  it.each([1, 2, 5])('stores each of the %i joins once though it is generated twice', (k) => {
    const result = check(diamondModel(k));
    expect(result.kind).toBe('ok');
    expect(counts(result)).toEqual({ distinct: 3 * k + 1, generated: 4 * k + 1, depth: 2 * k + 1 });
    expect(result.stats.actions).toEqual({
      GoLeft: { fired: k, distinct: k },
      GoRight: { fired: k, distinct: k },
      Join: { fired: 2 * k, distinct: k },
    });
  });
});

describe('check on a model with violations at known depths', () => {
  it.each(Array.from({ length: 14 }, (_, k) => k + 1))(
    'reports a shortest trace to x = %i, not the path that always takes the first action',
    (target) => {
      const model = addOneOrThreeModel([target], target + 3);
      const result = check(model);
      expect(result.kind).toBe('violation');
      if (result.kind !== 'violation') return;
      expect(result.trace).toHaveLength(shortestSteps(target) + 1);
      expect(result.trace.at(-1)?.state).toBe(target);
      expect(firstBrokenStep(model, result.trace)).toBe(-1);
      expect(result.stats.depth).toBe(result.trace.length);
    },
  );

  it('reports the shallower of two violations even when a deeper one is reached first along the first actions', () => {
    // 8 takes 4 steps (3+3+1+1) and 9 takes 3 (3+3+3); always adding 1 would reach 8 first.
    const result = check(addOneOrThreeModel([8, 9], 12));
    expect(result.kind === 'violation' && result.trace.map((s) => s.state)).toEqual([0, 3, 6, 9]);
  });

  it('agrees with the reference explorer on the counts at the moment it stops', () => {
    const model = addOneOrThreeModel([13], 15);
    const result = check(model);
    const reference = referenceExplore(model);
    expect(result.kind).toBe(reference.kind);
    expect(counts(result)).toEqual({
      distinct: reference.distinctStates,
      generated: reference.generatedStates,
      depth: reference.depth,
    });
    // Stopping early means fewer states generated than a full run generates.
    expect(result.stats.generatedStates).toBeLessThan(check(model, { invariants: [] }).stats.generatedStates);
  });
});

describe('check on a model with several initial states', () => {
  it('counts every initial state as generated, duplicates included, and stores each once', () => {
    // Level 1: 3, 1, 2 (the second 1 is a duplicate). Level 2: 2 and 1 again, and 0 from 1.
    const result = check(severalInitsModel([3, 1, 2, 1]));
    expect(counts(result)).toEqual({ distinct: 4, generated: 7, depth: 2 });
  });

  it('neither stores nor explores an initial state that breaks a bound, but counts the discard', () => {
    const result = check(severalInitsModel([5, 1], 3));
    expect(counts(result)).toEqual({ distinct: 2, generated: 3, depth: 2 });
    expect(result.stats.boundDiscards).toEqual({ Cap: 1 });
  });

  it('reports a violating initial state as a one-state trace', () => {
    const result = check(severalInitsModel([3, 1, 2], Infinity, 2));
    expect(result.kind).toBe('violation');
    if (result.kind !== 'violation') return;
    expect(result.trace).toEqual([{ action: null, state: 2 }]);
    expect(result.stats.generatedStates).toBe(3);
  });

  it('starts a trace at the initial state the violation was reached from', () => {
    const model = severalInitsModel([5, 9], 10, 7);
    const result = check(model);
    expect(result.kind === 'violation' && result.trace.map((s) => s.state)).toEqual([9, 8, 7]);
    expect(result.kind === 'violation' && firstBrokenStep(model, result.trace)).toBe(-1);
  });
});
