import { describe, expect, it } from 'vitest';
import { logEntry } from '../../../spec/raft/logEntry.js';
import { appendEntriesRequest, appendEntriesResponse } from '../../../spec/raft/messages.js';
import type { Role } from '../../../spec/raft/types.js';
import {
  cluster,
  copies,
  plainServer,
  receiveOnce,
  S1,
  S2,
  S3,
  successorsOfKind,
  type ServerPatch,
} from '../../fixtures/raftStates.js';

describe('ClientRequest', () => {
  it('appends each client value to the leader log in its current term, one successor per value (§5.3)', () => {
    const before = cluster({ [S1]: { currentTerm: 2, state: 'Leader', log: [[1, 1]] } });
    const found = successorsOfKind(before, 'ClientRequest');
    expect(found.map((t) => plainServer(t.state, S1).log)).toEqual([
      [
        [1, 1],
        [2, 1],
      ],
      [
        [1, 1],
        [2, 2],
      ],
    ]);
    for (const t of found) expect(t.state.messages.equals(before.messages)).toBe(true);
  });

  it.each<Role>(['Follower', 'Candidate'])('is not enabled for a %s (§5.3: clients talk to the leader)', (role) => {
    expect(successorsOfKind(cluster({ [S1]: { state: role } }), 'ClientRequest')).toEqual([]);
  });
});

describe('AdvanceCommitIndex', () => {
  it.each<[string, ServerPatch, number]>([
    [
      'commits the highest index a quorum holds, counting the leader itself (§5.3)',
      {
        currentTerm: 2,
        log: [
          [2, 1],
          [2, 1],
        ],
        matchIndex: [0, 2, 0],
      },
      2,
    ],
    [
      'commits only as far as a quorum holds (§5.3)',
      {
        currentTerm: 2,
        log: [
          [2, 1],
          [2, 1],
        ],
        matchIndex: [0, 1, 0],
      },
      1,
    ],
    [
      'commits an older entry together with a later one of its current term (§5.4.2)',
      {
        currentTerm: 3,
        log: [
          [2, 1],
          [3, 1],
        ],
        matchIndex: [0, 0, 2],
      },
      2,
    ],
    [
      'does not commit an entry of an older term by counting replicas (§5.4.2, Figure 8)',
      { currentTerm: 3, log: [[2, 1]], matchIndex: [0, 1, 1] },
      0,
    ],
    [
      'does not fall back to a lower index when the highest quorum index is of an older term (§5.4.2)',
      {
        currentTerm: 3,
        log: [
          [3, 1],
          [2, 1],
        ],
        matchIndex: [0, 2, 0],
        commitIndex: 0,
      },
      0,
    ],
    [
      "ignores the leader's own matchIndex entry: the leader always counts for itself (§5.3)",
      { currentTerm: 2, log: [[2, 1]], matchIndex: [5, 0, 0] },
      0,
    ],
    [
      'sets commitIndex to the quorum index even when that is lower, as raft.tla does',
      {
        currentTerm: 2,
        log: [
          [2, 1],
          [2, 1],
        ],
        matchIndex: [0, 1, 0],
        commitIndex: 2,
      },
      1,
    ],
  ])('%s', (_, leader, commitIndex) => {
    const before = cluster({ [S1]: { state: 'Leader', ...leader } });
    const found = successorsOfKind(before, 'AdvanceCommitIndex');
    expect(found).toHaveLength(1);
    expect(plainServer(found[0]!.state, S1)).toEqual({ ...plainServer(before, S1), commitIndex });
  });

  it('still fires, producing a successor equal to its source, when nothing changes', () => {
    const before = cluster({ [S1]: { currentTerm: 2, state: 'Leader', log: [[2, 1]], matchIndex: [0, 0, 0] } });
    const found = successorsOfKind(before, 'AdvanceCommitIndex');
    expect(found).toHaveLength(1);
    expect(found[0]!.state.equals(before)).toBe(true);
  });

  it.each<Role>(['Follower', 'Candidate'])('is not enabled for a %s', (role) => {
    expect(successorsOfKind(cluster({ [S1]: { state: role } }), 'AdvanceCommitIndex')).toEqual([]);
  });
});

describe('AppendEntries', () => {
  const leader: ServerPatch = {
    currentTerm: 2,
    state: 'Leader',
    log: [
      [1, 1],
      [2, 2],
    ],
    commitIndex: 2,
  };

  it.each<[string, number, ReturnType<typeof appendEntriesRequest>]>([
    [
      'sends no entry when nextIndex is past the log, with prevLogIndex = nextIndex - 1 (§5.3)',
      3,
      appendEntriesRequest(S1, S2, 2, 2, 2, null, 2),
    ],
    [
      'sends the one entry at nextIndex, with the term of the entry before it as prevLogTerm (§5.3)',
      2,
      appendEntriesRequest(S1, S2, 2, 1, 1, logEntry(2, 2), 2),
    ],
    [
      'sends commitIndex = min(commitIndex, index of the last entry sent), and prevLogTerm 0 at index 0 (§5.3)',
      1,
      appendEntriesRequest(S1, S2, 2, 0, 0, logEntry(1, 1), 1),
    ],
  ])('%s', (_, nextIndex, expected) => {
    const before = cluster({ [S1]: { ...leader, nextIndex: [3, nextIndex, 3] } });
    const found = successorsOfKind(before, 'AppendEntries').filter(
      (t) => t.action.kind === 'AppendEntries' && t.action.j === S2,
    );
    expect(found).toHaveLength(1);
    expect(copies(found[0]!.state, expected)).toBe(1);
    expect(found[0]!.state.messages.size).toBe(1);
    expect(found[0]!.state.servers.equals(before.servers)).toBe(true);
  });

  it('goes to every other server and never to the leader itself', () => {
    const s = cluster({ [S1]: { ...leader, nextIndex: [1, 1, 1] } });
    expect(successorsOfKind(s, 'AppendEntries').map((t) => t.action.kind === 'AppendEntries' && t.action.j)).toEqual([
      S2,
      S3,
    ]);
  });

  it.each<Role>(['Follower', 'Candidate'])('is not enabled for a %s', (role) => {
    expect(successorsOfKind(cluster({ [S1]: { state: role } }), 'AppendEntries')).toEqual([]);
  });
});

describe('HandleAppendEntriesRequest', () => {
  type Row = [
    name: string,
    receiver: ServerPatch,
    request: ReturnType<typeof appendEntriesRequest>,
    outcome: string,
    after: ServerPatch,
    reply: ReturnType<typeof appendEntriesResponse> | null,
  ];
  const follower = (p: ServerPatch): ServerPatch => ({ currentTerm: 2, state: 'Follower', ...p });
  it.each<Row>([
    [
      'rejects a request of an older term, answering with its own term (§5.1)',
      follower({ currentTerm: 3 }),
      appendEntriesRequest(S2, S1, 2, 0, 0, null, 0),
      'reject',
      {},
      appendEntriesResponse(S1, S2, 3, false, 0),
    ],
    [
      'rejects a request of an older term at a leader too (§5.1)',
      { currentTerm: 3, state: 'Leader' },
      appendEntriesRequest(S2, S1, 2, 0, 0, null, 0),
      'reject',
      {},
      appendEntriesResponse(S1, S2, 3, false, 0),
    ],
    [
      'rejects a request whose prevLogIndex is past its log (§5.3)',
      follower({ log: [] }),
      appendEntriesRequest(S2, S1, 2, 1, 1, null, 0),
      'reject',
      {},
      appendEntriesResponse(S1, S2, 2, false, 0),
    ],
    [
      'rejects a request whose prevLogTerm differs from its entry at prevLogIndex (§5.3)',
      follower({ log: [[1, 1]] }),
      appendEntriesRequest(S2, S1, 2, 1, 2, null, 0),
      'reject',
      {},
      appendEntriesResponse(S1, S2, 2, false, 0),
    ],
    [
      'returns a candidate to follower on a request of its term, leaving the request in the bag (§5.2)',
      { currentTerm: 2, state: 'Candidate', votesGranted: [S1], votesResponded: [S1] },
      appendEntriesRequest(S2, S1, 2, 0, 0, null, 0),
      'stepDown',
      { state: 'Follower' },
      null,
    ],
    [
      'returns a candidate to follower even when the request would fail the log check (§5.2)',
      { currentTerm: 2, state: 'Candidate' },
      appendEntriesRequest(S2, S1, 2, 1, 1, null, 0),
      'stepDown',
      { state: 'Follower' },
      null,
    ],
    [
      'accepts a heartbeat that matches its log: takes the commit index and answers success (§5.3)',
      follower({ log: [[2, 1]] }),
      appendEntriesRequest(S2, S1, 2, 1, 2, null, 1),
      'done',
      { commitIndex: 1 },
      appendEntriesResponse(S1, S2, 2, true, 1),
    ],
    [
      'takes the leader commit index even when it is lower than its own, as raft.tla does',
      follower({ log: [[2, 1]], commitIndex: 1 }),
      appendEntriesRequest(S2, S1, 2, 1, 2, null, 0),
      'done',
      { commitIndex: 0 },
      appendEntriesResponse(S1, S2, 2, true, 1),
    ],
    [
      'acknowledges an entry it already holds, with matchIndex = prevLogIndex + 1 (§5.3)',
      follower({ log: [[2, 1]] }),
      appendEntriesRequest(S2, S1, 2, 0, 0, logEntry(2, 1), 1),
      'done',
      { commitIndex: 1 },
      appendEntriesResponse(S1, S2, 2, true, 1),
    ],
    [
      'removes only its last entry on a conflict, not everything from the conflicting index, and keeps the request (§5.3)',
      follower({
        log: [
          [1, 1],
          [1, 2],
        ],
      }),
      appendEntriesRequest(S2, S1, 2, 0, 0, logEntry(2, 1), 0),
      'conflict',
      { log: [[1, 1]] },
      null,
    ],
    [
      'appends the entry when its log ends at prevLogIndex, keeping the request for a later answer (§5.3)',
      follower({ log: [[2, 1]] }),
      appendEntriesRequest(S2, S1, 2, 1, 2, logEntry(2, 2), 1),
      'append',
      {
        log: [
          [2, 1],
          [2, 2],
        ],
      },
      null,
    ],
  ])('%s', (_, receiver, m, outcome, after, reply) => {
    const before = cluster({ [S1]: receiver }, [m]);
    const result = receiveOnce(before, m);
    expect([result.handler, result.outcome]).toEqual(['HandleAppendEntriesRequest', outcome]);
    const expected = cluster({ [S1]: { ...receiver, ...after } }, reply === null ? [m] : [reply]);
    expect(plainServer(result.state, S1)).toEqual(plainServer(expected, S1));
    expect(result.state.messages.equals(expected.messages)).toBe(true);
  });

  it('acknowledges an appended entry when it receives the same request again (§5.3)', () => {
    const m = appendEntriesRequest(S2, S1, 2, 0, 0, logEntry(2, 1), 1);
    const appended = receiveOnce(cluster({ [S1]: { currentTerm: 2 } }, [m]), m);
    const done = receiveOnce(appended.state, m);
    expect([appended.outcome, done.outcome]).toEqual(['append', 'done']);
    expect(plainServer(done.state, S1)).toMatchObject({ log: [[2, 1]], commitIndex: 1 });
    expect(copies(done.state, appendEntriesResponse(S1, S2, 2, true, 1))).toBe(1);
  });
});

describe('HandleAppendEntriesResponse', () => {
  // A log of 2 entries, so that every nextIndex here is one AppendEntries can use.
  const leader: ServerPatch = {
    currentTerm: 2,
    state: 'Leader',
    log: [
      [2, 1],
      [2, 1],
    ],
    nextIndex: [3, 3, 3],
    matchIndex: [0, 1, 0],
  };
  it.each<[string, ServerPatch, ReturnType<typeof appendEntriesResponse>, ServerPatch]>([
    [
      'sets nextIndex to matchIndex + 1 and matchIndex from a success (§5.3)',
      leader,
      appendEntriesResponse(S2, S1, 2, true, 2),
      { nextIndex: [3, 3, 3], matchIndex: [0, 2, 0] },
    ],
    [
      'sets nextIndex and matchIndex from a success even when they go down, as raft.tla does',
      leader,
      appendEntriesResponse(S2, S1, 2, true, 0),
      { nextIndex: [3, 1, 3], matchIndex: [0, 0, 0] },
    ],
    [
      'decrements nextIndex after a failure and leaves matchIndex (§5.3)',
      leader,
      appendEntriesResponse(S2, S1, 2, false, 0),
      { nextIndex: [3, 2, 3] },
    ],
    [
      'never lowers nextIndex below 1 after a failure (§5.3)',
      { ...leader, nextIndex: [3, 1, 3] },
      appendEntriesResponse(S2, S1, 2, false, 0),
      { nextIndex: [3, 1, 3] },
    ],
    [
      'processes a response of its term at a follower too, as raft.tla does',
      { ...leader, state: 'Follower' },
      appendEntriesResponse(S2, S1, 2, true, 2),
      { matchIndex: [0, 2, 0] },
    ],
  ])('%s', (_, receiver, m, after) => {
    const before = cluster({ [S1]: receiver }, [m]);
    const result = receiveOnce(before, m);
    expect([result.handler, result.outcome]).toEqual([
      'HandleAppendEntriesResponse',
      m.success ? 'success' : 'failure',
    ]);
    expect(plainServer(result.state, S1)).toEqual({ ...plainServer(before, S1), ...after });
    expect(result.state.messages.size).toBe(0);
  });
});
