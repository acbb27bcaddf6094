/** The membership variant (Ongaro's thesis §4.1; docs/variants.md): its handlers, layout, invariant and bug. */
import { is } from 'immutable';
import { checkRaft } from '../../../harness/checkRaft.js';
import { describe, expect, it } from 'vitest';
import type { ItfTrace } from '../../../traces/itf.js';
import { modelFromItfMeta, raftStepsFromItf, raftTraceToItf } from '../../../traces/raft/itf.js';
import { replay } from '../../../traces/replay.js';
import type { RaftAction } from '../../../spec/raft/actions.js';
import { configError, type RaftConfig } from '../../../spec/raft/config.js';
import { formatAction } from '../../../spec/raft/format.js';
import { configValue } from '../../../spec/raft/logEntry.js';
import { majoritiesOverlap } from '../../../spec/raft/variants/membership.js';
import { raftLayout, raftModel } from '../../../spec/raft/model.js';
import { initialState, type ClusterState } from '../../../spec/raft/state.js';
import { valueName } from '../../../spec/raft/types.js';
import { ELECT_S1_BY_S2 } from '../../fixtures/labelWalk.js';

/** Three servers that can ever be members, s1 and s2 in the first configuration. */
const M: RaftConfig = {
  servers: 3,
  values: 1,
  maxTerm: 3,
  maxLogLen: 3,
  maxCopies: 1,
  maxInFlight: 0,
  restart: false,
  duplicate: false,
  drop: false,
  variants: ['membership'],
};

function labels(config: RaftConfig, s: ClusterState, bugs: string[] = []): string[] {
  return raftModel(config, bugs)
    .next(s)
    .map((t) => formatAction(t.action));
}

function step(config: RaftConfig, s: ClusterState, label: string, bugs: string[] = []): ClusterState {
  const found = raftModel(config, bugs)
    .next(s)
    .find((t) => formatAction(t.action) === label);
  if (found === undefined) throw new Error(`no successor '${label}' among ${labels(config, s, bugs).join('; ')}`);
  return found.state;
}

function walk(config: RaftConfig, steps: string[], from = initialState(config.servers), bugs: string[] = []) {
  return steps.reduce((s, label) => step(config, s, label, bugs), from);
}

/** s1 elected in term 2 by s1 and s2, the two members of the first configuration. */
const ELECT_S1 = [...ELECT_S1_BY_S2];

/** Then s1 commits a client value of its term with s2. */
const COMMIT_V1 = [
  'ClientRequest s1 v1',
  'AppendEntries s1→s2',
  'HandleAppendEntriesRequest s1→s2 term=2 append',
  'HandleAppendEntriesRequest s1→s2 term=2 done',
  'HandleAppendEntriesResponse s2→s1 term=2 success',
  'AdvanceCommitIndex s1',
];

describe('membership: off by default, so raft.tla is unchanged', () => {
  it('takes no word of the layout: a configuration is an entry value, negative (logEntry.ts)', () => {
    const off = { ...M, variants: [] };
    expect(raftLayout(M).serverWords).toBe(raftLayout(off).serverWords);
    expect(raftLayout(M).initialMembers).toBe(0b011);
    expect(raftLayout(off).initialMembers).toBe(0b111);
    expect(valueName(configValue(0b101))).toBe('{s1,s3}');
  });

  it('rejects --initial-members out of range or without the variant, in one line', () => {
    expect(configError({ ...M, initialMembers: 4 })).toBe(
      'initialMembers must be an integer from 1 to servers (3), got 4',
    );
    expect(configError({ ...M, variants: [], initialMembers: 2 })).toBe('initialMembers needs the membership variant');
    expect(configError({ ...M, initialMembers: 3 })).toBeUndefined();
  });
});

describe('membership handlers (thesis §4.1)', () => {
  it('lets only members of their own configuration time out (§4.2.2: s3 is not one yet)', () => {
    const first = labels(M, initialState(3));
    expect(first).toContain('Timeout s1');
    expect(first).not.toContain('Timeout s3');
  });

  it('elects with a majority of the configuration and asks only its members for votes', () => {
    const candidate = walk(M, ELECT_S1.slice(0, 4));
    expect(labels(M, candidate)).not.toContain('RequestVote s1→s3');
    // One vote of two members is not a majority of {s1, s2}; raft.tla's 2 of 3 would not be either.
    expect(labels(M, candidate)).not.toContain('BecomeLeader s1');
    const leader = walk(M, ELECT_S1);
    expect(leader.servers.get(0)!.state).toBe('Leader');
    expect(labels(M, leader)).not.toContain('AppendEntries s1→s3');
  });

  it('lets a new leader change the configuration only after committing an entry of its term (raft-dev, 2015)', () => {
    const leader = walk(M, ELECT_S1);
    expect(labels(M, leader).filter((l) => l.startsWith('AddServer') || l.startsWith('RemoveServer'))).toEqual([]);
    // Without the fix, it may change it at once.
    expect(labels(M, leader, ['reconfig-without-term-commit'])).toContain('AddServer s1 s3');
    const committed = walk(M, COMMIT_V1, leader);
    expect(committed.servers.get(0)!.commitIndex).toBe(1);
    expect(labels(M, committed)).toEqual(
      expect.arrayContaining(['AddServer s1 s3', 'RemoveServer s1 s1', 'RemoveServer s1 s2']),
    );
  });

  it('uses a configuration entry as soon as it is in the log, one change at a time (§4.1)', () => {
    const added = walk(M, [...COMMIT_V1, 'AddServer s1 s3'], walk(M, ELECT_S1));
    const log = added.servers.get(0)!.log;
    expect(log.map((e) => `${e.term}:${valueName(e.value)}`).toArray()).toEqual(['2:v1', '2:{s1,s2,s3}']);
    const next = labels(M, added);
    expect(next).toContain('AppendEntries s1→s3');
    // The change is not committed yet: no second one.
    expect(next.filter((l) => l.startsWith('AddServer') || l.startsWith('RemoveServer'))).toEqual([]);
    // Commit now needs two of three: s1 alone (with s2 on the old entry only) does not commit index 2.
    const s = step(M, added, 'AdvanceCommitIndex s1');
    expect(s.servers.get(0)!.commitIndex).toBe(1);
  });

  it('steps a leader down once its own removal is committed (§4.2.2)', () => {
    let s = walk(M, [...COMMIT_V1, 'RemoveServer s1 s1'], walk(M, ELECT_S1));
    s = walk(
      M,
      [
        'AppendEntries s1→s2',
        'HandleAppendEntriesRequest s1→s2 term=2 append',
        'HandleAppendEntriesRequest s1→s2 term=2 done',
        'HandleAppendEntriesResponse s2→s1 term=2 success',
      ],
      s,
    );
    expect(s.servers.get(0)!.state).toBe('Leader');
    s = step(M, s, 'AdvanceCommitIndex s1');
    expect([s.servers.get(0)!.state, s.servers.get(0)!.commitIndex]).toEqual(['Follower', 2]);
    // Not a member of its configuration {s2}: it no longer times out; s2 does.
    expect(labels(M, s)).not.toContain('Timeout s1');
    expect(labels(M, s)).toContain('Timeout s2');
  });
});

describe('membership state counts (docs/variants.md, bounds C)', () => {
  it('explores 2,166 states, every invariant holding, on 3 servers (2 members), maxTerm 2, maxLog 2', () => {
    const C: RaftConfig = { ...M, maxTerm: 2, maxLogLen: 2, maxInFlight: 1 };
    const r = checkRaft(C);
    expect([r.kind, r.stats.distinctStates]).toEqual(['ok', 2166]);
    // The bug is not reachable there: a change and a rival change need two terms after the first election.
    expect(checkRaft(C, BUG).kind).toBe('ok');
  });
});

describe('QuorumOverlap', () => {
  it('knows which configurations have overlapping majorities', () => {
    // One server added or removed: always overlapping (thesis §4.1, Figure 4.3).
    expect(majoritiesOverlap(0b1111, 0b11111)).toBe(true);
    expect(majoritiesOverlap(0b1111, 0b0111)).toBe(true);
    // Two changes made from {s1..s4}: adding s5 and removing s4 (Ongaro's 2015 example) do not overlap.
    expect(majoritiesOverlap(0b11111, 0b0111)).toBe(false);
    expect(majoritiesOverlap(0b1110, 0b1101)).toBe(false);
  });
});

/** Five servers that can ever be members, s1..s4 in the first configuration: Ongaro's 2015 example. */
const FIVE: RaftConfig = { ...M, servers: 5, maxTerm: 4, maxLogLen: 1 };
const BUG = ['reconfig-without-term-commit'];

function vote(candidate: string, voter: string, term: number, update: boolean, reply = true): string[] {
  return [
    `RequestVote ${candidate}→${voter}`,
    ...(update ? [`UpdateTerm ${candidate}→${voter} (RequestVoteRequest) term=${term}`] : []),
    `HandleRequestVoteRequest ${candidate}→${voter} term=${term} granted`,
    ...(reply ? [`HandleRequestVoteResponse ${voter}→${candidate} term=${term} granted`] : []),
  ];
}

/**
 * raft-dev, July 2015, in this model's actions: s1 leads term 2 and, before committing anything, adds s5 (C1 =
 * s1..s5), which only s5 receives; s2 leads term 3 on the first configuration, removes s4 (C2 = s1..s3) and
 * commits that with s3; s1 then wins term 4 with s4 and s5, a majority of C1 that C2's majority never met.
 */
const ONGARO_2015 = [
  'Timeout s1',
  ...vote('s1', 's1', 2, false),
  ...vote('s1', 's2', 2, true),
  ...vote('s1', 's3', 2, true),
  'BecomeLeader s1',
  'AddServer s1 s5',
  'AppendEntries s1→s5',
  'UpdateTerm s1→s5 (AppendEntriesRequest) term=2',
  'HandleAppendEntriesRequest s1→s5 term=2 append',
  'Timeout s2',
  ...vote('s2', 's2', 3, false),
  ...vote('s2', 's3', 3, true),
  ...vote('s2', 's4', 3, true),
  // s1 hears of term 3 and steps down (it refuses the vote: its log is ahead).
  'RequestVote s2→s1',
  'UpdateTerm s2→s1 (RequestVoteRequest) term=3',
  'BecomeLeader s2',
  'RemoveServer s2 s4',
  'AppendEntries s2→s3',
  'HandleAppendEntriesRequest s2→s3 term=3 append',
  'HandleAppendEntriesRequest s2→s3 term=3 done',
  'HandleAppendEntriesResponse s3→s2 term=3 success',
  'AdvanceCommitIndex s2',
  'Timeout s1',
  ...vote('s1', 's1', 4, false),
  ...vote('s1', 's4', 4, true),
  ...vote('s1', 's5', 4, true),
  'BecomeLeader s1',
];

function broken(config: RaftConfig, s: ClusterState, bugs: string[]): string[] {
  return raftModel(config, bugs)
    .invariants.filter((i) => !i.holds(s))
    .map((i) => i.name);
}

describe('reconfig-without-term-commit (Ongaro, raft-dev, July 2015)', () => {
  it('loses a committed entry: two changes from one configuration have disjoint majorities', () => {
    let s = initialState(5);
    ONGARO_2015.forEach((label, k) => {
      s = step(FIVE, s, label, BUG);
      if (k < ONGARO_2015.length - 1) expect(broken(FIVE, s, BUG), label).toEqual([]);
    });
    expect(s.servers.get(1)!.commitIndex).toBe(1);
    // 51 actions, 52 states with the initial one (docs/variants.md, docs/bugs.md).
    expect(ONGARO_2015.length).toBe(51);
    expect(broken(FIVE, s, BUG)).toEqual(['LeaderCompleteness', 'QuorumOverlap']);
  });

  it('is not a behaviour of the fixed rule: s1 may not add s5 before committing an entry of term 2', () => {
    const at = ONGARO_2015.indexOf('AddServer s1 s5');
    const before = walk(FIVE, ONGARO_2015.slice(0, at), initialState(5), BUG);
    expect(labels(FIVE, before, BUG)).toContain('AddServer s1 s5');
    expect(labels(FIVE, before)).not.toContain('AddServer s1 s5');
  });

  it('round-trips the counterexample through ITF, and replays it to the same violation', () => {
    const model = raftModel(FIVE, BUG);
    const trace = [{ state: initialState(5), action: null }] as { state: ClusterState; action: RaftAction | null }[];
    for (const label of ONGARO_2015) {
      const t = model.next(trace.at(-1)!.state).find((x) => formatAction(x.action) === label)!;
      trace.push({ state: t.state, action: t.action });
    }
    const itf = JSON.parse(
      JSON.stringify(raftTraceToItf(trace, model, { status: 'violation', description: 'test' })),
    ) as ItfTrace;
    const log = (itf.states.at(-1)!.values.log as { '#map': [string, unknown[]][] })['#map'][0]![1];
    expect(log).toEqual([{ term: { '#bigint': '2' }, config: { '#set': ['s1', 's2', 's3', 's4', 's5'] } }]);
    expect(modelFromItfMeta(itf.meta)).toMatchObject({ servers: 5, variants: ['membership'] });
    const steps = raftStepsFromItf(itf, FIVE);
    if (!steps.ok) throw new Error('import failed');
    steps.value.forEach((step, k) => {
      expect(is(step.state, trace[k]!.state)).toBe(true);
    });
    const r = replay(model, steps.value);
    expect(r).toMatchObject({ ok: true, steps: ONGARO_2015.length, violation: { invariant: 'LeaderCompleteness' } });
  });
});
