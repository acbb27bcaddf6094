/**
 * The starting state of the Raft paper's §9.3 experiment, built with spec actions only (no timing): server s1 is
 * the stable leader of term 2, and the followers hold logs of different lengths, so that some of them cannot win
 * the election after s1 crashes.
 *
 * How: s1 times out, asks for every vote and wins; it appends v1 and replicates it to everyone; it appends v2 and
 * v3 and replicates both to the first ⌊N/2⌋ followers only (with s1 itself a majority, so v3 is committed); the
 * other followers lag, holding v1 alone. The next heartbeat carries v2 to each laggard, but never v3, so a laggard
 * stays one entry short of the up-to-date followers, whose votes it therefore cannot get: with 5 servers, s2 and
 * s3 can win, s4 and s5 cannot (two of the four survivors, as in the paper's benchmark). The network is empty.
 *
 * With membership (`members` K given), the same construction within the first configuration s1..sK, with
 * raft.tla's actions in that configuration (timedSpec.ts): s1 asks the members for votes, wins a majority of them, replicates to
 * them only and commits with a majority of them; the servers outside stay at their initial state (empty log,
 * term 0), as a server that could join but has not.
 */
import * as election from '../spec/raft/election.js';
import { distinctMessages } from '../spec/raft/network.js';
import * as replication from '../spec/raft/replication.js';
import { receive } from '../spec/raft/values.js';
import { clientRequest } from '../spec/raft/values.js';
import { raftRules } from '../spec/raft/rules.js';
import { initialState, type ClusterState } from '../spec/raft/state.js';
import type { ServerId } from '../spec/raft/types.js';
import { firstServers, inConfig } from './timedSpec.js';

/** The stable leader, s1. */
export const LEADER: ServerId = 0;

/** The followers that hold every entry of the leader: s2 to s⌊N/2⌋+1. */
export function upToDateFollowers(n: number): ServerId[] {
  return Array.from({ length: Math.floor(n / 2) }, (_, k) => k + 1);
}

/** Takes `step` as enabled; throws when it is not (the construction below is wrong, not the input). */
function enabled(s: ClusterState | undefined, what: string): ClusterState {
  if (s === undefined) throw new Error(`timing: ${what} is not enabled while building the stable leader`);
  return s;
}

/** Receives every message in flight, in canonical order, until the network is empty. */
function deliverAll(start: ClusterState): ClusterState {
  let s = start;
  for (let m = distinctMessages(s.messages)[0]; m !== undefined; m = distinctMessages(s.messages)[0]) {
    const [r] = receive(s, m, raftRules);
    s = enabled(r?.state, 'Receive');
  }
  return s;
}

/**
 * The §9.3 starting state for `n` servers, of which the first `members` (default n, at least 3) are the
 * configuration; see the module comment.
 */
export function stableLeaderState(n: number, members?: number): ClusterState {
  const k = members ?? n;
  if (k < 3) throw new Error(`timing: the leader-crash experiment needs at least 3 servers, got ${k}`);
  if (k > n) throw new Error(`timing: ${k} initial members of ${n} servers`);
  // raft.tla's actions, which with membership count and talk to the configuration s1..sK (configuration.ts).
  const m = members !== undefined;
  const run = inConfig(m ? firstServers(k) : undefined);
  const { timeout, requestVote, becomeLeader } = election;
  const { appendEntries, advanceCommitIndex } = replication;
  /** Sends s1's AppendEntries to each of `followers` and delivers everything. */
  const replicate = (start: ClusterState, followers: readonly ServerId[]): ClusterState => {
    let s = start;
    for (const j of followers)
      s = enabled(
        run(s, (c) => appendEntries(c, LEADER, j)),
        'AppendEntries',
      );
    return deliverAll(s);
  };
  const followers = Array.from({ length: k - 1 }, (_, j) => j + 1);
  let s = enabled(
    run(initialState(n), (c) => timeout(c, LEADER)),
    'Timeout',
  );
  for (let j = 0; j < k; j++)
    s = enabled(
      run(s, (c) => requestVote(c, LEADER, j)),
      'RequestVote',
    );
  s = enabled(
    run(deliverAll(s), (c) => becomeLeader(c, LEADER)),
    'BecomeLeader',
  );
  s = replicate(enabled(clientRequest(s, LEADER, 1), 'ClientRequest'), followers);
  s = enabled(clientRequest(s, LEADER, 2), 'ClientRequest');
  s = enabled(clientRequest(s, LEADER, 3), 'ClientRequest');
  const upToDate = upToDateFollowers(k);
  s = replicate(replicate(s, upToDate), upToDate);
  return enabled(
    run(s, (c) => advanceCommitIndex(c, LEADER, raftRules)),
    'AdvanceCommitIndex',
  );
}
