import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { toFlat } from '../../../spec/raft/codec.js';
import { Layout } from '../../../spec/raft/layout.js';
import { ServerSymmetry } from '../../../spec/raft/symmetry.js';
import { anyCluster } from '../../fixtures/schemaArbitraries.js';

const cases = fc
  .integer({ min: 1, max: 4 })
  .chain((n) =>
    fc.tuple(
      fc.constant(new Layout(n, 2)),
      anyCluster(n, 2),
      fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
    ),
  );

const words = (a: Int32Array): number[] => [...a];

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  const k = a.findIndex((w, i) => w !== b[i]);
  return k >= 0 && a[k]! < b[k]!;
}

describe('the canonical form under server renaming', () => {
  test.prop([cases])('is the same for every renaming of a state', ([L, s, p]) => {
    const sym = new ServerSymmetry(L);
    const flat = toFlat(L, s);
    const renamed = new Int32Array(flat.length);
    sym.rename(flat, Int32Array.from(p), renamed);
    expect(words(sym.canonicalize(renamed))).toEqual(words(sym.canonicalize(flat)));
  });

  test.prop([cases])('is itself a renaming of the state, and no renaming is smaller', ([L, s]) => {
    const sym = new ServerSymmetry(L);
    const flat = toFlat(L, s);
    const canon = words(sym.canonicalize(flat));
    const all: number[][] = [];
    const perm = (prefix: number[]): void => {
      if (prefix.length === L.servers) {
        const out = new Int32Array(flat.length);
        sym.rename(flat, Int32Array.from(prefix), out);
        all.push(words(out));
        return;
      }
      for (let j = 0; j < L.servers; j++) if (!prefix.includes(j)) perm([...prefix, j]);
    };
    perm([]);
    expect(all).toContainEqual(canon);
    const least = all.reduce((a, b) => (lexLess(b, a) ? b : a));
    expect(canon).toEqual(least);
  });
});
