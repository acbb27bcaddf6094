/**
 * The only place that counts a majority (paper §5.2, thesis §4.1). Every quorum the spec, its variants, the
 * invariants and the trace validator ask about is a quorum of a configuration: a bit mask of servers. Without
 * membership the configuration is every server, and a set is a quorum of it when 2·|Q| > N.
 */

/** A set of `voters` servers is a quorum of `n` servers when 2·|Q| > N. */
export function isQuorum(voters: number, n: number): boolean {
  return 2 * voters > n;
}

/** Bits set in a 32-bit mask, without a loop (on the hot path of BecomeLeader and AdvanceCommitIndex). */
function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * Whether the servers of the bit mask `set` include a majority of the configuration `members` (a bit mask);
 * servers outside the configuration do not count.
 */
export function isQuorumOf(set: number, members: number): boolean {
  return isQuorum(popcount(set & members), popcount(members));
}

/** The smallest quorum of the configuration `members` (a bit mask): how many of its servers a majority needs. */
export function quorumSize(members: number): number {
  return Math.floor(popcount(members) / 2) + 1;
}

/** Number of servers in a bit mask. */
export function memberCount(members: number): number {
  return popcount(members);
}

/** Whether server j is in the configuration `members`. */
export function isMember(members: number, j: number): boolean {
  return (members & (1 << j)) !== 0;
}

/** The bit mask of a set of server ids. */
export function maskOf(servers: Iterable<number>): number {
  let mask = 0;
  for (const j of servers) mask |= 1 << j;
  return mask;
}
