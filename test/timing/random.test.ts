import { describe, expect, it } from 'vitest';
import { Random, trialSeed } from '../../timing/random.js';

const draws = (r: Random, n: number): number[] => Array.from({ length: n }, () => r.next());

describe('Random', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    expect(draws(new Random(42), 20)).toEqual(draws(new Random(42), 20));
    expect(draws(new Random(42), 20)).not.toEqual(draws(new Random(43), 20));
  });

  it('draws uniformly within [lo, hi): every draw in range, the mean near the middle', () => {
    const r = new Random(1);
    const xs = Array.from({ length: 10_000 }, () => r.uniform(150, 300));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...xs)).toBeLessThan(300);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(225, 0);
  });

  it('gives every trial of a run its own seed', () => {
    const seeds = new Set(Array.from({ length: 1000 }, (_, k) => trialSeed(1, k)));
    expect(seeds.size).toBe(1000);
    expect(trialSeed(1, 0)).not.toBe(trialSeed(2, 0));
  });
});
