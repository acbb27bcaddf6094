/** The only place that counts a majority (paper §5.2): a set of `voters` servers is a quorum of `n` when 2·|Q| > N. */
export function isQuorum(voters: number, n: number): boolean {
  return 2 * voters > n;
}
