/** The only place that counts a majority (paper §5.2): a set of `voters` servers is a quorum of `n` when 2·|Q| > N. */
export function isQuorum(voters: number, n: number): boolean {
  return 2 * voters > n;
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

/**
 * membership (thesis §4.1): whether the servers of the bit mask `set` include a majority of the configuration
 * `members` (a bit mask); servers outside the configuration do not count.
 */
export function isQuorumOf(set: number, members: number): boolean {
  return isQuorum(popcount(set & members), popcount(members));
}

/** Number of servers in a bit mask. */
export function memberCount(members: number): number {
  return popcount(members);
}
