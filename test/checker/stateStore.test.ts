import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { FINGERPRINT_WORDS } from '../../checker/fingerprint.js';
import { FingerprintSet } from '../../checker/stateStore.js';

/** A fingerprint as the checker makes them: 4 words, the lowest bit of the last one set. */
function fingerprintOf(words: readonly [number, number, number, number]): Int32Array {
  const [a, b, c, d] = words;
  return Int32Array.of(a, b, c, d | 1);
}

const word = (narrow: boolean): fc.Arbitrary<number> =>
  narrow ? fc.integer({ min: -2, max: 2 }) : fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

/** Lists of fingerprints with many repeats and, with narrow words, many that share a slot or all but one word. */
const fingerprints = fc
  .boolean()
  .chain((narrow) =>
    fc.array(fc.tuple(word(narrow), word(narrow), word(narrow), word(narrow)).map(fingerprintOf), { maxLength: 300 }),
  );

const key = (fp: Int32Array): string => fp.join(',');

describe('FingerprintSet against a naive Set<string>', () => {
  it.prop([fingerprints, fc.integer({ min: 1, max: 8 })])(
    'answers every add as the naive set does, however small it starts',
    (fps, initialCapacity) => {
      const store = new FingerprintSet(initialCapacity);
      const naive = new Set<string>();
      for (const fp of [...fps, ...fps.slice(0, 10)]) {
        const isNew = !naive.has(key(fp));
        naive.add(key(fp));
        expect(store.add(fp)).toBe(isNew);
        expect(store.size).toBe(naive.size);
      }
    },
  );

  it.prop([fingerprints, fc.nat(5)])('reads a fingerprint at an offset in a larger buffer', (fps, pad) => {
    const store = new FingerprintSet(2);
    const naive = new Set<string>();
    const buffer = new Int32Array(pad + fps.length * FINGERPRINT_WORDS);
    fps.forEach((fp, k) => {
      buffer.set(fp, pad + k * FINGERPRINT_WORDS);
    });
    fps.forEach((fp, k) => {
      const isNew = !naive.has(key(fp));
      naive.add(key(fp));
      expect(store.add(buffer, pad + k * FINGERPRINT_WORDS)).toBe(isNew);
    });
    expect(store.size).toBe(naive.size);
  });

  it('keeps 20000 fingerprints through many doublings and holds at least 16 bytes for each', () => {
    // Pseudo-random words from a fixed xorshift sequence: fast to make, and the same on every run.
    let x = 0x2545f491;
    const next = (): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x | 0;
    };
    const fps = Array.from({ length: 20000 }, () => fingerprintOf([next(), next(), next(), next()]));
    const distinct = new Set(fps.map(key)).size;
    const store = new FingerprintSet(1);
    expect(fps.filter((fp) => store.add(fp))).toHaveLength(distinct);
    expect(fps.some((fp) => store.add(fp))).toBe(false);
    expect(store.size).toBe(distinct);
    expect(store.bytes).toBeGreaterThanOrEqual(16 * distinct);
  });
});
