import { describe, expect, it } from 'vitest';
import { requestVoteRequest, requestVoteResponse } from '../../../spec/raft/messages.js';
import type { Role, ServerId } from '../../../spec/raft/types.js';
import {
  cluster,
  copies,
  handlerConfig,
  plainServer,
  receiveOnce,
  S1,
  S2,
  S3,
  successorsOfKind,
  type ServerPatch,
} from '../../fixtures/raftStates.js';

describe('Timeout', () => {
  it.each<Role>(['Follower', 'Candidate'])(
    'makes a %s a candidate of the next term with no vote and no votes counted (§5.2)',
    (role) => {
      const before = cluster({
        [S1]: {
          currentTerm: 2,
          state: role,
          votedFor: S2,
          votesResponded: [S1, S2],
          votesGranted: [S1],
          log: [[1, 1]],
        },
      });
      const [timeout, ...rest] = successorsOfKind(before, 'Timeout').filter(
        (t) => t.action.kind === 'Timeout' && t.action.i === S1,
      );
      expect(rest).toEqual([]);
      expect(plainServer(timeout!.state, S1)).toEqual({
        ...plainServer(before, S1),
        state: 'Candidate',
        currentTerm: 3,
        votedFor: null,
        votesResponded: [],
        votesGranted: [],
      });
      // The candidate asks for votes, its own included, in separate RequestVote steps.
      expect(timeout!.state.messages.size).toBe(0);
    },
  );

  it('is not enabled for a leader (§5.2)', () => {
    const s = cluster({ [S1]: { state: 'Leader' } });
    expect(successorsOfKind(s, 'Timeout').map((t) => t.action.kind === 'Timeout' && t.action.i)).toEqual([S2, S3]);
  });
});

describe('RequestVote', () => {
  const candidate: ServerPatch = { currentTerm: 2, state: 'Candidate', log: [[1, 1]] };

  it('sends every server, the candidate itself included, a request with its last log term and index (§5.2, §5.4.1)', () => {
    const before = cluster({ [S1]: candidate });
    const sent = successorsOfKind(before, 'RequestVote');
    expect(sent.map((t) => t.action.kind === 'RequestVote' && [t.action.i, t.action.j])).toEqual([
      [S1, S1],
      [S1, S2],
      [S1, S3],
    ]);
    for (const [k, t] of sent.entries()) {
      expect(copies(t.state, requestVoteRequest(S1, k, 2, 1, 1))).toBe(1);
      expect(t.state.servers.equals(before.servers)).toBe(true);
    }
  });

  it('stops asking a server once its answer is counted in votesResponded (§5.2)', () => {
    const s = cluster({ [S1]: { ...candidate, votesResponded: [S1, S3] } });
    expect(successorsOfKind(s, 'RequestVote').map((t) => t.action.kind === 'RequestVote' && t.action.j)).toEqual([S2]);
  });

  it('adds another copy when the same request is sent again', () => {
    const m = requestVoteRequest(S1, S2, 2, 1, 1);
    const s = cluster({ [S1]: candidate }, [m]);
    const again = successorsOfKind(s, 'RequestVote').find((t) => t.action.kind === 'RequestVote' && t.action.j === S2);
    expect(copies(again!.state, m)).toBe(2);
  });

  it.each<Role>(['Follower', 'Leader'])('is not enabled for a %s', (role) => {
    expect(successorsOfKind(cluster({ [S1]: { state: role } }), 'RequestVote')).toEqual([]);
  });
});

describe('BecomeLeader', () => {
  it.each<[number, ServerId[], boolean]>([
    [1, [S1], true],
    [2, [S1], false],
    [2, [S1, S2], true],
    [3, [S1], false],
    [3, [S1, S2], true],
    [3, [S2, S3], true],
    [5, [S1, S2], false],
    [5, [S1, S2, S3], true],
  ])('with %i servers and votes from %j, leads: %s (§5.2, a quorum is more than half)', (n, granted, leads) => {
    const before = cluster(
      { [S1]: { currentTerm: 2, state: 'Candidate', votesGranted: granted, votesResponded: granted, log: [[1, 1]] } },
      [],
      n,
    );
    const found = successorsOfKind(before, 'BecomeLeader', handlerConfig(n));
    expect(found).toHaveLength(leads ? 1 : 0);
    if (!leads) return;
    expect(plainServer(found[0]!.state, S1)).toEqual({
      ...plainServer(before, S1),
      state: 'Leader',
      nextIndex: Array.from({ length: n }, () => 2),
      matchIndex: Array.from({ length: n }, () => 0),
    });
  });

  it.each<Role>(['Follower', 'Leader'])('is not enabled for a %s, whatever votes it holds', (role) => {
    const s = cluster({ [S1]: { state: role, votesGranted: [S1, S2, S3] } });
    expect(successorsOfKind(s, 'BecomeLeader')).toEqual([]);
  });
});

describe('HandleRequestVoteRequest', () => {
  it.each<[string, ServerPatch, [number, number, number], boolean]>([
    ['grants a vote to a candidate of its term when it has not voted (§5.2)', {}, [2, 0, 0], true],
    ['grants the vote again to the candidate it already voted for (§5.2)', { votedFor: S2 }, [2, 0, 0], true],
    ['refuses a second candidate in the same term (§5.2)', { votedFor: S3 }, [2, 0, 0], false],
    ['refuses a candidate of an older term (§5.1)', { currentTerm: 3 }, [2, 0, 0], false],
    ['refuses a candidate whose last log term is lower (§5.4.1)', { log: [[2, 1]] }, [2, 1, 5], false],
    [
      'grants a candidate whose last log term is higher, even with a shorter log (§5.4.1)',
      {
        log: [
          [1, 1],
          [1, 1],
        ],
      },
      [2, 2, 1],
      true,
    ],
    [
      'refuses a candidate whose log has the same last term but is shorter (§5.4.1)',
      {
        log: [
          [1, 1],
          [1, 1],
        ],
      },
      [2, 1, 1],
      false,
    ],
    [
      'grants a candidate whose log has the same last term and is as long (§5.4.1)',
      {
        log: [
          [1, 1],
          [1, 1],
        ],
      },
      [2, 1, 2],
      true,
    ],
  ])('%s', (_, voter, [term, lastLogTerm, lastLogIndex], granted) => {
    const m = requestVoteRequest(S2, S1, term, lastLogTerm, lastLogIndex);
    const before = cluster({ [S1]: { currentTerm: 2, ...voter } }, [m]);
    const voterTerm = voter.currentTerm ?? 2;
    const { handler, outcome, state } = receiveOnce(before, m);
    expect([handler, outcome]).toEqual(['HandleRequestVoteRequest', granted ? 'granted' : 'refused']);
    expect(plainServer(state, S1)).toEqual({
      ...plainServer(before, S1),
      votedFor: granted ? S2 : (voter.votedFor ?? null),
    });
    // The reply carries the voter's term and replaces the request.
    expect(copies(state, m)).toBe(0);
    expect(copies(state, requestVoteResponse(S1, S2, voterTerm, granted))).toBe(1);
    expect(state.messages.size).toBe(1);
  });

  it('lets a candidate vote for itself through its own request (§5.2)', () => {
    const m = requestVoteRequest(S1, S1, 2, 0, 0);
    const { outcome, state } = receiveOnce(cluster({ [S1]: { currentTerm: 2, state: 'Candidate' } }, [m]), m);
    expect(outcome).toBe('granted');
    expect(plainServer(state, S1).votedFor).toBe(S1);
    expect(copies(state, requestVoteResponse(S1, S1, 2, true))).toBe(1);
  });

  it('removes one copy of a duplicated request', () => {
    const m = requestVoteRequest(S2, S1, 2, 0, 0);
    const { state } = receiveOnce(cluster({ [S1]: { currentTerm: 2 } }, [m, m]), m);
    expect(copies(state, m)).toBe(1);
  });
});

describe('HandleRequestVoteResponse', () => {
  it.each<[string, Role, boolean]>([
    ['counts a granted vote of its term in votesResponded and votesGranted (§5.2)', 'Candidate', true],
    ['counts a refused vote of its term in votesResponded only (§5.2)', 'Candidate', false],
    ['counts a vote of its term at a follower too, as raft.tla does', 'Follower', true],
    ['counts a vote of its term at a leader too, as raft.tla does', 'Leader', true],
  ])('%s', (_, role, granted) => {
    const m = requestVoteResponse(S2, S1, 2, granted);
    const before = cluster({ [S1]: { currentTerm: 2, state: role, votesResponded: [S1], votesGranted: [S1] } }, [m]);
    const { handler, outcome, state } = receiveOnce(before, m);
    expect([handler, outcome]).toEqual(['HandleRequestVoteResponse', granted ? 'granted' : 'refused']);
    expect(plainServer(state, S1)).toEqual({
      ...plainServer(before, S1),
      votesResponded: [S1, S2],
      votesGranted: granted ? [S1, S2] : [S1],
    });
    expect(state.messages.size).toBe(0);
  });
});
