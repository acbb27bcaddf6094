/** raft.tla Restart: a server crashes and comes back, keeping only what Raft persists (paper §5.1, Figure 2). */
import type { Cluster } from './cluster.js';
import type { RaftRules } from './rules.js';
import type { ServerId } from './types.js';
import type { VariantFlags } from './variants.js';

/** Server i restarts as a follower: volatile state is lost; the log (and, by the rules, term and vote) survive. */
export function restart(c: Cluster, i: ServerId, rules: RaftRules): boolean {
  const me = c.server(i);
  me.state = 'Follower';
  me.votesResponded.clear();
  me.votesGranted.clear();
  me.nextIndex.fill(1);
  me.matchIndex.fill(0);
  me.commitIndex = 0;
  if (!rules.restartKeepsTermAndVote) {
    me.currentTerm = 1;
    me.votedFor = null;
  }
  return true;
}

/**
 * Restart with the variants' volatile variables lost too: prevote's heardFromLeader and check-quorum's
 * quorumHeard are timers and tallies, not persistent state.
 */
export function restartWithVariants(variants: VariantFlags): typeof restart {
  if (!variants.prevote && !variants.checkQuorum) return restart;
  return (c, i, rules) => {
    restart(c, i, rules);
    const me = c.server(i);
    if (variants.prevote) me.heardFromLeader = false;
    if (variants.checkQuorum) me.quorumHeard.clear();
    return true;
  };
}
