/**
 * The two models run one spec on two representations (flat states, Immutable.js values). These tests hold the
 * representations to each other: on long walks (past elections, replication and commits) every successor, label,
 * invariant and bound verdict agrees, and whole state spaces have the same counts, with every bug.
 */
import { fc, test } from '@fast-check/vitest';
import { is } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/bfs.js';
import { BUGS } from '../../../spec/raft/bugs.js';
import { withBugVariants } from '../../fixtures/bugVariants.js';
import type { RaftConfig } from '../../../spec/raft/config.js';
import { fastRaftModel, raftModel } from '../../../spec/raft/model.js';
import { userInvariant } from '../../../spec/raft/stateView.js';
import type { ClusterState } from '../../../spec/raft/state.js';

const base: RaftConfig = {
  servers: 3,
  values: 2,
  maxTerm: 3,
  maxLogLen: 2,
  maxCopies: 2,
  maxInFlight: 3,
  restart: true,
  duplicate: true,
  drop: true,
};
const bugSets: string[][] = [[], ...BUGS.map((b) => [b.name])];

/** Walks the values model by `choices`, comparing it with the fast model on every successor. */
function walkAndCompare(given: RaftConfig, bugs: string[], choices: number[]): { leaders: number; commits: number } {
  const config = withBugVariants(given, bugs);
  const values = raftModel(config, bugs);
  const fast = fastRaftModel(config, bugs);
  let state: ClusterState = values.initialStates()[0]!;
  let flat = fast.initialStates()[0]!;
  let leaders = 0;
  let commits = 0;
  for (const choice of choices) {
    const expected = values.next(state);
    const actual = fast.next(flat);
    expect(actual.map((t) => fast.actionName(t.action))).toEqual(expected.map((t) => values.actionName(t.action)));
    expected.forEach((t, k) => {
      const twin = actual[k]!;
      expect(is(fast.toValue(twin.state), t.state)).toBe(true);
      expect(values.formatAction(fast.actionOf(twin.action, flat))).toBe(values.formatAction(t.action));
      values.invariants.forEach((inv, n) => {
        expect(fast.invariants[n]!.holds(twin.state)).toBe(inv.holds(t.state));
      });
      values.bounds.forEach((b, n) => {
        expect(fast.bounds[n]!.holds(twin.state)).toBe(b.holds(t.state));
      });
    });
    const inBounds = expected.flatMap((t, k) => (values.bounds.every((b) => b.holds(t.state)) ? [k] : []));
    if (inBounds.length === 0) break;
    const k = inBounds[choice % inBounds.length]!;
    state = expected[k]!.state;
    flat = actual[k]!.state;
    if (state.servers.some((v) => v.state === 'Leader')) leaders++;
    if (state.servers.some((v) => v.commitIndex > 0)) commits++;
  }
  return { leaders, commits };
}

describe('the fast and the values representations', () => {
  // Long walks: fast-check's default size keeps arrays short, so the length is forced.
  const longWalk = fc.array(fc.nat(), { minLength: 60, maxLength: 120 });

  test.prop([fc.constantFrom(...bugSets), longWalk], { numRuns: 14 })(
    'agree on every successor, label, invariant and bound along long walks, with every bug',
    (bugs, choices) => {
      walkAndCompare(base, bugs, choices);
    },
  );

  it('walk far enough to elect leaders and commit entries', () => {
    let leaders = 0;
    let commits = 0;
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 60, maxLength: 120 }), (choices) => {
        const seen = walkAndCompare({ ...base, restart: false, drop: false, duplicate: false }, [], choices);
        leaders += seen.leaders;
        commits += seen.commits;
      }),
      { numRuns: 8 },
    );
    expect(leaders).toBeGreaterThan(0);
    expect(commits).toBeGreaterThan(0);
  });

  const elects: RaftConfig = { ...base, servers: 2, values: 1, maxTerm: 2, maxLogLen: 1, maxCopies: 1, maxInFlight: 2 };
  it.each(bugSets.map((b) => [b.join('') || 'no bug', b] as const))(
    'explore the same numbers of states on bounds that elect and commit (%s)',
    (_name, bugs) => {
      const config = withBugVariants({ ...elects, restart: false, duplicate: false, drop: false }, bugs);
      const a = check(fastRaftModel(config, bugs));
      const b = check(raftModel(config, bugs));
      expect(a.kind).toBe(b.kind);
      expect([a.stats.distinctStates, a.stats.generatedStates, a.stats.depth]).toEqual([
        b.stats.distinctStates,
        b.stats.generatedStates,
        b.stats.depth,
      ]);
    },
  );

  // membership (docs/variants.md): configuration entries in logs and messages, quorums of a configuration, and
  // the variants composed; with and without its bug, which lets leaders change configurations at once.
  const membership: RaftConfig = { ...base, servers: 3, values: 1, maxLogLen: 3, variants: ['membership'] };
  const variantSets: RaftConfig[] = [
    membership,
    { ...membership, initialMembers: 1 },
    { ...membership, variants: ['check-quorum', 'membership', 'prevote'] },
  ];
  test.prop(
    [fc.constantFrom(...variantSets), fc.constantFrom<string[]>([], ['reconfig-without-term-commit']), longWalk],
    {
      numRuns: 12,
    },
  )('agree along long walks with membership on, alone and composed', (config, bugs, choices) => {
    walkAndCompare(config, bugs, choices);
  });

  it('reach a committed entry on those bounds (so the comparison covers commitment)', () => {
    const nothingCommitted = userInvariant('NothingCommitted', (s) =>
      Object.values(s.commitIndex).every((c) => c === 0),
    );
    const result = check(
      fastRaftModel({ ...elects, restart: false, duplicate: false, drop: false }, [], [nothingCommitted]),
    );
    expect(result.kind).toBe('violation');
  });
});
