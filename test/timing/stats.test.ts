import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../../timing/stats.js';

describe('summarize', () => {
  it('takes nearest-rank percentiles, so every figure is a measured value', () => {
    const values = Array.from({ length: 100 }, (_, k) => 100 - k); // 100 down to 1
    expect(summarize(values)).toEqual({ mean: 50.5, median: 50, p90: 90, p99: 99, max: 100 });
  });

  it('gives the lower middle value as the median of an even-sized sample', () => {
    expect(summarize([4, 1, 3, 2]).median).toBe(2);
  });

  it('summarizes a single trial as that trial', () => {
    expect(summarize([7])).toEqual({ mean: 7, median: 7, p90: 7, p99: 7, max: 7 });
  });

  it('refuses an empty sample', () => {
    expect(() => percentile([], 50)).toThrow(/empty/);
  });

  test.prop([fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 })])(
    'orders its figures: median <= p90 <= p99 <= max, and the mean lies within the sample',
    (values) => {
      const s = summarize(values);
      expect(s.median).toBeLessThanOrEqual(s.p90);
      expect(s.p90).toBeLessThanOrEqual(s.p99);
      expect(s.p99).toBeLessThanOrEqual(s.max);
      expect(s.max).toBe(Math.max(...values));
      expect(s.mean).toBeGreaterThanOrEqual(Math.min(...values) - 1e-6);
      expect(s.mean).toBeLessThanOrEqual(s.max + 1e-6);
    },
  );
});
