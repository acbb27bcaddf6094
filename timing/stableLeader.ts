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
 */
import { becomeLeader, requestVote, timeout } from '../spec/raft/values.js';
import { distinctMessages } from '../spec/raft/network.js';
import { receive } from '../spec/raft/values.js';
import { advanceCommitIndex, appendEntries, clientRequest } from '../spec/raft/values.js';
import { raftRules } from '../spec/raft/rules.js';
import { initialState, type ClusterState } from '../spec/raft/state.js';
import type { ServerId } from '../spec/raft/types.js';

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

/** Sends s1's AppendEntries to each of `followers` and delivers everything. */
function replicate(start: ClusterState, followers: readonly ServerId[]): ClusterState {
  let s = start;
  for (const j of followers) s = enabled(appendEntries(s, LEADER, j), 'AppendEntries');
  return deliverAll(s);
}

/** The §9.3 starting state for `n` ≥ 3 servers; see the module comment. */
export function stableLeaderState(n: number): ClusterState {
  if (n < 3) throw new Error(`timing: the leader-crash experiment needs at least 3 servers, got ${n}`);
  const followers = Array.from({ length: n - 1 }, (_, k) => k + 1);
  let s = enabled(timeout(initialState(n), LEADER), 'Timeout');
  for (let j = 0; j < n; j++) s = enabled(requestVote(s, LEADER, j), 'RequestVote');
  s = enabled(becomeLeader(deliverAll(s), LEADER), 'BecomeLeader');
  s = replicate(enabled(clientRequest(s, LEADER, 1), 'ClientRequest'), followers);
  s = enabled(clientRequest(s, LEADER, 2), 'ClientRequest');
  s = enabled(clientRequest(s, LEADER, 3), 'ClientRequest');
  const upToDate = upToDateFollowers(n);
  s = replicate(replicate(s, upToDate), upToDate);
  return enabled(advanceCommitIndex(s, LEADER, raftRules), 'AdvanceCommitIndex');
}
