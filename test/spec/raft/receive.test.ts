import { describe, expect, it } from 'vitest';
import {
  appendEntriesRequest,
  appendEntriesResponse,
  requestVoteRequest,
  requestVoteResponse,
  type Message,
} from '../../../spec/raft/messages.js';
import type { Role } from '../../../spec/raft/types.js';
import {
  cluster,
  copies,
  plainServer,
  receiveOnce,
  receives,
  S1,
  S2,
  S3,
  type ServerPatch,
} from '../../fixtures/raftStates.js';

/** s1 with something in every variable, so that the tests can see what a handler leaves alone. */
const busy = (role: Role): ServerPatch => ({
  currentTerm: 2,
  state: role,
  votedFor: S1,
  log: [[1, 1]],
  commitIndex: 1,
  votesResponded: [S1, S3],
  votesGranted: [S1],
  nextIndex: [2, 1, 2],
  matchIndex: [0, 0, 1],
});

const newerMessages: [string, Message][] = [
  ['RequestVoteRequest', requestVoteRequest(S2, S1, 3, 0, 0)],
  ['RequestVoteResponse', requestVoteResponse(S2, S1, 3, true)],
  ['AppendEntriesRequest', appendEntriesRequest(S2, S1, 3, 0, 0, null, 0)],
  ['AppendEntriesResponse', appendEntriesResponse(S2, S1, 3, true, 1)],
];

describe('Receive: UpdateTerm', () => {
  describe.each<Role>(['Follower', 'Candidate', 'Leader'])('for a %s', (role) => {
    it.each(newerMessages)(
      'adopts the newer term of a %s, steps down, clears votedFor and leaves the message in the bag (§5.1)',
      (_, m) => {
        const before = cluster({ [S1]: busy(role) }, [m]);
        const { handler, state } = receiveOnce(before, m);
        expect(handler).toBe('UpdateTerm');
        expect(plainServer(state, S1)).toEqual({
          ...plainServer(before, S1),
          currentTerm: 3,
          state: 'Follower',
          votedFor: null,
        });
        expect(state.messages.equals(before.messages)).toBe(true);
        expect(state.servers.delete(S1).equals(before.servers.delete(S1))).toBe(true);
      },
    );
  });

  it('hands the message to its handler on the next Receive, now in the same term (§5.1)', () => {
    const m = requestVoteRequest(S2, S1, 3, 1, 1);
    const updated = receiveOnce(cluster({ [S1]: busy('Leader') }, [m]), m).state;
    expect(receiveOnce(updated, m)).toMatchObject({ handler: 'HandleRequestVoteRequest', outcome: 'granted' });
  });
});

describe('Receive: DropStaleResponse', () => {
  it.each([
    ['RequestVoteResponse', requestVoteResponse(S2, S1, 1, true)],
    ['AppendEntriesResponse', appendEntriesResponse(S2, S1, 1, true, 1)],
  ])('discards a %s of an older term and changes nothing else (§5.1)', (_, m) => {
    const before = cluster({ [S1]: busy('Leader') }, [m]);
    const { handler, state } = receiveOnce(before, m);
    expect(handler).toBe('DropStaleResponse');
    expect(copies(state, m)).toBe(0);
    expect(state.servers.equals(before.servers)).toBe(true);
    expect(state.messages.size).toBe(before.messages.size - 1);
  });
});

describe('Receive: disabled cases', () => {
  it('has no Receive for an AppendEntriesRequest of its own term at a leader (§5.2: one leader per term)', () => {
    const m = appendEntriesRequest(S2, S1, 2, 0, 0, null, 0);
    expect(receives(cluster({ [S1]: busy('Leader') }, [m]), m)).toEqual([]);
  });

  it('offers one Receive per distinct message, however many copies are in flight', () => {
    const m = requestVoteRequest(S2, S1, 2, 0, 0);
    const s = cluster({ [S1]: { currentTerm: 2 } }, [m, m, m]);
    expect(copies(s, m)).toBe(3);
    expect(receives(s, m)).toHaveLength(1);
  });
});
