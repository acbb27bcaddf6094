import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { requestVoteRequest, requestVoteResponse } from '../../../spec/raft/messages.js';
import { raftModel } from '../../../spec/raft/model.js';
import { snapshot } from '../../contract/assertModelContract.js';
import { smallConfig, walk } from '../../fixtures/raftArbitraries.js';
import { cluster, copies, handlerConfig, S1, S2, successorsOfKind } from '../../fixtures/raftStates.js';

// Long enough that about one walk in four elects a leader and one in eight commits an entry.
const choices = fc.array(fc.nat(), { minLength: 40, maxLength: 100 });

describe('next on random walks', () => {
  it.prop([smallConfig, choices])('never mutates its input, not even later through shared structure', (config, cs) => {
    const model = raftModel(config);
    const visited: [ReturnType<typeof snapshot>, ReturnType<typeof walk>[number]['state']][] = [];
    for (const { state } of walk(model, cs)) {
      const before = snapshot(state);
      model.next(state);
      expect(snapshot(state)).toBe(before);
      visited.push([before, state]);
    }
    for (const [before, state] of visited) expect(snapshot(state)).toBe(before);
  });

  it.prop([smallConfig, choices])(
    'keeps every invariant in every state it reaches and every successor, bound-breaking ones included',
    (config, cs) => {
      const model = raftModel(config);
      for (const { state, successors } of walk(model, cs)) {
        for (const s of [state, ...successors.map((t) => t.state)]) {
          expect(model.invariants.filter((i) => !i.holds(s)).map((i) => i.name)).toEqual([]);
        }
      }
    },
  );
});

describe('DuplicateMessage and DropMessage', () => {
  const m = requestVoteRequest(S1, S2, 2, 0, 0);
  const twice = requestVoteResponse(S2, S1, 2, true);
  const s = cluster({}, [m, twice, twice]);
  const both = { ...handlerConfig(), duplicate: true, drop: true };

  it('adds one copy of each distinct message in flight, one successor per message', () => {
    const found = successorsOfKind(s, 'DuplicateMessage', both);
    expect(found).toHaveLength(2);
    expect(found.map((t) => [copies(t.state, m), copies(t.state, twice)]).sort()).toEqual([
      [1, 3],
      [2, 2],
    ]);
  });

  it('removes one copy of each distinct message in flight, and the message with its last copy', () => {
    const found = successorsOfKind(s, 'DropMessage', both);
    expect(found).toHaveLength(2);
    expect(found.map((t) => [copies(t.state, m), copies(t.state, twice), t.state.messages.size]).sort()).toEqual([
      [0, 2, 1],
      [1, 1, 2],
    ]);
  });

  it('is not enabled when the configuration leaves it out', () => {
    expect(successorsOfKind(s, 'DuplicateMessage')).toEqual([]);
    expect(successorsOfKind(s, 'DropMessage')).toEqual([]);
  });
});
