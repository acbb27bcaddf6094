/**
 * The liveness checker against a brute-force reference on random small graphs: every subset of states that is
 * strongly connected is a candidate loop (a cycle through all of it, taking every edge inside it, is as fair as
 * any cycle on it can be), and each property's violation is read off the formula directly, with no automaton.
 * Every lasso reported is also checked to be a real, fair, violating behaviour.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { checkLiveness } from '../../checker/liveness/checkLiveness.js';
import type { Fairness, TemporalProperty } from '../../checker/liveness/temporal.js';
import { actionGraphModel, type ActionGraph, type NamedStep } from '../fixtures/models/actionGraph.js';

const N = 5;
const NAMES = ['A', 'B', 'C'];

const graphs = fc.record({
  inits: fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { minLength: 1, maxLength: 2 }),
  edges: fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: N - 1 }), fc.constantFrom(...NAMES)), { maxLength: 3 }), {
    minLength: N,
    maxLength: N,
  }),
});
const fairnessLists = fc.array(fc.tuple(fc.constantFrom('weak', 'strong'), fc.constantFrom(...NAMES)), {
  maxLength: 3,
});
const kinds = fc.constantFrom('eventually', 'infinitelyOften', 'eventuallyAlways', 'leadsTo');
const sets = fc.uniqueArray(fc.integer({ min: 0, max: N - 1 }), { maxLength: N });

type Kind = TemporalProperty<number>['kind'];

function reachableFrom(g: ActionGraph, from: readonly number[], allowed: (x: number) => boolean): Set<number> {
  const seen = new Set(from.filter(allowed));
  const queue = [...seen];
  while (queue.length > 0) {
    const x = queue.shift()!;
    for (const [y] of g.edges[x] ?? []) {
      if (allowed(y) && !seen.has(y)) {
        seen.add(y);
        queue.push(y);
      }
    }
  }
  return seen;
}

/** Whether the loop set `c` (strongly connected through its inner edges) is fair. */
function fairLoop(g: ActionGraph, c: readonly number[], fairness: readonly [string, string][]): boolean {
  const inC = new Set(c);
  const taken = new Set<string>();
  for (const x of c) for (const [y, a] of g.edges[x]!) if (inC.has(y) && y !== x) taken.add(a);
  const enabledAt = (x: number, a: string): boolean => g.edges[x]!.some(([y, b]) => b === a && y !== x);
  return fairness.every(
    ([strength, a]) =>
      taken.has(a) || (strength === 'weak' ? c.some((x) => !enabledAt(x, a)) : c.every((x) => !enabledAt(x, a))),
  );
}

function stronglyConnected(g: ActionGraph, c: readonly number[]): boolean {
  const inC = new Set(c);
  return c.every((x) => {
    const r = reachableFrom(g, [x], (y) => inC.has(y));
    return c.every((y) => r.has(y));
  });
}

function referenceViolated(
  g: ActionGraph,
  kind: Kind,
  p: Set<number>,
  q: Set<number>,
  fairness: readonly [string, string][],
): boolean {
  const all = (): boolean => true;
  const reach = reachableFrom(g, g.inits, all);
  for (let mask = 1; mask < 1 << N; mask++) {
    const c = [...Array(N).keys()].filter((x) => (mask >> x) & 1);
    if (!stronglyConnected(g, c) || !fairLoop(g, c, fairness)) continue;
    const ok = ((): boolean => {
      switch (kind) {
        case 'eventually':
          return c.every((x) => !p.has(x)) && c.some((x) => reachableFrom(g, g.inits, (y) => !p.has(y)).has(x));
        case 'infinitelyOften':
          return c.every((x) => !p.has(x)) && c.some((x) => reach.has(x));
        case 'eventuallyAlways':
          return c.some((x) => !p.has(x)) && c.some((x) => reach.has(x));
        case 'leadsTo': {
          const triggers = [...reach].filter((x) => p.has(x) && !q.has(x));
          const r = reachableFrom(g, triggers, (y) => !q.has(y));
          return c.every((x) => !q.has(x)) && c.some((x) => r.has(x));
        }
      }
    })();
    if (ok) return true;
  }
  return false;
}

test.prop([graphs, kinds, sets, sets, fairnessLists], { numRuns: 400 })(
  'agrees with the brute-force reference, and every lasso is a fair violating behaviour',
  (g, kind, pList, qList, fairnessList) => {
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
    const result = checkLiveness(actionGraphModel(g), [property], fairness);
    if (result.kind !== 'done') throw new Error('incomplete');
    const v = result.verdicts[0]!;
    expect(v.kind === 'violated').toBe(referenceViolated(g, kind, p, q, fairnessList));
    if (v.kind !== 'violated') return;
    // The lasso: a real behaviour whose loop closes, is fair, and violates the property.
    const xs = v.trace.map((s) => s.state);
    expect(g.inits).toContain(xs[0]);
    expect(xs[xs.length - 1]).toBe(xs[v.loopStart]);
    const loop = xs.slice(v.loopStart);
    const loopSet = [...new Set(loop)];
    const takenInLoop = new Set(v.trace.slice(v.loopStart + 1).map((s) => s.action!.name));
    const enabledAt = (x: number, a: string): boolean => g.edges[x]!.some(([y, b]) => b === a && y !== x);
    for (const [strength, a] of fairnessList) {
      if (takenInLoop.has(a)) continue;
      if (strength === 'weak') expect(loopSet.some((x) => !enabledAt(x, a))).toBe(true);
      else expect(loopSet.every((x) => !enabledAt(x, a))).toBe(true);
    }
    switch (kind) {
      case 'eventually':
        expect(xs.some((x) => p.has(x))).toBe(false);
        break;
      case 'infinitelyOften':
        expect(loop.some((x) => p.has(x))).toBe(false);
        break;
      case 'eventuallyAlways':
        expect(loop.some((x) => !p.has(x))).toBe(true);
        break;
      case 'leadsTo': {
        const trigger = xs.findIndex((x, k) => p.has(x) && !q.has(x) && xs.slice(k).every((y) => !q.has(y)));
        expect(trigger).toBeGreaterThanOrEqual(0);
        expect(trigger).toBeLessThanOrEqual(v.loopStart + loop.length);
        expect(loop.some((x) => q.has(x))).toBe(false);
        break;
      }
    }
  },
);
