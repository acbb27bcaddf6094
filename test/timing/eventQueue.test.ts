import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../timing/eventQueue.js';

describe('EventQueue', () => {
  it('is empty when nothing was scheduled', () => {
    expect(new EventQueue<string>().pop()).toBeUndefined();
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 })])(
    'pops events earliest first, and same-time events in the order they were pushed',
    (times) => {
      const queue = new EventQueue<number>();
      times.forEach((t, k) => {
        queue.push(t, k);
      });
      const popped: number[] = [];
      for (let e = queue.pop(); e !== undefined; e = queue.pop()) popped.push(e.event);
      const expected = times.map((t, k) => ({ t, k })).sort((a, b) => a.t - b.t || a.k - b.k);
      expect(popped).toEqual(expected.map((e) => e.k));
    },
  );
});
