/** Witnesses under symmetry reduction judge a step by the successor the model made, not by its renamed form. */
import { expect, test } from 'vitest';
import { check } from '../../checker/bfs.js';
import type { Model } from '../../checker/model.js';
import { withSymmetry, type Symmetry } from '../../checker/symmetry.js';

// A pair (a, b) written as 10a + b; the two places are interchangeable. The one action adds 2 to the first.
const first = (x: number): number => Math.floor(x / 10);
const second = (x: number): number => x % 10;
const pair: Model<number, 'AddTwo'> = {
  initialStates: () => [1],
  next: (x) => (first(x) + 2 <= 3 ? [{ action: 'AddTwo' as const, state: x + 20 }] : []),
  invariants: [],
  bounds: [],
  encode: (x, out) => {
    out.push(x);
  },
  decode: (words) => words[0]!,
  actionName: (a) => a,
  formatAction: (a) => a,
  witnesses: [{ name: 'FirstRoseByTwo', reached: (from, _a, to) => first(to) === first(from) + 2 }],
};
const swap: Symmetry<number> = {
  canonicalize: (x) => Math.min(x, second(x) * 10 + first(x)),
  orbitSize: (x) => (first(x) === second(x) ? 1 : 2),
};

test('a witness that compares places sees the unrenamed successor', () => {
  // (0,1) -> (2,1), whose representative is (1,2): judged on the representative the step would not count.
  const plain = check(pair);
  const reduced = check(withSymmetry(pair, swap));
  expect(plain.stats.witnesses).toEqual({ FirstRoseByTwo: 2 });
  expect(reduced.stats.witnesses).toEqual(plain.stats.witnesses);
});
