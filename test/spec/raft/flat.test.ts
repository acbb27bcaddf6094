import { fc, test } from '@fast-check/vitest';
import { is } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/bfs.js';
import { BUGS } from '../../../spec/raft/bugs.js';
import { checkRaft } from '../../../spec/raft/checkRaft.js';
import type { RaftConfig } from '../../../spec/raft/config.js';
import { fromFlat, toFlat } from '../../../spec/raft/flat/codec.js';
import { flatRaftModel } from '../../../spec/raft/flat/model.js';
import { raftModel } from '../../../spec/raft/model.js';
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

const configs: RaftConfig[] = [
  base,
  { ...base, servers: 2, values: 1, maxLogLen: 1, maxInFlight: 0 },
  { ...base, servers: 4, maxTerm: 4, restart: false },
];

const bugSets: string[][] = [[], ...BUGS.map((b) => [b.name])];

/** Walks the reference model by `choices`, comparing both engines on every state and every successor. */
function walkAndCompare(config: RaftConfig, bugs: string[], choices: number[]): void {
  const reference = raftModel(config, bugs);
  const flat = flatRaftModel(config, bugs);
  let state: ClusterState = reference.initialStates()[0]!;
  expect(flat.initialStates()[0]).toEqual(toFlat(flat.layout, state));
  for (const choice of choices) {
    const words = toFlat(flat.layout, state);
    const expected = reference.next(state);
    const actual = flat.next(words);
    expect(actual.map((t) => flat.actionName(t.action))).toEqual(expected.map((t) => reference.actionName(t.action)));
    expected.forEach((t, k) => {
      const twin = actual[k]!.state;
      expect(is(fromFlat(flat.layout, twin), t.state)).toBe(true);
      expect(twin).toEqual(toFlat(flat.layout, t.state));
      reference.invariants.forEach((inv, n) => {
        expect(flat.invariants[n]!.holds(twin)).toBe(inv.holds(t.state));
      });
      reference.bounds.forEach((bound, n) => {
        expect(flat.bounds[n]!.holds(twin)).toBe(bound.holds(t.state));
      });
    });
    const inBounds = expected.filter((t) => reference.bounds.every((b) => b.holds(t.state)));
    if (inBounds.length === 0) return;
    state = inBounds[choice % inBounds.length]!.state;
  }
}

describe('the flat engine', () => {
  test.prop([fc.constantFrom(...configs), fc.constantFrom(...bugSets), fc.array(fc.nat(), { maxLength: 60 })], {
    numRuns: 150,
    seed: 20261125,
  })(
    'lists the same labelled successors as the reference spec, in the same order, on random walks',
    (config, bugs, choices) => {
      walkAndCompare(config, bugs, choices);
    },
  );

  it('finds the same counts as the reference engine with restarts, duplication and loss', () => {
    const config = { ...base, servers: 2, values: 1, maxLogLen: 1, maxCopies: 1, maxInFlight: 2, maxTerm: 2 };
    const flat = check(flatRaftModel(config));
    const reference = check(raftModel(config));
    expect(flat.stats.distinctStates).toBe(reference.stats.distinctStates);
    expect(flat.stats.generatedStates).toBe(reference.stats.generatedStates);
    expect(flat.stats.depth).toBe(reference.stats.depth);
    expect(flat.stats.actions).toEqual(reference.stats.actions);
  });

  // The bugs that two servers expose within a few thousand states; the others are covered by the walks above.
  it.each(['double-vote', 'stale-vote-count', 'forget-on-restart'])(
    'gives the reference engine’s counterexample for bug %s',
    (bug) => {
      const config = { ...base, servers: 2, values: 1, maxLogLen: 1, maxCopies: 1, maxInFlight: 2, maxTerm: 3 };
      const fast = checkRaft(config, [bug], {}, 'flat');
      const slow = checkRaft(config, [bug], {}, 'reference');
      if (fast.kind !== 'violation' || slow.kind !== 'violation') throw new Error(`${bug} was not caught`);
      expect(fast.invariant).toBe(slow.invariant);
      expect(fast.stats.distinctStates).toBe(slow.stats.distinctStates);
      expect(fast.trace.length).toBe(slow.trace.length);
      fast.trace.forEach((step, k) => {
        expect(is(step.state, slow.trace[k]!.state)).toBe(true);
      });
    },
  );
});
