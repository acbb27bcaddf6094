import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { fromFlat, toFlat } from '../../../spec/raft/codec.js';
import { Layout, MESSAGE_FIELD_OFFSETS, MESSAGE_TYPE_CODE, M_TYPE } from '../../../spec/raft/layout.js';
import { configMembers, configValue, isConfigValue } from '../../../spec/raft/logEntry.js';
import { initialState } from '../../../spec/raft/state.js';
import { ServerSymmetry, valueSymmetry } from '../../../spec/raft/symmetry.js';
import { flatOf } from '../../../spec/raft/values.js';
import { anyCluster } from '../../fixtures/schemaArbitraries.js';

const VARIANT_SETS = [[], ['prevote'], ['check-quorum'], ['check-quorum', 'prevote'], ['membership']];

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
    // membership: the initial members s1..sK, and client values 1 and 2 turned into configurations (or not).
    fc.integer({ min: 1, max: n }),
    fc.tuple(fc.integer({ min: 0, max: 2 ** n - 1 }), fc.integer({ min: 0, max: 2 ** n - 1 })),
  ),
);

/**
 * `flat` with each entry value v (in logs and in AppendEntriesRequests) replaced by `to[v - 1]`'s configuration
 * when that mask is not empty. Distinct masks keep distinct messages distinct; the bag is sorted again.
 */
function withConfigurations(L: Layout, flat: Int32Array, to: readonly [number, number]): Int32Array {
  const [a, b] = to[0] === to[1] ? [to[0], 0] : to;
  const config = (v: number): number => {
    const mask = v === 1 ? a : v === 2 ? b : 0;
    return mask === 0 ? v : configValue(mask);
  };
  const out = flat.slice();
  for (let i = 0; i < L.servers; i++) {
    const at = L.base(i) + L.offset.log;
    for (let k = 0; k < out[at]!; k++) out[at + 2 + 2 * k] = config(out[at + 2 + 2 * k]!);
  }
  for (let k = 0; k < out[L.bagStart]!; k++) {
    const at = L.message(k);
    if (out[at + M_TYPE] !== MESSAGE_TYPE_CODE.AppendEntriesRequest) continue;
    const value = at + MESSAGE_FIELD_OFFSETS.AppendEntriesRequest.entry + 1;
    out[value] = config(out[value]!);
  }
  const sorted = new Int32Array(out.length);
  new ServerSymmetry(L).rename(
    out,
    Int32Array.from({ length: L.servers }, (_, j) => j),
    sorted,
  );
  return sorted;
}

/** A flat state of any shape, the variants' variables included (at random, but for servers kept alike). */
const states = shape.map(([variants, variantWords, p, { cluster, alike }, k, masks]) => {
  const membership = variants.includes('membership');
  const n = cluster.servers.size;
  const L = new Layout(n, 2, variants, membership ? (1 << k) - 1 : undefined);
  const flat = membership && !alike ? withConfigurations(L, toFlat(L, cluster), masks) : toFlat(L, cluster);
  variantWords.forEach(([heard, quorum], i) => {
    if (alike) return;
    if (variants.includes('prevote')) flat[L.base(i) + L.offset.heardFromLeader] = heard ? 1 : 0;
    if (variants.includes('check-quorum')) flat[L.base(i) + L.offset.quorumHeard] = quorum;
  });
  // A renaming of the group: with membership, one that keeps the initial members (s1..sK) among themselves.
  const q = membership ? [...p.filter((j) => j < k), ...p.filter((j) => j >= k)] : p;
  return { L, flat, p: Int32Array.from(q) };
});

const words = (L: Layout, a: Int32Array): number[] => [...a.subarray(0, L.length(a))];

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  const k = a.findIndex((w, i) => w !== b[i]);
  return k >= 0 && a[k]! < b[k]!;
}

/**
 * Every renaming of `flat` by the group, by brute force: every permutation that keeps the initial members
 * (all servers without membership) as a set.
 */
function allRenamings(L: Layout, sym: ServerSymmetry, flat: Int32Array): number[][] {
  const all: number[][] = [];
  const members = L.initialMembers;
  const perm = (prefix: number[]): void => {
    if (prefix.length === L.servers) {
      const out = new Int32Array(flat.length);
      sym.rename(flat, Int32Array.from(prefix), out);
      all.push(words(L, out));
      return;
    }
    const i = prefix.length;
    for (let j = 0; j < L.servers; j++) {
      if (prefix.includes(j) || ((members >> i) & 1) !== ((members >> j) & 1)) continue;
      perm([...prefix, j]);
    }
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
    const sym = valueSymmetry(L.initialMembers);
    const renamed = new Int32Array(flat.length);
    new ServerSymmetry(L).rename(flat, p, renamed);
    const a = sym.canonicalize(value);
    expect(a.equals(sym.canonicalize(fromFlat(L, renamed)))).toBe(true);
    const { layout, flat: canonFlat } = flatOf(a, 0, L.initialMembers);
    expect(words(layout, new ServerSymmetry(layout).canonicalize(canonFlat))).toEqual(words(layout, canonFlat));
    expect(sym.orbitSize(value)).toBe(new ServerSymmetry(L).orbitSize(flat));
  });

  test.prop([states])('renames the servers a configuration entry names, in logs and in messages', ({ L, flat, p }) => {
    const sym = new ServerSymmetry(L);
    const renamed = new Int32Array(flat.length);
    sym.rename(flat, p, renamed);
    const configs = (a: Int32Array): number[] => {
      const masks: number[] = [];
      const value = fromFlat(L, a);
      for (const server of value.servers)
        for (const e of server.log) if (isConfigValue(e.value)) masks.push(configMembers(e.value));
      for (const m of value.messages.keySeq())
        if (m.type === 'AppendEntriesRequest' && m.entry !== null && isConfigValue(m.entry.value))
          masks.push(configMembers(m.entry.value));
      return masks.sort((x, y) => x - y);
    };
    const renameMask = (mask: number): number => [...p].reduce((r, to, from) => r | (((mask >> from) & 1) << to), 0);
    expect(configs(renamed)).toEqual(
      configs(flat)
        .map(renameMask)
        .sort((x, y) => x - y),
    );
  });

  test('with membership, keeps the initial members: K!·(N−K)! renamings, and none moves s1..sK', () => {
    const sym = new ServerSymmetry(new Layout(5, 2, ['membership'], 0b01111));
    expect(sym.order).toBe(24);
    for (const q of sym.group) expect([...q.subarray(0, 4)].sort()).toEqual([0, 1, 2, 3]);
    expect(new ServerSymmetry(new Layout(5, 2, ['membership'], 0b11111)).order).toBe(120);
    expect(new ServerSymmetry(new Layout(4, 2, ['membership'], 0b0011)).order).toBe(4);
  });
});
