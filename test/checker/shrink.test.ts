import { describe, expect, it } from 'vitest';
import { check } from '../../checker/bfs.js';
import type { Model } from '../../checker/model.js';
import { shrink } from '../../checker/shrink.js';
import { simulate } from '../../checker/simulate.js';
import type { Trace } from '../../checker/trace.js';
import { boundedCounterModel } from '../fixtures/models/boundedCounter.js';
import { dieHardModel } from '../fixtures/models/dieHard.js';
import { firstBrokenStep } from '../fixtures/tracePath.js';

/** A violating walk of `model` found with `seed`. */
function violatingWalk<S, A>(
  model: Model<S, A>,
  seed: number,
  invariants: string[],
): { trace: Trace<S, A>; invariant: string } {
  const r = simulate(model, { seed, walks: 5000, invariants });
  if (r.kind !== 'violation') throw new Error(`seed ${seed}: expected a violation`);
  return r;
}

/** The first invariant (of `names`) that `state` violates. */
function firstViolated<S, A>(model: Model<S, A>, names: string[], state: S): string | undefined {
  return model.invariants.filter((i) => names.includes(i.name)).find((i) => !i.holds(state))?.name;
}

describe('shrink', () => {
  const model = dieHardModel();
  const invariants = ['BigNotFour'];
  const shortest = (() => {
    const r = check(model, { invariants });
    if (r.kind !== 'violation') throw new Error('DieHard must break BigNotFour');
    return r.trace.length;
  })();

  it('keeps the violated invariant, replays, and never lengthens a walk', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const raw = violatingWalk(model, seed, invariants);
      const { trace } = shrink(model, raw.trace, raw.invariant, { invariants });
      expect(trace.length).toBeLessThanOrEqual(raw.trace.length);
      expect(firstBrokenStep(model, trace)).toBe(-1);
      expect(firstViolated(model, invariants, trace[trace.length - 1]!.state)).toBe('BigNotFour');
      // Only the last state violates: the simulator would have stopped at an earlier one.
      for (const step of trace.slice(0, -1)) expect(firstViolated(model, invariants, step.state)).toBeUndefined();
    }
  });

  it('comes within 2 steps of the shortest counterexample breadth-first search finds (7 states)', () => {
    expect(shortest).toBe(7);
    const lengths: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const raw = violatingWalk(model, seed, invariants);
      lengths.push(shrink(model, raw.trace, raw.invariant, { invariants }).trace.length);
    }
    for (const length of lengths) expect(length).toBeLessThanOrEqual(shortest + 2);
    expect(Math.min(...lengths)).toBe(shortest);
  });

  it('leaves a trace from which no single step can be removed', () => {
    const raw = violatingWalk(model, 5, invariants);
    const { trace } = shrink(model, raw.trace, raw.invariant, { invariants });
    const labels = trace.slice(1).map((s) => s.action!);
    for (let k = 0; k < labels.length - 1; k++) {
      const without = labels.filter((_, j) => j !== k);
      let state = model.initialStates()[0]!;
      let replays = true;
      let violated = false;
      for (const label of without) {
        const t = model.next(state).find((x) => x.action === label);
        if (t === undefined) {
          replays = false;
          break;
        }
        state = t.state;
        if (!model.invariants[1]!.holds(state)) {
          violated = true;
          break;
        }
      }
      expect(replays && violated).toBe(false);
    }
  });

  it('is deterministic: the same walk shrinks to the same trace', () => {
    const raw = violatingWalk(model, 8, invariants);
    const a = shrink(model, raw.trace, raw.invariant, { invariants });
    const b = shrink(model, raw.trace, raw.invariant, { invariants });
    expect(a.trace.map((s) => s.action)).toEqual(b.trace.map((s) => s.action));
  });

  it('keeps a violation one step past a bound, which cannot be shortened', () => {
    const counter = boundedCounterModel();
    const raw = violatingWalk(counter, 1, ['AtMostLimit']);
    const { trace } = shrink(counter, raw.trace, raw.invariant);
    expect(trace.map((s) => s.state)).toEqual([0, 1, 2, 3]);
  });

  it('stops after maxReplays and returns a trace that still violates', () => {
    const raw = violatingWalk(model, 2, invariants);
    const r = shrink(model, raw.trace, raw.invariant, { invariants, maxReplays: 1 });
    expect(r.replays).toBeLessThanOrEqual(1);
    expect(firstViolated(model, invariants, r.trace[r.trace.length - 1]!.state)).toBe('BigNotFour');
  });
});
