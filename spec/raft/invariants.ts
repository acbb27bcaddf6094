/**
 * The safety properties of the reference model (MODEL.md), as plain predicates over the cluster state. The first
 * four are the paper's Figure 3 guarantees. A user adds one by appending an `Invariant<ClusterState>`.
 */
import type { List } from 'immutable';
import type { Invariant } from '../../checker/model.js';
import type { LogEntry } from './logEntry.js';
import type { ClusterState, ServerState } from './state.js';

/** The prefix of s's log that s regards as committed. */
function committedLen(s: ServerState): number {
  return Math.min(s.commitIndex, s.log.size);
}

/** True when `a` and `b` hold the same entries at indexes 1..n (entries are interned: `===` is equality). */
function samePrefix(a: List<LogEntry>, b: List<LogEntry>, n: number): boolean {
  if (a.size < n || b.size < n) return false;
  for (let k = 0; k < n; k++) if (a.get(k) !== b.get(k)) return false;
  return true;
}

/** Calls `f` on every unordered pair of distinct servers; false as soon as `f` is. */
function everyPair(s: ClusterState, f: (a: ServerState, b: ServerState) => boolean): boolean {
  const servers = s.servers;
  for (let x = 0; x < servers.size; x++) {
    for (let y = x + 1; y < servers.size; y++) if (!f(servers.get(x)!, servers.get(y)!)) return false;
  }
  return true;
}

function everyServer(s: ClusterState, f: (a: ServerState) => boolean): boolean {
  return s.servers.every(f);
}

/** §5.2: at most one leader per term. */
export const ElectionSafety: Invariant<ClusterState> = {
  name: 'ElectionSafety',
  holds: (s) =>
    everyPair(s, (a, b) => !(a.state === 'Leader' && b.state === 'Leader' && a.currentTerm === b.currentTerm)),
};

/** §5.3: logs that hold an entry of the same term at an index are identical up to it. */
export const LogMatching: Invariant<ClusterState> = {
  name: 'LogMatching',
  holds: (s) =>
    everyPair(s, (a, b) => {
      const shorter = Math.min(a.log.size, b.log.size);
      // The highest index with equal terms decides: equal prefixes up to it imply equal prefixes below it.
      for (let n = shorter; n >= 1; n--) {
        if (a.log.get(n - 1)!.term === b.log.get(n - 1)!.term) return samePrefix(a.log, b.log, n);
      }
      return true;
    }),
};

/** §5.4.3: servers agree on every index both regard as committed. */
export const StateMachineSafety: Invariant<ClusterState> = {
  name: 'StateMachineSafety',
  holds: (s) => everyPair(s, (a, b) => samePrefix(a.log, b.log, Math.min(committedLen(a), committedLen(b)))),
};

/** §5.4: a leader of a later term holds every entry a server regards as committed. */
export const LeaderCompleteness: Invariant<ClusterState> = {
  name: 'LeaderCompleteness',
  holds: (s) =>
    s.servers.every((t) =>
      t.state !== 'Leader'
        ? true
        : s.servers.every((o) => !(t.currentTerm > o.currentTerm) || samePrefix(t.log, o.log, committedLen(o))),
    ),
};

/** A server never regards more entries as committed than it holds. */
export const CommitIndexInLog: Invariant<ClusterState> = {
  name: 'CommitIndexInLog',
  holds: (s) => everyServer(s, (a) => a.commitIndex <= a.log.size),
};

/** Entry terms never decrease along a log. */
export const LogTermsMonotonic: Invariant<ClusterState> = {
  name: 'LogTermsMonotonic',
  holds: (s) =>
    everyServer(s, (a) => {
      let previous = 0;
      for (const e of a.log) {
        if (e.term < previous) return false;
        previous = e.term;
      }
      return true;
    }),
};

/** No entry's term exceeds its holder's current term. */
export const LogTermsBounded: Invariant<ClusterState> = {
  name: 'LogTermsBounded',
  holds: (s) => everyServer(s, (a) => a.log.every((e) => e.term <= a.currentTerm)),
};

/** Two candidates or leaders of the same term never hold the same server's vote. */
export const VotesGrantedExclusive: Invariant<ClusterState> = {
  name: 'VotesGrantedExclusive',
  holds: (s) =>
    everyPair(s, (a, b) => {
      if (a.state === 'Follower' || b.state === 'Follower' || a.currentTerm !== b.currentTerm) return true;
      return !a.votesGranted.some((v) => b.votesGranted.has(v));
    }),
};

/** Every invariant of the reference model, in the order they are checked. */
export const RAFT_INVARIANTS: readonly Invariant<ClusterState>[] = [
  ElectionSafety,
  LogMatching,
  StateMachineSafety,
  LeaderCompleteness,
  CommitIndexInLog,
  LogTermsMonotonic,
  LogTermsBounded,
  VotesGrantedExclusive,
];
