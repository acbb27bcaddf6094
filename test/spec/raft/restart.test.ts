import { describe, expect, it } from 'vitest';
import { requestVoteRequest } from '../../../spec/raft/messages.js';
import type { Role } from '../../../spec/raft/types.js';
import { cluster, handlerConfig, plainServer, S1, S2, S3, successorsOfKind } from '../../fixtures/raftStates.js';

const withRestart = { ...handlerConfig(), restart: true };

describe('Restart', () => {
  it.each<Role>(['Follower', 'Candidate', 'Leader'])(
    'makes a %s a follower that keeps currentTerm, votedFor and log and loses the rest (Figure 2)',
    (role) => {
      const m = requestVoteRequest(S2, S1, 3, 1, 1);
      const before = cluster(
        {
          [S1]: {
            currentTerm: 3,
            state: role,
            votedFor: S1,
            log: [[3, 1]],
            commitIndex: 1,
            votesResponded: [S1, S2],
            votesGranted: [S1],
            nextIndex: [2, 2, 1],
            matchIndex: [1, 1, 0],
          },
        },
        [m],
      );
      const found = successorsOfKind(before, 'Restart', withRestart).filter(
        (t) => t.action.kind === 'Restart' && t.action.i === S1,
      );
      expect(found).toHaveLength(1);
      expect(plainServer(found[0]!.state, S1)).toEqual({
        currentTerm: 3,
        state: 'Follower',
        votedFor: S1,
        log: [[3, 1]],
        commitIndex: 0,
        votesResponded: [],
        votesGranted: [],
        nextIndex: [1, 1, 1],
        matchIndex: [0, 0, 0],
      });
      // The network is not the server's: in-flight messages survive the restart.
      expect(found[0]!.state.messages.equals(before.messages)).toBe(true);
    },
  );

  it('is enabled for every server in every state, and only when the configuration includes it', () => {
    const s = cluster({ [S2]: { state: 'Leader' }, [S3]: { state: 'Candidate' } });
    expect(successorsOfKind(s, 'Restart', withRestart).map((t) => t.action.kind === 'Restart' && t.action.i)).toEqual([
      S1,
      S2,
      S3,
    ]);
    expect(successorsOfKind(s, 'Restart')).toEqual([]);
  });
});
