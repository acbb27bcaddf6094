/**
 * The eight invariants of spec/raft/invariants.ts on flat states, for the checker's hot path. The reference
 * predicates are the specification; test/spec/raft/flat.test.ts holds these equal to them on random states,
 * including violating states reached through the bug library.
 */
import type { Invariant } from '../../../checker/model.js';
import { COMMIT_INDEX, FOLLOWER, LEADER, LOG, LOG_LEN, ROLE, TERM, VOTES_GRANTED, type FlatLayout } from './layout.js';

type Flat = Int32Array;

/** True when the logs at bases a and b hold the same (term, value) entries at indexes 1..n. */
function samePrefix(s: Flat, a: number, b: number, n: number): boolean {
  if (s[a + LOG_LEN]! < n || s[b + LOG_LEN]! < n) return false;
  for (let w = 0; w < 2 * n; w++) if (s[a + LOG + w] !== s[b + LOG + w]) return false;
  return true;
}

function committedLen(s: Flat, a: number): number {
  return Math.min(s[a + COMMIT_INDEX]!, s[a + LOG_LEN]!);
}

/** The flat twins of RAFT_INVARIANTS, in the same order and with the same names. */
export function flatInvariants(L: FlatLayout): Invariant<Flat>[] {
  const n = L.servers;
  const pairs = (f: (s: Flat, a: number, b: number) => boolean) => (s: Flat) => {
    for (let x = 0; x < n; x++) for (let y = x + 1; y < n; y++) if (!f(s, L.base(x), L.base(y))) return false;
    return true;
  };
  const each = (f: (s: Flat, a: number) => boolean) => (s: Flat) => {
    for (let x = 0; x < n; x++) if (!f(s, L.base(x))) return false;
    return true;
  };
  return [
    {
      name: 'ElectionSafety',
      holds: pairs((s, a, b) => !(s[a + ROLE] === LEADER && s[b + ROLE] === LEADER && s[a + TERM] === s[b + TERM])),
    },
    {
      name: 'LogMatching',
      holds: pairs((s, a, b) => {
        for (let k = Math.min(s[a + LOG_LEN]!, s[b + LOG_LEN]!); k >= 1; k--) {
          if (s[a + LOG + 2 * (k - 1)] === s[b + LOG + 2 * (k - 1)]) return samePrefix(s, a, b, k);
        }
        return true;
      }),
    },
    {
      name: 'StateMachineSafety',
      holds: pairs((s, a, b) => samePrefix(s, a, b, Math.min(committedLen(s, a), committedLen(s, b)))),
    },
    {
      name: 'LeaderCompleteness',
      holds: (s) => {
        for (let x = 0; x < n; x++) {
          const t = L.base(x);
          if (s[t + ROLE] !== LEADER) continue;
          for (let y = 0; y < n; y++) {
            const o = L.base(y);
            if (s[t + TERM]! > s[o + TERM]! && !samePrefix(s, t, o, committedLen(s, o))) return false;
          }
        }
        return true;
      },
    },
    { name: 'CommitIndexInLog', holds: each((s, a) => s[a + COMMIT_INDEX]! <= s[a + LOG_LEN]!) },
    {
      name: 'LogTermsMonotonic',
      holds: each((s, a) => {
        for (let k = 1; k < s[a + LOG_LEN]!; k++) if (s[a + LOG + 2 * k]! < s[a + LOG + 2 * (k - 1)]!) return false;
        return true;
      }),
    },
    {
      name: 'LogTermsBounded',
      holds: each((s, a) => {
        for (let k = 0; k < s[a + LOG_LEN]!; k++) if (s[a + LOG + 2 * k]! > s[a + TERM]!) return false;
        return true;
      }),
    },
    {
      name: 'VotesGrantedExclusive',
      holds: pairs(
        (s, a, b) =>
          s[a + ROLE] === FOLLOWER ||
          s[b + ROLE] === FOLLOWER ||
          s[a + TERM] !== s[b + TERM] ||
          (s[a + VOTES_GRANTED]! & s[b + VOTES_GRANTED]!) === 0,
      ),
    },
  ];
}
