/** Raft's witnesses (spec/raft/witnesses.ts): which steps reach each, on both models, and how long the first is. */
import { describe, expect, it } from 'vitest';
import { checkRaft } from '../../../harness/checkRaft.js';
import type { RaftConfig } from '../../../spec/raft/config.js';
import type { RaftInvariant } from '../../../spec/raft/invariants.js';
import { logEntry } from '../../../spec/raft/logEntry.js';
import { appendEntriesRequest, appendEntriesResponse, requestVoteRequest } from '../../../spec/raft/messages.js';
import { fastRaftModel, raftActionNames, raftModel } from '../../../spec/raft/model.js';
import { toFlat } from '../../../spec/raft/codec.js';
import type { ClusterState } from '../../../spec/raft/state.js';
import { RAFT_WITNESSES } from '../../../spec/raft/witnesses.js';
import { cluster, handlerConfig, S1, S2, S3 } from '../../fixtures/raftStates.js';

/**
 * The labels of the steps from `s` that reach witness `name`, on the values model; the flat model must pick the
 * same steps (it lists the same successors in the same order).
 */
function reachingSteps(name: string, s: ClusterState): string[] {
  const config = handlerConfig(s.servers.size);
  const values = raftModel(config);
  const w = values.witnesses!.find((x) => x.name === name)!;
  const picked = values
    .next(s)
    .filter((t) => (w.actions ?? []).includes(values.actionName(t.action)) && w.reached(s, t.action, t.state))
    .map((t) => values.formatAction(t.action));
  const flat = fastRaftModel(config);
  const fw = flat.witnesses!.find((x) => x.name === name)!;
  const from = toFlat(flat.layout, s);
  const flatPicked: string[] = [];
  flat.forEachSuccessor!(from, (code, t) => {
    if ((fw.actions ?? []).includes(flat.actionName(code)) && fw.reached(from, code, t)) {
      flatPicked.push(values.formatAction(flat.actionOf(code, from)));
    }
  });
  expect(flatPicked).toEqual(picked);
  return picked;
}

describe('each witness is reached by the steps it names, and by no other', () => {
  it('LeaderElected and TwoLeaders: a candidate with a quorum leads, while an older leader still does', () => {
    const s = cluster({
      [S1]: { currentTerm: 2, state: 'Leader' },
      [S2]: { currentTerm: 3, state: 'Candidate', votesResponded: [S2, S3], votesGranted: [S2, S3] },
    });
    expect(reachingSteps('LeaderElected', s)).toEqual(['BecomeLeader s2']);
    expect(reachingSteps('TwoLeaders', s)).toEqual(['BecomeLeader s2']);
    const alone = cluster({ [S2]: { currentTerm: 3, state: 'Candidate', votesGranted: [S2, S3] } });
    expect(reachingSteps('TwoLeaders', alone)).toEqual([]);
  });

  it('EntryCommitted: an AdvanceCommitIndex that commits, not one that finds nothing to commit', () => {
    const s = cluster({
      [S1]: { currentTerm: 2, state: 'Leader', log: [[2, 1]], matchIndex: [0, 1, 0] },
      [S3]: { currentTerm: 2, state: 'Leader', log: [[2, 1]] },
    });
    expect(reachingSteps('EntryCommitted', s)).toEqual(['AdvanceCommitIndex s1']);
  });

  it('StaleLeaderRejected: a request of an older term refused, not one of the current term', () => {
    const s = cluster({ [S2]: { currentTerm: 3 } }, [
      appendEntriesRequest(S1, S2, 2, 0, 0, null, 0),
      // Current term, but the follower lacks the previous entry: refused, yet not stale.
      appendEntriesRequest(S3, S2, 3, 1, 3, null, 0),
    ]);
    expect(reachingSteps('StaleLeaderRejected', s)).toEqual(['HandleAppendEntriesRequest s1→s2 term=2 reject']);
  });

  it('LogBacktracked: a refused AppendEntries that lowers nextIndex, not one already at 1', () => {
    const s = cluster({ [S1]: { currentTerm: 2, state: 'Leader', log: [[2, 1]], nextIndex: [2, 2, 1] } }, [
      appendEntriesResponse(S2, S1, 2, false, 0),
      appendEntriesResponse(S3, S1, 2, false, 0),
    ]);
    expect(reachingSteps('LogBacktracked', s)).toEqual(['HandleAppendEntriesResponse s2→s1 term=2 failure']);
  });

  it('EntryOverwritten and EntryReplicated: a follower drops a conflicting entry; another appends', () => {
    const s = cluster({ [S2]: { currentTerm: 2, log: [[1, 1]] }, [S3]: { currentTerm: 2 } }, [
      appendEntriesRequest(S1, S2, 2, 0, 0, logEntry(2, 1), 0),
      appendEntriesRequest(S1, S3, 2, 0, 0, logEntry(2, 1), 0),
    ]);
    expect(reachingSteps('EntryOverwritten', s)).toEqual(['HandleAppendEntriesRequest s1→s2 term=2 conflict']);
    expect(reachingSteps('EntryReplicated', s)).toEqual(['HandleAppendEntriesRequest s1→s3 term=2 append']);
  });

  it('SplitVote: a candidate times out with no leader of its term; a follower timing out is not one', () => {
    const split = cluster({ [S1]: { currentTerm: 2, state: 'Candidate' } });
    expect(reachingSteps('SplitVote', split)).toEqual(['Timeout s1']);
    const won = cluster({ [S1]: { currentTerm: 2, state: 'Candidate' }, [S3]: { currentTerm: 2, state: 'Leader' } });
    expect(reachingSteps('SplitVote', won)).toEqual([]);
  });

  it('LeaderDeposed: a leader that learns of a higher term, not a follower that does', () => {
    const s = cluster({ [S1]: { currentTerm: 2, state: 'Leader' } }, [
      requestVoteRequest(S2, S1, 3, 0, 0),
      requestVoteRequest(S2, S3, 3, 0, 0),
    ]);
    expect(reachingSteps('LeaderDeposed', s)).toEqual(['UpdateTerm s2→s1 (RequestVoteRequest) term=3']);
  });

  it('covers every witness of the list', () => {
    expect(RAFT_WITNESSES.map((w) => w.name)).toEqual([
      'LeaderElected',
      'EntryReplicated',
      'EntryCommitted',
      'TwoLeaders',
      'StaleLeaderRejected',
      'LogBacktracked',
      'EntryOverwritten',
      'SplitVote',
      'LeaderDeposed',
    ]);
  });
});

/** TLC's L1 with one message in flight: 358 states, small enough for the reference engine; leaders and commits. */
const SMALL: RaftConfig = { ...handlerConfig(2, 1), maxTerm: 2, maxLogLen: 1, maxCopies: 1, maxInFlight: 1 };

const noLeader: RaftInvariant = {
  name: 'NoLeader',
  holds: (c) => Array.from({ length: c.n }, (_, i) => c.server(i).state).every((r) => r !== 'Leader'),
};
const nothingCommitted: RaftInvariant = {
  name: 'NothingCommitted',
  holds: (c) => Array.from({ length: c.n }, (_, i) => c.server(i).commitIndex).every((k) => k === 0),
};

describe('witness lengths in a check', () => {
  const result = checkRaft(SMALL);

  it('equal the shortest counterexample to "it never happens", for the witnesses a state shows', () => {
    for (const [witness, never] of [
      ['LeaderElected', noLeader],
      ['EntryCommitted', nothingCommitted],
    ] as const) {
      const broken = checkRaft(SMALL, [], {}, 'flat', [never]);
      expect(broken.kind).toBe('violation');
      if (broken.kind !== 'violation') continue;
      expect(result.stats.witnesses?.[witness]).toBe(broken.trace.length);
    }
  });

  it('are the same on the reference engine', () => {
    expect(checkRaft(SMALL, [], {}, 'reference').stats.witnesses).toEqual(result.stats.witnesses);
  });
});

describe('raftActionNames', () => {
  it("names raft.tla's actions, without those the configuration leaves out, and a variant's only when on", () => {
    const names = raftActionNames(SMALL);
    expect(names).toContain('DropStaleResponse');
    for (const off of ['Restart', 'DuplicateMessage', 'DropMessage', 'StartElection', 'CheckQuorum']) {
      expect(names).not.toContain(off);
    }
    const on = raftActionNames({ ...SMALL, restart: true, drop: true, variants: ['prevote', 'check-quorum'] });
    for (const name of ['Restart', 'DropMessage', 'RequestPreVote', 'HandlePreVoteResponse', 'CheckQuorum']) {
      expect(on).toContain(name);
    }
    expect(on).not.toContain('DuplicateMessage');
  });
});
