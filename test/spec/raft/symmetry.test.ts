import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { fromFlat, toFlat } from '../../../spec/raft/codec.js';
import { Layout } from '../../../spec/raft/layout.js';
import { initialState } from '../../../spec/raft/state.js';
import { ServerSymmetry, valueSymmetry } from '../../../spec/raft/symmetry.js';
import { flatOf } from '../../../spec/raft/values.js';
import { anyCluster } from '../../fixtures/schemaArbitraries.js';

const VARIANT_SETS = [[], ['prevote'], ['check-quorum'], ['check-quorum', 'prevote']];

const shape = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc.tuple(
    fc.constantFrom(...VARIANT_SETS),
    fc.array(fc.tuple(fc.boolean(), fc.nat(2 ** n - 1)), { minLength: n, maxLength: n }),
    fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
    // Any state of the schema, or the initial one with some terms raised: servers alike, so that renamings
    // fix the state and orbits are smaller than n!.
    fc.oneof(
      anyCluster(n, 2).map((cluster) => ({ cluster, alike: false })),
      fc.array(fc.integer({ min: 1, max: 2 }), { minLength: n, maxLength: n }).map((terms) => ({
        cluster: initialState(n).update('servers', (servers) => servers.map((v, i) => v.set('currentTerm', terms[i]!))),
        alike: true,
      })),
    ),
  ),
);

/** A flat state of any shape, the variants' variables included (at random, but for servers kept alike). */
const states = shape.map(([variants, variantWords, p, { cluster, alike }]) => {
  const L = new Layout(cluster.servers.size, 2, variants);
  const flat = toFlat(L, cluster);
  variantWords.forEach(([heard, quorum], i) => {
    if (alike) return;
    if (variants.includes('prevote')) flat[L.base(i) + L.offset.heardFromLeader] = heard ? 1 : 0;
    if (variants.includes('check-quorum')) flat[L.base(i) + L.offset.quorumHeard] = quorum;
  });
  return { L, flat, p: Int32Array.from(p) };
});

const words = (L: Layout, a: Int32Array): number[] => [...a.subarray(0, L.length(a))];

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  const k = a.findIndex((w, i) => w !== b[i]);
  return k >= 0 && a[k]! < b[k]!;
}

/** Every renaming of `flat`, by brute force. */
function allRenamings(L: Layout, sym: ServerSymmetry, flat: Int32Array): number[][] {
  const all: number[][] = [];
  const perm = (prefix: number[]): void => {
    if (prefix.length === L.servers) {
      const out = new Int32Array(flat.length);
      sym.rename(flat, Int32Array.from(prefix), out);
      all.push(words(L, out));
      return;
    }
    for (let j = 0; j < L.servers; j++) if (!prefix.includes(j)) perm([...prefix, j]);
  };
  perm([]);
  return all;
}

describe('the canonical form under server renaming', () => {
  test.prop([states])('is the same for every renaming of a state, variants included', ({ L, flat, p }) => {
    const sym = new ServerSymmetry(L);
    const renamed = new Int32Array(flat.length);
    sym.rename(flat, p, renamed);
    const a = words(L, sym.canonicalize(renamed));
    expect(words(L, sym.canonicalize(flat))).toEqual(a);
  });

  test.prop([states])('is itself a renaming of the state, and no renaming is smaller', ({ L, flat }) => {
    const sym = new ServerSymmetry(L);
    const canon = words(L, sym.canonicalize(flat));
    const all = allRenamings(L, sym, flat);
    expect(all).toContainEqual(canon);
    expect(canon).toEqual(all.reduce((a, b) => (lexLess(b, a) ? b : a)));
  });

  test.prop([states])('counts the orbit: as many states as distinct renamings', ({ L, flat }) => {
    const sym = new ServerSymmetry(L);
    const distinct = new Set(allRenamings(L, sym, flat).map((w) => w.join(',')));
    expect(sym.orbitSize(flat)).toBe(distinct.size);
    // Asked about canonicalize's own answer (as the checker does), it leaves it as it is.
    const canonical = sym.canonicalize(flat);
    const before = words(L, canonical);
    expect(sym.orbitSize(canonical)).toBe(distinct.size);
    expect(words(L, canonical)).toEqual(before);
  });

  test('finds the orbits of the initial state and of one with a server apart', () => {
    const L = new Layout(3, 2);
    const sym = new ServerSymmetry(L);
    expect(sym.orbitSize(toFlat(L, initialState(3)))).toBe(1);
    const apart = initialState(3).update('servers', (s) => s.update(2, (v) => v!.set('currentTerm', 2)));
    expect(sym.orbitSize(toFlat(L, apart))).toBe(3);
    // Word by word least: the servers with the lower term first.
    expect(fromFlat(L, sym.canonicalize(toFlat(L, apart))).equals(apart)).toBe(true);
  });

  test.prop([states])('renames a renaming back with the inverse', ({ L, flat, p }) => {
    const sym = new ServerSymmetry(L);
    const inverse = new Int32Array(p.length);
    p.forEach((to, from) => (inverse[to] = from));
    const there = new Int32Array(flat.length);
    const back = new Int32Array(flat.length);
    sym.rename(flat, p, there);
    sym.rename(there, inverse, back);
    // The bag comes back sorted, as `flat`'s is.
    expect(words(L, back)).toEqual(words(L, flat));
  });

  test.prop([states])('on values, is the value of the flat canonical form', ({ L, flat, p }) => {
    const value = fromFlat(L, flat);
    const sym = valueSymmetry();
    const renamed = new Int32Array(flat.length);
    new ServerSymmetry(L).rename(flat, p, renamed);
    const a = sym.canonicalize(value);
    expect(a.equals(sym.canonicalize(fromFlat(L, renamed)))).toBe(true);
    const { layout, flat: canonFlat } = flatOf(a);
    expect(words(layout, new ServerSymmetry(layout).canonicalize(canonFlat))).toEqual(words(layout, canonFlat));
    expect(sym.orbitSize(value)).toBe(new ServerSymmetry(L).orbitSize(flat));
  });
});
