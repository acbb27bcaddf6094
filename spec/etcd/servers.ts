/** Sets of servers as bit masks (bit k is server k+1), as etcdraft.tla's configuration sets are used here. */

export function bit(id: number): number {
  return 1 << (id - 1);
}

export function has(mask: number, id: number): boolean {
  return (mask & bit(id)) !== 0;
}

export function size(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

/** The ids in `mask`, ascending. */
export function idsOf(mask: number): number[] {
  const out: number[] = [];
  for (let id = 1; mask >> (id - 1) !== 0; id++) if (has(mask, id)) out.push(id);
  return out;
}

export function maskOf(ids: Iterable<number>): number {
  let m = 0;
  for (const id of ids) m |= bit(id);
  return m;
}

/** `subset` is a quorum of `conf` (etcdraft.tla Quorum: a subset of it holding more than half of it). */
export function isQuorum(subset: number, conf: number): boolean {
  return (subset & ~conf) === 0 && 2 * size(subset) > size(conf);
}

/** The mask with every server renamed by `perm` (perm[id-1] is the new id of id). */
export function renameMask(mask: number, perm: readonly number[]): number {
  let out = 0;
  for (let id = 1; id <= perm.length; id++) if (has(mask, id)) out |= bit(perm[id - 1]!);
  return out;
}
