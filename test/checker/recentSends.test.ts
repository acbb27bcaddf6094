import { fc, it } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { RecentSends } from '../../checker/parallel/recentSends.js';

/** A fingerprint as the hash makes them: four words, the last one odd. */
const fingerprint = fc
  .tuple(fc.integer(), fc.integer(), fc.integer(), fc.integer())
  .map(([a, b, c, d]) => Int32Array.of(a | 0, b | 0, c | 0, d | 1));

describe('RecentSends', () => {
  it.prop([fc.array(fingerprint, { maxLength: 500 }), fc.integer({ min: 1, max: 10 })])(
    'answers true only for a fingerprint it was shown before (never a false hit), whatever it forgot',
    (fps, bits) => {
      const recent = new RecentSends(bits);
      const shown = new Set<string>();
      for (const f of [...fps, ...fps]) {
        const key = f.join(',');
        if (recent.seen(f)) expect(shown.has(key)).toBe(true);
        shown.add(key);
      }
    },
  );

  test('remembers the last fingerprint of a slot, and a fingerprint that differs in one word only is new', () => {
    const recent = new RecentSends(4);
    const fp = Int32Array.of(1, 2, 3, 5);
    expect(recent.seen(fp)).toBe(false);
    expect(recent.seen(fp)).toBe(true);
    for (let w = 0; w < 4; w++) {
      const other = fp.slice();
      other[w] = other[w]! + 2;
      // Same slot (word 2's top bits) unless word 2 changed; either way not the same fingerprint.
      expect(recent.seen(other)).toBe(false);
      expect(recent.seen(other)).toBe(true);
    }
  });

  test('forgets a fingerprint when another takes its slot', () => {
    const recent = new RecentSends(1);
    const a = Int32Array.of(1, 1, 0, 1);
    const b = Int32Array.of(2, 2, 1, 3);
    expect(recent.seen(a)).toBe(false);
    expect(recent.seen(b)).toBe(false);
    expect(recent.seen(a)).toBe(false);
    expect(recent.seen(a)).toBe(true);
  });

  test('refuses a size out of range', () => {
    expect(() => new RecentSends(0)).toThrow(/RecentSends: bits must be 1 to 24/);
    expect(() => new RecentSends(25)).toThrow(/RecentSends/);
  });
});
