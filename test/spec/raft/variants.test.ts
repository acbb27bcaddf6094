import { is } from 'immutable';
import { describe, expect, it } from 'vitest';
import { cluster, handlerConfig, successors } from '../../fixtures/raftStates.js';
import { ELECT_S1_BY_S2 } from '../../fixtures/labelWalk.js';
import { appendEntriesRequest } from '../../../spec/raft/messages.js';
import { raftRules } from '../../../spec/raft/rules.js';
import * as prevote from '../../../spec/raft/variants/prevote.js';
import { checkRaft } from '../../../harness/checkRaft.js';
import { configError, type RaftConfig } from '../../../spec/raft/config.js';
import { formatAction } from '../../../spec/raft/format.js';
import { Layout } from '../../../spec/raft/layout.js';
import { fastRaftModel, raftModel, raftLayout } from '../../../spec/raft/model.js';
import { initialState, type ClusterState } from '../../../spec/raft/state.js';

/** Two servers, terms up to 3, one entry: every variant's space in about a second. */
const SMALL: RaftConfig = {
  servers: 2,
  values: 1,
  maxTerm: 3,
  maxLogLen: 1,
  maxCopies: 1,
  maxInFlight: 1,
  restart: true,
  duplicate: false,
  drop: true,
};

function distinct(config: RaftConfig, engine: 'flat' | 'reference' = 'flat', bugs: string[] = []): number {
  const r = checkRaft(config, bugs, {}, engine);
  expect(r.kind).toBe('ok');
  return r.stats.distinctStates;
}

/** Follows the first successor whose label is `label` from `s`; fails when there is none. */
function step(config: RaftConfig, s: ClusterState, label: string): ClusterState {
  const found = raftModel(config)
    .next(s)
    .find((t) => formatAction(t.action) === label);
  if (found === undefined) {
    const labels = raftModel(config)
      .next(s)
      .map((t) => formatAction(t.action));
    throw new Error(`no successor '${label}' among ${labels.join('; ')}`);
  }
  return found.state;
}

function walk(config: RaftConfig, labels: string[]): ClusterState {
  return labels.reduce((s, label) => step(config, s, label), initialState(config.servers));
}

describe('variants: off by default, so raft.tla is unchanged', () => {
  it('gives raft.tla the layout it had before the variants (no word for their variables)', () => {
    const L = raftLayout(SMALL);
    // Six one-word variables, then the log (length and two slots), nextIndex and matchIndex.
    expect(L.serverWords).toBe(6 + (1 + 2 * 2) + 2 + 2);
    expect(L.variables).not.toContain('heardFromLeader');
    expect(L.variables).not.toContain('quorumHeard');
    expect(raftLayout({ ...SMALL, variants: ['prevote'] }).serverWords).toBe(L.serverWords + 1);
    expect(raftLayout({ ...SMALL, variants: ['check-quorum'] }).serverWords).toBe(L.serverWords + 2);
    // Every variant's one-word variables: prevote's, check-quorum's, leadership-transfer's and partitions' two.
    expect(new Layout(2, 2, 'all').serverWords).toBe(L.serverWords + 5);
  });

  it('keeps the one-word offsets of every variable the same in every layout that holds it', () => {
    const plain = raftLayout(SMALL);
    const both = raftLayout({ ...SMALL, variants: ['prevote', 'check-quorum'] });
    for (const name of plain.variables) {
      if (name !== 'log' && name !== 'nextIndex' && name !== 'matchIndex') {
        expect(both.offset[name], name).toBe(plain.offset[name]);
      }
    }
    expect(raftLayout({ ...SMALL, variants: ['check-quorum'] }).offset.quorumHeard).toBe(both.offset.quorumHeard);
  });

  it('counts the same states with an empty variant list as without one', () => {
    expect(distinct({ ...SMALL, variants: [] })).toBe(distinct(SMALL));
  });

  it('rejects an unknown variant in one line', () => {
    expect(configError({ ...SMALL, variants: ['pre-vote'] })).toBe(
      "unknown variant 'pre-vote' (known: prevote, check-quorum, membership, leadership-transfer, partitions)",
    );
  });

  it('fails loudly when a handler reads a variable its layout does not hold', () => {
    const model = fastRaftModel(SMALL);
    expect(model.layout.variables).not.toContain('quorumHeard');
    expect(() => fastRaftModel({ ...SMALL, variants: ['prevote'] })).not.toThrow();
  });
});

describe('variant state counts (docs/variants.md), the same on both engines', () => {
  // Pinned: a change of any variant's rule changes one of these.
  const COUNTS: readonly [string[], number][] = [
    [[], 18_575],
    [['prevote'], 94_899],
    [['check-quorum'], 29_677],
    [['check-quorum', 'prevote'], 136_173],
    [['membership'], 54],
    [['membership', 'prevote'], 109],
  ];
  for (const [variants, count] of COUNTS) {
    it(`${variants.join('+') || 'none'}: ${count} distinct states on 2 servers, maxTerm 3, maxLog 1`, () => {
      const config = { ...SMALL, variants };
      expect(distinct(config)).toBe(count);
      if (variants.length > 0)
        expect(distinct({ ...config, maxLogLen: 0 }, 'reference')).toBe(distinct({ ...config, maxLogLen: 0 }));
    });
  }
});

const PV: RaftConfig = { ...SMALL, variants: ['prevote'] };

describe('prevote', () => {
  it('steps a pre-candidate down when it hears from the leader of its term, through its module’s leaderHeard hook', () => {
    const config: RaftConfig = { ...handlerConfig(2, 1), variants: ['prevote'] };
    const m = appendEntriesRequest(0, 1, 1, 0, 0, null, 0);
    const s = cluster({ 0: { state: 'Leader' }, 1: { state: 'PreCandidate' } }, [m], 2);
    const taken = successors(s, raftRules, config).filter((t) => t.action.kind === 'Receive' && is(t.action.m, m));
    expect(taken.map((t) => formatAction(t.action))).toEqual(['HandleAppendEntriesRequest s1→s2 term=1 stepDown']);
    expect(taken[0]!.state.servers.get(1)!.state).toBe('Follower');
    // The core calls the hook only for a role that is not Candidate; without it, nothing would step down here.
    expect(prevote.hooks.leaderHeard).toBeDefined();
  });

  it('asks for pre-votes for the next term without changing any term or vote', () => {
    const s = walk(PV, ['Timeout s1', 'RequestPreVote s1→s2', 'HandlePreVoteRequest s1→s2 term=2 granted']);
    expect(s.servers.get(0)!.state).toBe('PreCandidate');
    for (const v of s.servers) {
      expect(v.currentTerm).toBe(1);
      expect(v.votedFor).toBe(null);
    }
    expect([...s.messages.keys()].map((m) => `${m.type} ${m.term}`)).toEqual(['PreVoteResponse 2']);
  });

  it('starts the real election, with no votes, only after a quorum of pre-votes', () => {
    let s = walk(PV, ['Timeout s1', 'RequestPreVote s1→s1', 'HandlePreVoteRequest s1→s1 term=2 granted']);
    expect(
      raftModel(PV)
        .next(s)
        .map((t) => formatAction(t.action)),
    ).not.toContain('StartElection s1');
    s = step(PV, s, 'HandlePreVoteResponse s1→s1 term=2 granted');
    s = step(PV, s, 'RequestPreVote s1→s2');
    s = step(PV, s, 'HandlePreVoteRequest s1→s2 term=2 granted');
    s = step(PV, s, 'HandlePreVoteResponse s2→s1 term=2 granted');
    s = step(PV, s, 'StartElection s1');
    const me = s.servers.get(0)!;
    expect([me.state, me.currentTerm, me.votedFor, me.votesGranted.size]).toEqual(['Candidate', 2, null, 0]);
  });

  it('refuses a pre-vote while the voter has heard from a leader since its last timeout', () => {
    // s1 wins a real election in term 2 and s2 hears from it; then s2's pre-vote request to itself... comes
    // from s2, which timed out; so ask s1's follower s2 on behalf of a third party: s2 times out only later.
    const config: RaftConfig = { ...PV, servers: 3, maxInFlight: 0, maxCopies: 1 };
    let s = walk(config, ['Timeout s1', 'RequestPreVote s1→s1', 'HandlePreVoteRequest s1→s1 term=2 granted']);
    s = step(config, s, 'HandlePreVoteResponse s1→s1 term=2 granted');
    s = step(config, s, 'RequestPreVote s1→s2');
    s = step(config, s, 'HandlePreVoteRequest s1→s2 term=2 granted');
    s = step(config, s, 'HandlePreVoteResponse s2→s1 term=2 granted');
    s = step(config, s, 'StartElection s1');
    s = step(config, s, 'RequestVote s1→s1');
    s = step(config, s, 'HandleRequestVoteRequest s1→s1 term=2 granted');
    s = step(config, s, 'HandleRequestVoteResponse s1→s1 term=2 granted');
    s = step(config, s, 'RequestVote s1→s2');
    s = step(config, s, 'UpdateTerm s1→s2 (RequestVoteRequest) term=2');
    s = step(config, s, 'HandleRequestVoteRequest s1→s2 term=2 granted');
    s = step(config, s, 'HandleRequestVoteResponse s2→s1 term=2 granted');
    s = step(config, s, 'BecomeLeader s1');
    s = step(config, s, 'AppendEntries s1→s2');
    s = step(config, s, 'HandleAppendEntriesRequest s1→s2 term=2 done');
    expect(s.servers.get(1)!.heardFromLeader).toBe(true);
    // s3 (still in term 1, never heard from anyone) times out and asks s2: refused, s2 believes in s1.
    s = step(config, s, 'Timeout s3');
    s = step(config, s, 'RequestPreVote s3→s2');
    expect(
      raftModel(config)
        .next(s)
        .map((t) => formatAction(t.action)),
    ).toContain('HandlePreVoteRequest s3→s2 term=2 refused');
    // After its own Timeout, s2 no longer believes a leader exists.
    expect(step(config, s, 'Timeout s2').servers.get(1)!.heardFromLeader).toBe(false);
  });

  it('lets prevote-keeps-votes elect two leaders in one term, found by BFS at 17 states (19 for ElectionSafety)', () => {
    const config: RaftConfig = { ...PV, servers: 3, maxTerm: 2, maxLogLen: 0, restart: false, drop: false };
    const r = checkRaft(config, ['prevote-keeps-votes']);
    expect(r.kind === 'violation' ? [r.invariant, r.trace.length] : r.kind).toEqual(['VotesGrantedExclusive', 17]);
    const es = checkRaft(config, ['prevote-keeps-votes'], { invariants: ['ElectionSafety'] });
    expect(es.kind === 'violation' ? [es.invariant, es.trace.length] : es.kind).toEqual(['ElectionSafety', 19]);
  });

  it('holds every invariant without the bug on the bounds the bug matrix uses', () => {
    const config: RaftConfig = { ...PV, maxLogLen: 0, drop: false };
    expect(checkRaft(config).kind).toBe('ok');
  });
});

describe('check-quorum', () => {
  const CQ: RaftConfig = { ...SMALL, variants: ['check-quorum'] };
  const elected = [...ELECT_S1_BY_S2];

  it('steps a leader down when no quorum answered since its last check', () => {
    const s = step(CQ, walk(CQ, elected), 'CheckQuorum s1');
    expect([s.servers.get(0)!.state, s.servers.get(0)!.currentTerm]).toEqual(['Follower', 2]);
  });

  it('keeps a leader that heard from a quorum, and starts a new period', () => {
    let s = walk(CQ, [...elected, 'AppendEntries s1→s2', 'HandleAppendEntriesRequest s1→s2 term=2 done']);
    s = step(CQ, s, 'HandleAppendEntriesResponse s2→s1 term=2 success');
    expect([...s.servers.get(0)!.quorumHeard]).toEqual([1]);
    s = step(CQ, s, 'CheckQuorum s1');
    expect([s.servers.get(0)!.state, s.servers.get(0)!.quorumHeard.size]).toEqual(['Leader', 0]);
  });
});
