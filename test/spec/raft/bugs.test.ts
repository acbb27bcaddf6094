import { is, Map as IMap } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/bfs.js';
import type { Trace } from '../../../checker/trace.js';
import type { RaftAction } from '../../../spec/raft/actions.js';
import { BUGS, rulesWithBugs } from '../../../spec/raft/bugs.js';
import type { RaftConfig } from '../../../spec/raft/config.js';
import { invariantsOnValues } from '../../../spec/raft/model.js';
import { requestVoteResponse } from '../../../spec/raft/messages.js';
import { raftModel, type RaftModel } from '../../../spec/raft/model.js';
import { receive } from '../../../spec/raft/values.js';
import { raftRules } from '../../../spec/raft/rules.js';
import { initialState, updateServer, type ClusterState } from '../../../spec/raft/state.js';
import { replay } from '../../../traces/replay.js';

const RAFT_INVARIANTS = invariantsOnValues();

/** The loosest point of the grid docs/bugs.md searches (values and maxCopies stay 1), with `over` on top. */
function ceiling(over: Partial<RaftConfig>): RaftConfig {
  return {
    servers: 2,
    values: 1,
    maxTerm: 3,
    maxLogLen: 2,
    maxCopies: 1,
    maxInFlight: 2,
    restart: true,
    duplicate: true,
    drop: true,
    ...over,
  };
}

const SMALLEST: RaftConfig = {
  servers: 2,
  values: 1,
  maxTerm: 2,
  maxLogLen: 0,
  maxCopies: 1,
  maxInFlight: 1,
  restart: false,
  duplicate: false,
  drop: false,
};

/**
 * The mutants caught in milliseconds: their smallest bounds (docs/bugs.md), the invariant that catches them first,
 * the counterexample length in states, and the lexicographically smaller bounds that rule out anything smaller
 * (each a ceiling: the first bound that differs is lower, every later one as loose as the search allows).
 */
const PINNED: readonly {
  bug: string;
  config: RaftConfig;
  invariant: string;
  length: number;
  smaller: readonly RaftConfig[];
}[] = [
  {
    bug: 'double-vote',
    config: SMALLEST,
    invariant: 'VotesGrantedExclusive',
    length: 9,
    smaller: [ceiling({ servers: 1 }), ceiling({ maxTerm: 1 })],
  },
  {
    bug: 'stale-vote-count',
    config: { ...SMALLEST, maxTerm: 3 },
    invariant: 'VotesGrantedExclusive',
    length: 11,
    smaller: [ceiling({ servers: 1 }), ceiling({ maxTerm: 2 })],
  },
  {
    bug: 'forget-on-restart',
    config: { ...SMALLEST, servers: 1, maxLogLen: 1, restart: true },
    invariant: 'LogTermsBounded',
    length: 8,
    smaller: [
      ceiling({ servers: 1, maxTerm: 1 }),
      ceiling({ servers: 1, maxTerm: 2, maxLogLen: 0 }),
      ceiling({ servers: 1, maxTerm: 2, maxLogLen: 1, maxInFlight: 1, restart: false }),
    ],
  },
];

function counterexample(model: RaftModel): { invariant: string; trace: Trace<ClusterState, RaftAction> } {
  const result = check(model);
  if (result.kind !== 'violation') throw new Error(`expected a violation, got ${result.kind}`);
  return result;
}

/** Steps that a replay names by the label the model prints. */
function labelled(
  model: RaftModel,
  trace: Trace<ClusterState, RaftAction>,
): { state: ClusterState; action?: string }[] {
  return trace.map((s) =>
    s.action === null ? { state: s.state } : { state: s.state, action: model.formatAction(s.action) },
  );
}

describe('the bug library', () => {
  it('has a mutant for every row of issue 4, each replacing exactly one rule of raft.tla', () => {
    expect(BUGS.map((b) => b.name)).toEqual([
      'no-log-check',
      'commit-old-term',
      'double-vote',
      'stale-vote-count',
      'no-consistency-check',
      'forget-on-restart',
      'prevote-keeps-votes',
      'reconfig-without-term-commit',
      'transfer-skips-election',
      'deliver-over-cut',
      'commit-needs-all',
    ]);
    for (const bug of BUGS) {
      const rules = rulesWithBugs([bug.name]);
      const changed = (Object.keys(raftRules) as (keyof typeof raftRules)[]).filter((k) => rules[k] !== raftRules[k]);
      expect(changed, bug.name).toEqual(Object.keys(bug.rules));
    }
  });

  it("changes each rule as issue 4's table says", () => {
    // no-log-check: a candidate with an empty log gets the vote of a voter holding entries.
    expect(rulesWithBugs(['no-log-check']).voteLogOk(0, 0, 3, 2)).toBe(true);
    expect(raftRules.voteLogOk(0, 0, 3, 2)).toBe(false);
    // commit-old-term: an entry of term 2 may be committed by counting replicas in term 3.
    expect(rulesWithBugs(['commit-old-term']).mayCommit(2, 3)).toBe(true);
    expect(raftRules.mayCommit(2, 3)).toBe(false);
    // double-vote: a voter that voted for s1 may vote for s2.
    expect(rulesWithBugs(['double-vote']).voteAvailable(0, 1)).toBe(true);
    expect(raftRules.voteAvailable(0, 1)).toBe(false);
    // no-consistency-check: prevLogIndex 1 with no entry there is accepted.
    expect(rulesWithBugs(['no-consistency-check']).appendLogOk(1, 2, 0, 0)).toBe(true);
    expect(raftRules.appendLogOk(1, 2, 0, 0)).toBe(false);
    // commit-needs-all: two of three servers hold the entry, which commits only with all three.
    expect(rulesWithBugs(['commit-needs-all']).commitsWith(0b011, 0b111)).toBe(false);
    expect(raftRules.commitsWith(0b011, 0b111)).toBe(true);
    expect(rulesWithBugs(['commit-needs-all']).commitsWith(0b111, 0b111)).toBe(true);
    // forget-on-restart: term and vote are not kept.
    expect(rulesWithBugs(['forget-on-restart']).restartKeepsTermAndVote).toBe(false);
  });

  it('lets a stale RequestVoteResponse be either counted or dropped under stale-vote-count, and only dropped in raft.tla', () => {
    const stale = requestVoteResponse(1, 0, 2, true);
    const base = updateServer(initialState(2), 0, (v) => v.merge({ currentTerm: 3, state: 'Candidate' }));
    const s = base.set('messages', IMap([[stale, 1]]));
    const handlers = (bugs: string[]): string[] => receive(s, stale, rulesWithBugs(bugs)).map((r) => r.handler);
    expect(handlers(['stale-vote-count'])).toEqual(['DropStaleResponse', 'HandleRequestVoteResponse']);
    expect(handlers([])).toEqual(['DropStaleResponse']);
    // A response of the current term is counted, never dropped, either way.
    const current = requestVoteResponse(1, 0, 3, true);
    const t = base.set('messages', IMap([[current, 1]]));
    expect(receive(t, current, rulesWithBugs(['stale-vote-count'])).map((r) => r.handler)).toEqual([
      'HandleRequestVoteResponse',
    ]);
  });
});

describe.each(PINNED)('$bug at its smallest bounds', ({ bug, config, invariant, length, smaller }) => {
  const model = raftModel(config, [bug]);

  it(`is caught first by ${invariant} with a counterexample of ${length} states`, () => {
    const found = counterexample(model);
    expect(found.invariant).toBe(invariant);
    expect(found.trace).toHaveLength(length);
  });

  it('is not caught at any lexicographically smaller bounds', () => {
    for (const c of smaller) expect(check(raftModel(c, [bug])).kind, JSON.stringify(c)).toBe('ok');
  });

  it('leaves the reference model correct on the same bounds', () => {
    expect(check(raftModel(config)).kind).toBe('ok');
  });

  it('has a counterexample that replays step by step through the mutated spec', () => {
    const { trace } = counterexample(model);
    expect(is(trace[0]!.state, model.initialStates()[0])).toBe(true);
    for (let k = 1; k < trace.length; k++) {
      const { action, state } = trace[k]!;
      const label = model.formatAction(action!);
      const successors = model.next(trace[k - 1]!.state);
      const follows = successors.some((t) => model.formatAction(t.action) === label && is(t.state, state));
      expect(follows, `step ${k + 1}: ${label}`).toBe(true);
    }
    // Replay also confirms the counterexample: the first state that breaks an invariant is its last.
    expect(replay(model, labelled(model, trace))).toMatchObject({
      ok: true,
      steps: length - 1,
      violation: { index: length - 1 },
    });
  });

  it('has a counterexample whose last state alone breaks an invariant', () => {
    const { trace } = counterexample(model);
    for (const step of trace.slice(0, -1)) for (const inv of RAFT_INVARIANTS) expect(inv.holds(step.state)).toBe(true);
    expect(RAFT_INVARIANTS.find((i) => i.name === invariant)!.holds(trace.at(-1)!.state)).toBe(false);
  });

  it('has a counterexample that the reference spec cannot replay', () => {
    const { trace } = counterexample(model);
    expect(replay(raftModel(config), labelled(model, trace)).ok).toBe(false);
  });
});

describe('the deep mutants', () => {
  // Issue 6 measured with TLC that these need three servers; this pins it on two servers at L8's bounds with one message in flight.
  it.each(['no-log-check', 'commit-old-term', 'no-consistency-check'])(
    '%s is not caught on two servers with maxTerm 3, one log entry and one message in flight',
    (bug) => {
      const config: RaftConfig = { ...SMALLEST, maxTerm: 3, maxLogLen: 1 };
      expect(check(raftModel(config, [bug])).kind).toBe('ok');
    },
  );
});
