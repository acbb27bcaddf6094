import { describe, expect, it } from 'vitest';
import { invariantsOnValues } from '../../../spec/raft/model.js';
import { initialState, type ClusterState } from '../../../spec/raft/state.js';
import { cluster, S1, S2, S3 } from '../../fixtures/raftStates.js';

const RAFT_INVARIANTS = invariantsOnValues();

function holds(name: string, s: ClusterState): boolean {
  const invariant = RAFT_INVARIANTS.find((i) => i.name === name);
  if (invariant === undefined) throw new Error(`no invariant named ${name}`);
  return invariant.holds(s);
}

/** Per invariant: states where it holds (some close to breaking it) and a hand-built state where it breaks. */
const CASES: [name: string, good: ClusterState[], bad: ClusterState][] = [
  [
    'ElectionSafety',
    [cluster({ [S1]: { state: 'Leader', currentTerm: 2 }, [S2]: { state: 'Leader', currentTerm: 3 } })],
    cluster({ [S1]: { state: 'Leader', currentTerm: 2 }, [S3]: { state: 'Leader', currentTerm: 2 } }),
  ],
  [
    'LogMatching',
    [
      cluster({
        [S1]: {
          log: [
            [1, 1],
            [2, 1],
          ],
        },
        [S2]: {
          log: [
            [1, 1],
            [2, 1],
            [2, 2],
          ],
        },
      }),
      cluster({
        [S1]: {
          log: [
            [1, 1],
            [2, 1],
          ],
        },
        [S2]: {
          log: [
            [1, 1],
            [3, 1],
          ],
        },
      }),
    ],
    cluster({
      [S1]: {
        log: [
          [1, 1],
          [2, 1],
        ],
      },
      [S2]: {
        log: [
          [1, 2],
          [2, 1],
        ],
      },
    }),
  ],
  [
    'StateMachineSafety',
    [
      cluster({
        [S1]: { log: [[1, 1]], commitIndex: 1 },
        [S2]: {
          log: [
            [1, 1],
            [1, 2],
          ],
          commitIndex: 2,
        },
      }),
      cluster({ [S1]: { log: [[1, 1]], commitIndex: 1 }, [S2]: { log: [[1, 2]], commitIndex: 0 } }),
    ],
    cluster({ [S1]: { log: [[1, 1]], commitIndex: 1 }, [S2]: { log: [[1, 2]], commitIndex: 1 } }),
  ],
  [
    'LeaderCompleteness',
    [
      cluster({
        [S1]: { currentTerm: 2, log: [[2, 1]], commitIndex: 1 },
        [S2]: { state: 'Leader', currentTerm: 3, log: [[2, 1]] },
      }),
      // A leader of the same term need not hold it: the property speaks of later terms only.
      cluster({ [S1]: { currentTerm: 3, log: [[2, 1]], commitIndex: 1 }, [S2]: { state: 'Leader', currentTerm: 3 } }),
    ],
    cluster({ [S1]: { currentTerm: 2, log: [[2, 1]], commitIndex: 1 }, [S2]: { state: 'Leader', currentTerm: 3 } }),
  ],
  [
    'CommitIndexInLog',
    [cluster({ [S1]: { log: [[1, 1]], commitIndex: 1 } })],
    cluster({ [S1]: { log: [[1, 1]], commitIndex: 2 } }),
  ],
  [
    'LogTermsMonotonic',
    [
      cluster({
        [S1]: {
          currentTerm: 2,
          log: [
            [1, 1],
            [1, 1],
            [2, 1],
          ],
        },
      }),
    ],
    cluster({
      [S1]: {
        currentTerm: 2,
        log: [
          [2, 1],
          [1, 1],
        ],
      },
    }),
  ],
  [
    'LogTermsBounded',
    [cluster({ [S1]: { currentTerm: 2, log: [[2, 1]] } })],
    cluster({ [S1]: { currentTerm: 1, log: [[2, 1]] } }),
  ],
  [
    'VotesGrantedExclusive',
    [
      cluster({
        [S1]: { state: 'Candidate', currentTerm: 2, votesGranted: [S1, S3] },
        [S2]: { state: 'Candidate', currentTerm: 2, votesGranted: [S2] },
      }),
      cluster({
        [S1]: { state: 'Candidate', currentTerm: 2, votesGranted: [S3] },
        [S2]: { state: 'Candidate', currentTerm: 3, votesGranted: [S3] },
      }),
      cluster({
        [S1]: { state: 'Leader', currentTerm: 2, votesGranted: [S3] },
        [S2]: { state: 'Follower', currentTerm: 2, votesGranted: [S3] },
      }),
    ],
    cluster({
      [S1]: { state: 'Leader', currentTerm: 2, votesGranted: [S1, S3] },
      [S2]: { state: 'Candidate', currentTerm: 2, votesGranted: [S2, S3] },
    }),
  ],
  [
    // membership: s1 leads term 2 on the configuration of every server, s2 term 3 on {s2} (configValue(0b010)),
    // whose majority {s2} misses {s1, s3}.
    'QuorumOverlap',
    [
      // s3 is in term 3: s1 can no longer commit, so its configuration is no longer in use.
      cluster({
        [S1]: { state: 'Leader', currentTerm: 2 },
        [S2]: { state: 'Leader', currentTerm: 3, log: [[3, -0b010]] },
        [S3]: { currentTerm: 3 },
      }),
      // {s2, s3} (configValue(0b110)) overlaps every majority of the three.
      cluster({
        [S1]: { state: 'Leader', currentTerm: 2 },
        [S2]: { state: 'Leader', currentTerm: 3, log: [[3, -0b110]] },
      }),
    ],
    cluster({
      [S1]: { state: 'Leader', currentTerm: 2 },
      [S2]: { state: 'Leader', currentTerm: 3, log: [[3, -0b010]] },
    }),
  ],
];

describe('the invariants', () => {
  it("are the eight of MODEL.md, in order, then membership's QuorumOverlap", () => {
    expect(RAFT_INVARIANTS.map((i) => i.name)).toEqual(CASES.map(([name]) => name));
  });

  it('all hold in the initial state', () => {
    for (const n of [1, 2, 3]) expect(RAFT_INVARIANTS.every((i) => i.holds(initialState(n)))).toBe(true);
  });

  describe.each(CASES)('%s', (name, good, bad) => {
    it.each(good.map((s, k) => [k + 1, s] as const))('holds in good state %i', (_, s) => {
      expect(holds(name, s)).toBe(true);
    });

    it('fails in a hand-built bad state', () => {
      expect(holds(name, bad)).toBe(false);
    });
  });
});
