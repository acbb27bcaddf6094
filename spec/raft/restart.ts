/** raft.tla Restart: a server crashes and comes back, keeping only what Raft persists (paper §5.1, Figure 2). */
import { Set as ISet } from 'immutable';
import type { RaftRules } from './rules.js';
import { perServer, updateServer, type ClusterState } from './state.js';
import type { ServerId } from './types.js';

/** Server i restarts as a follower: volatile state is lost; the log (and, by the rules, term and vote) survive. */
export function restart(s: ClusterState, i: ServerId, rules: RaftRules): ClusterState {
  const n = s.servers.size;
  return updateServer(s, i, (v) =>
    v.merge({
      state: 'Follower',
      votesResponded: ISet(),
      votesGranted: ISet(),
      nextIndex: perServer(n, 1),
      matchIndex: perServer(n, 0),
      commitIndex: 0,
      ...(rules.restartKeepsTermAndVote ? {} : { currentTerm: 1, votedFor: null }),
    }),
  );
}
