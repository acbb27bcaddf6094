/**
 * The safety properties of the reference model, each written once, as a predicate over a read-only view of the
 * cluster (cluster.ts); the checker runs them on its fast path and every other path (values, traces) runs the
 * same functions. The first four are the paper's Figure 3 guarantees. A user's own invariants come through
 * `--invariants-file` (userInvariants.ts) and read a JSON-shaped view instead.
 */
import type { ClusterReader, ServerReader } from './cluster.js';
import type { RaftInvariant } from './invariant.js';
import { VARIANT_MODULES } from './variants/registry.js';

export type { RaftInvariant } from './invariant.js';

/** The prefix of a server's log that it regards as committed. */
function committedLen(s: ServerReader): number {
  return Math.min(s.commitIndex, s.log.length);
}

/** Calls `f` on every unordered pair of distinct servers; false as soon as `f` is. */
function everyPair(c: ClusterReader, f: (a: ServerReader, b: ServerReader) => boolean): boolean {
  for (let x = 0; x < c.n; x++) {
    for (let y = x + 1; y < c.n; y++) if (!f(c.server(x), c.server(y))) return false;
  }
  return true;
}

function everyServer(c: ClusterReader, f: (a: ServerReader) => boolean): boolean {
  for (let x = 0; x < c.n; x++) if (!f(c.server(x))) return false;
  return true;
}

// The per-pair and per-server predicates are module-level functions, not closures in `holds`: invariants run
// on every new state, and a closure per call would be an allocation per state.

const notTwoLeaders = (a: ServerReader, b: ServerReader): boolean =>
  !(a.state === 'Leader' && b.state === 'Leader' && a.currentTerm === b.currentTerm);

/** §5.2: at most one leader per term. */
export const ElectionSafety: RaftInvariant = {
  name: 'ElectionSafety',
  // Two leaders at once in one term break it, so where it holds "two leaders at once" means different terms.
  witness: 'TwoLeaders',
  holds: (c) => everyPair(c, notTwoLeaders),
};

const logsMatch = (a: ServerReader, b: ServerReader): boolean => {
  // The highest index with equal terms decides: equal prefixes up to it imply equal prefixes below it.
  for (let n = Math.min(a.log.length, b.log.length); n >= 1; n--) {
    if (a.log.term(n) === b.log.term(n)) return a.log.samePrefix(b.log, n);
  }
  return true;
};

/** §5.3: logs that hold an entry of the same term at an index are identical up to it. */
export const LogMatching: RaftInvariant = {
  name: 'LogMatching',
  // Equal terms at an index on two servers come from replication (two leaders' own entries differ in term).
  witness: 'EntryReplicated',
  holds: (c) => everyPair(c, logsMatch),
};

const agreeOnCommitted = (a: ServerReader, b: ServerReader): boolean =>
  a.log.samePrefix(b.log, Math.min(committedLen(a), committedLen(b)));

/** §5.4.3: servers agree on every index both regard as committed. */
export const StateMachineSafety: RaftInvariant = {
  name: 'StateMachineSafety',
  witness: 'EntryCommitted',
  holds: (c) => everyPair(c, agreeOnCommitted),
};

/** §5.4: a leader of a later term holds every entry a server regards as committed. */
export const LeaderCompleteness: RaftInvariant = {
  name: 'LeaderCompleteness',
  witness: 'EntryCommitted',
  holds: (c) => {
    for (let x = 0; x < c.n; x++) {
      const t = c.server(x);
      if (t.state !== 'Leader') continue;
      for (let y = 0; y < c.n; y++) {
        const o = c.server(y);
        if (t.currentTerm > o.currentTerm && !t.log.samePrefix(o.log, committedLen(o))) return false;
      }
    }
    return true;
  },
};

const commitInLog = (a: ServerReader): boolean => a.commitIndex <= a.log.length;

/** A server never regards more entries as committed than it holds. */
export const CommitIndexInLog: RaftInvariant = {
  name: 'CommitIndexInLog',
  witness: 'EntryCommitted',
  holds: (c) => everyServer(c, commitInLog),
};

const termsMonotonic = (a: ServerReader): boolean => {
  for (let k = 2; k <= a.log.length; k++) if (a.log.term(k) < a.log.term(k - 1)) return false;
  return true;
};

/** Entry terms never decrease along a log. */
export const LogTermsMonotonic: RaftInvariant = {
  name: 'LogTermsMonotonic',
  holds: (c) => everyServer(c, termsMonotonic),
};

const termsBounded = (a: ServerReader): boolean => {
  for (let k = 1; k <= a.log.length; k++) if (a.log.term(k) > a.currentTerm) return false;
  return true;
};

/** No entry's term exceeds its holder's current term. */
export const LogTermsBounded: RaftInvariant = {
  name: 'LogTermsBounded',
  holds: (c) => everyServer(c, termsBounded),
};

// Only candidates' and leaders' votesGranted hold votes: a follower's is stale, and prevote's pre-candidate holds
// pre-votes there (docs/variants.md), which a server may give to several pre-candidates.
const holdsVotes = (s: ServerReader): boolean => s.state === 'Candidate' || s.state === 'Leader';

const votesExclusive = (a: ServerReader, b: ServerReader): boolean =>
  !holdsVotes(a) || !holdsVotes(b) || a.currentTerm !== b.currentTerm || !a.votesGranted.intersects(b.votesGranted);

/** Two candidates or leaders of the same term never hold the same server's vote. */
export const VotesGrantedExclusive: RaftInvariant = {
  name: 'VotesGrantedExclusive',
  holds: (c) => everyPair(c, votesExclusive),
};

/**
 * Every built-in invariant, in the order they are checked: raft.tla's, then the variants' in registry order (each
 * tagged with its variant, checked only when it is on).
 */
export const RAFT_INVARIANTS: readonly RaftInvariant[] = [
  ElectionSafety,
  LogMatching,
  StateMachineSafety,
  LeaderCompleteness,
  CommitIndexInLog,
  LogTermsMonotonic,
  LogTermsBounded,
  VotesGrantedExclusive,
  ...VARIANT_MODULES.flatMap((m) => m.invariants),
];
