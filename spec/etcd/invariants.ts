/**
 * etcdraft.tla's correctness invariants, the eight MCetcdraft.cfg checks, as predicates over a state. Each is
 * named as etcdraft.tla names it; all are on by default for the profile. Each names the witness (witnesses.ts)
 * whose situation it is about: a run that never reaches it reports the invariant as holding only vacuously.
 */
import type { Invariant } from '../../checker/model.js';
import { entryTerm, lastTerm } from './entry.js';
import { idsOf, size } from './servers.js';
import type { EtcdState, ServerVars } from './state.js';

/** The committed prefix of a log (etcdraft.tla Committed), clipped to the log. */
function committed(v: ServerVars): readonly number[] {
  return v.log.slice(0, v.commitIndex);
}

/** `a` is a prefix of `b` (SequencesExt IsPrefix). */
function isPrefix(a: readonly number[], b: readonly number[]): boolean {
  if (a.length > b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** The last index of `log` holding an entry of `term`, or 0. */
function lastIndexOfTerm(log: readonly number[], term: number): number {
  for (let n = log.length; n >= 1; n--) if (entryTerm(log[n - 1]!) === term) return n;
  return 0;
}

function all(s: EtcdState, p: (v: ServerVars, i: number) => boolean): boolean {
  return s.servers.every((v, k) => p(v, k + 1));
}

export const ETCD_INVARIANTS: readonly Invariant<EtcdState>[] = [
  {
    // Committed prefixes never conflict across servers.
    name: 'LogInv',
    witness: 'EntryCommitted',
    holds: (s) =>
      all(s, (a) => all(s, (b) => isPrefix(committed(a), committed(b)) || isPrefix(committed(b), committed(a)))),
  },
  {
    // Two leaders never share a term at the same time.
    name: 'MoreThanOneLeaderInv',
    // It can break only when a server becomes leader; every election tests it, another leader about or not.
    witness: 'LeaderElected',
    holds: (s) =>
      all(s, (a, i) =>
        all(s, (b, j) => i === j || a.state !== 'Leader' || b.state !== 'Leader' || a.currentTerm !== b.currentTerm),
      ),
  },
  {
    // A leader holds the greatest index of its current term.
    name: 'ElectionSafetyInv',
    // Entries of a leader's term elsewhere than on the leader arrive by replication.
    witness: 'EntryReplicated',
    holds: (s) =>
      all(
        s,
        (a) =>
          a.state !== 'Leader' ||
          all(s, (b) => lastIndexOfTerm(a.log, a.currentTerm) >= lastIndexOfTerm(b.log, a.currentTerm)),
      ),
  },
  {
    // An (index, term) pair fixes the log prefix up to it.
    name: 'LogMatchingInv',
    // Equal terms at an index on two servers come from replication (two leaders' own entries differ in term).
    witness: 'EntryReplicated',
    holds: (s) =>
      all(s, (a) =>
        all(s, (b) => {
          const n = Math.min(a.log.length, b.log.length);
          for (let k = 1; k <= n; k++) {
            if (entryTerm(a.log[k - 1]!) === entryTerm(b.log[k - 1]!) && !isPrefix(a.log.slice(0, k), b.log))
              return false;
          }
          return true;
        }),
      ),
  },
  {
    // Every quorum of a server's configuration holds some log that extends its committed prefix: the voters
    // lacking it are not a quorum.
    name: 'QuorumLogInv',
    // The bootstrap entries are on every member from the start; it says something once an entry is committed.
    witness: 'EntryCommitted',
    holds: (s) =>
      all(s, (a) => {
        const c = committed(a);
        const lacking = idsOf(a.config.voters).filter((j) => !isPrefix(c, s.servers[j - 1]!.log)).length;
        return 2 * lacking <= size(a.config.voters);
      }),
  },
  {
    // A log at least as up to date as another holds the other's committed prefix.
    name: 'MoreUpToDateCorrectInv',
    witness: 'EntryCommitted',
    holds: (s) =>
      all(s, (a) =>
        all(s, (b) => {
          const ta = lastTerm(a.log);
          const tb = lastTerm(b.log);
          const upToDate = ta > tb || (ta === tb && a.log.length >= b.log.length);
          return !upToDate || isPrefix(committed(b), a.log);
        }),
      ),
  },
  {
    // Leaders of later terms hold every committed entry at its index.
    name: 'LeaderCompletenessInv',
    // The bootstrap entries are on every member from the start; a leader is asked to hold a later committed
    // entry only when it leads a later term than the entry's.
    witness: 'LeaderAfterCommit',
    holds: (s) =>
      all(s, (a) => {
        const c = committed(a);
        return all(
          s,
          (l) => l.state !== 'Leader' || c.every((e, k) => l.currentTerm <= entryTerm(e) || l.log[k] === e),
        );
      }),
  },
  {
    // A leader commits nothing it has not persisted.
    name: 'CommittedIsDurableInv',
    witness: 'EntryCommitted',
    holds: (s) => all(s, (a) => a.state !== 'Leader' || a.commitIndex <= a.durableState.log),
  },
];
