import { describe, expect, it } from 'vitest';
import { checkRaft } from '../../../harness/checkRaft.js';
import type { RaftConfig } from '../../../spec/raft/config.js';
import { formatAction } from '../../../spec/raft/format.js';
import { raftActionNames, raftModel } from '../../../spec/raft/model.js';
import { ELECT_S1_BY_S2, walkLabels } from '../../fixtures/labelWalk.js';

/** Bounds A of docs/variants.md: two servers, terms up to 3, one entry, restarts and loss. */
const A: RaftConfig = {
  servers: 2,
  values: 1,
  maxTerm: 3,
  maxLogLen: 1,
  maxCopies: 1,
  maxInFlight: 1,
  restart: true,
  duplicate: false,
  drop: true,
  variants: ['leadership-transfer'],
};
const UNBOUNDED: RaftConfig = { ...A, maxInFlight: 0, maxCopies: 2 };

const walk = walkLabels;

// s1 wins term 2 with both votes and s2's log matches its own (both empty): the leader can hand over.
const ELECT_S1 = ELECT_S1_BY_S2;

describe('leadership-transfer (thesis §3.10), the fourth variant', () => {
  it('is off by default: raft.tla has neither its action nor its handler', () => {
    const names = raftActionNames({ ...A, variants: [] });
    expect(names).not.toContain('TransferLeadership');
    expect(raftActionNames(A)).toEqual(expect.arrayContaining(['TransferLeadership', 'HandleTimeoutNow']));
  });

  it('sends TimeoutNow to a target whose log matches, and the target starts an election at once', () => {
    let s = walk(UNBOUNDED, [...ELECT_S1, 'TransferLeadership s1→s2']);
    expect(s.servers.get(0)!.transferee).toBe(1);
    expect([...s.messages.keys()].map((m) => `${m.type} ${m.term}`)).toContain('TimeoutNow 2');
    // One transfer at a time.
    expect(
      raftModel(UNBOUNDED)
        .next(s)
        .map((t) => formatAction(t.action)),
    ).not.toContain('TransferLeadership s1→s2');
    s = walk(UNBOUNDED, [...ELECT_S1, 'TransferLeadership s1→s2', 'HandleTimeoutNow s1→s2 term=2 done']);
    const target = s.servers.get(1)!;
    expect([target.state, target.currentTerm, target.votedFor]).toEqual(['Candidate', 3, null]);
  });

  it('waits until the leader knows the target holds its whole log (matchIndex)', () => {
    const s = walk(UNBOUNDED, [...ELECT_S1, 'ClientRequest s1 v1']);
    expect(
      raftModel(UNBOUNDED)
        .next(s)
        .map((t) => formatAction(t.action)),
    ).not.toContain('TransferLeadership s1→s2');
  });

  it('forgets the transferee when the leader steps down (UpdateTerm), restarts or a leader is elected', () => {
    const sent = [...ELECT_S1, 'TransferLeadership s1→s2', 'HandleTimeoutNow s1→s2 term=2 done'];
    const deposed = walk(UNBOUNDED, [...sent, 'RequestVote s2→s1', 'UpdateTerm s2→s1 (RequestVoteRequest) term=3']);
    expect([deposed.servers.get(0)!.state, deposed.servers.get(0)!.transferee]).toEqual(['Follower', null]);
    const restarted = walk(UNBOUNDED, [...ELECT_S1, 'TransferLeadership s1→s2', 'Restart s1']);
    expect(restarted.servers.get(0)!.transferee).toBe(null);
  });

  it('explores 20,533 states on bounds A, every invariant holding, the same on both engines (docs/variants.md)', () => {
    const flat = checkRaft(A);
    expect(flat.kind).toBe('ok');
    expect(flat.stats.distinctStates).toBe(20_533);
    const small = { ...A, maxLogLen: 0 };
    expect(checkRaft(small, [], {}, 'reference').stats.distinctStates).toBe(checkRaft(small).stats.distinctStates);
  });

  it('has a mutant: transfer-skips-election breaks ElectionSafety, in a behaviour of 21 states', () => {
    const r = checkRaft(A, ['transfer-skips-election']);
    expect(r.kind).toBe('violation');
    if (r.kind !== 'violation') return;
    expect(r.invariant).toBe('ElectionSafety');
    expect(r.trace).toHaveLength(21);
  });
});
