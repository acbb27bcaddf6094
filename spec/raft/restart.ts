/** raft.tla Restart: a server crashes and comes back, keeping only what Raft persists (paper §5.1, Figure 2). */
import type { Cluster } from './cluster.js';
import type { RaftRules } from './rules.js';
import type { ServerId } from './types.js';

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
