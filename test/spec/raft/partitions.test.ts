import { describe, expect, it } from 'vitest';
import { checkRaft } from '../../../harness/checkRaft.js';
import { Cluster } from '../../../spec/raft/cluster.js';
import { configError, type RaftConfig } from '../../../spec/raft/config.js';
import { formatAction } from '../../../spec/raft/format.js';
import { modelFromItfMeta } from '../../../traces/raft/itf.js';
import { ELECT_S1_BY_S2, successorLabels, walkLabels } from '../../fixtures/labelWalk.js';
import { restrictedModel, workingLinks } from '../../../spec/raft/liveness/environment.js';
import { findProperty } from '../../../spec/raft/liveness/properties.js';
import { fastRaftModel, raftActionNames } from '../../../spec/raft/model.js';
import { initialState, type ClusterState } from '../../../spec/raft/state.js';
import { toFlat } from '../../../spec/raft/codec.js';
import { nameCode, packAction } from '../../../spec/raft/actions.js';

/** `config` without the partitions bound. */
function unbounded(config: RaftConfig): RaftConfig {
  const rest = { ...config };
  delete (rest as { partitions?: number }).partitions;
  return rest;
}

/** Three servers, no faults but partitions, room for messages. */
const P: RaftConfig = {
  servers: 3,
  values: 1,
  maxTerm: 3,
  maxLogLen: 0,
  maxCopies: 1,
  maxInFlight: 0,
  restart: false,
  duplicate: false,
  drop: true,
  variants: ['partitions'],
  partitions: 2,
};

const labels = successorLabels;
const walk = walkLabels;
const ELECT_S1 = ELECT_S1_BY_S2; // s3 has not heard of the election

describe('partitions: links in the state, cut and healed by actions', () => {
  it('is off by default: raft.tla has neither Partition nor Heal', () => {
    expect(raftActionNames({ ...unbounded(P), variants: [] })).not.toContain('Partition');
    expect(raftActionNames(P)).toEqual(expect.arrayContaining(['Partition', 'Heal']));
  });

  it('cuts a link both ways, counts the partition on every server, and heals it uncounted', () => {
    const s = walk(P, ['Partition s1 s3']);
    expect(s.servers.toArray().map((v) => [...v.cut].sort())).toEqual([[2], [], [0]]);
    expect(s.servers.map((v) => v.partitions).toArray()).toEqual([1, 1, 1]);
    // One action per pair, named by its lower server: no Partition s3 s1, and no second cut of a cut link.
    expect(labels(P, s).filter((l) => l.startsWith('Partition') || l.startsWith('Heal'))).toEqual([
      'Partition s1 s2',
      'Partition s2 s3',
      'Heal s1 s3',
    ]);
    const healed = walk(P, ['Partition s1 s3', 'Heal s1 s3']);
    expect(healed.servers.map((v) => v.cut.size).toArray()).toEqual([0, 0, 0]);
    expect(healed.servers.get(0)!.partitions).toBe(1);
  });

  it('takes at most K Partition steps; past them the behaviour goes on with every other step', () => {
    const s = walk(P, ['Partition s1 s2', 'Heal s1 s2', 'Partition s1 s3']);
    const after = labels(P, s);
    expect(after.some((l) => l.startsWith('Partition'))).toBe(false);
    expect(after).toEqual(expect.arrayContaining(['Heal s1 s3', 'Timeout s1', 'Timeout s2']));
    // A guard, not a bound: nothing is discarded for it.
    const r = checkRaft({ ...P, servers: 2, maxTerm: 2, maxInFlight: 1, partitions: 1 });
    expect(Object.keys(r.stats.boundDiscards)).not.toContain('partitions');
  });

  it('never receives a message over a cut link, which may still be dropped, and receives it after a heal', () => {
    const sent = walk(P, [...ELECT_S1, 'AppendEntries s1→s3', 'Partition s1 s3']);
    const cutOff = labels(P, sent);
    expect(cutOff.filter((l) => l.includes('s1→s3') && !l.startsWith('AppendEntries'))).toEqual([
      'DropMessage AppendEntriesRequest s1→s3 term=2 prev=0/0 entries=[] commit=0',
    ]);
    const healed = walk(P, [...ELECT_S1, 'AppendEntries s1→s3', 'Partition s1 s3', 'Heal s1 s3']);
    expect(labels(P, healed)).toContain('UpdateTerm s1→s3 (AppendEntriesRequest) term=2');
  });

  it('has a mutant: deliver-over-cut receives over a cut link', () => {
    const steps = [...ELECT_S1, 'AppendEntries s1→s3', 'Partition s1 s3'];
    const s = walk({ ...P }, steps, ['deliver-over-cut']);
    expect(labels(P, s, ['deliver-over-cut'])).toContain('UpdateTerm s1→s3 (AppendEntriesRequest) term=2');
  });

  it('refuses a bound without the variant, out of range, or on one server', () => {
    expect(configError({ ...P, variants: [] })).toBe('partitions needs the partitions variant');
    expect(configError({ ...P, partitions: 0 })).toBe('partitions must be an integer from 1 to 20, got 0');
    expect(configError({ ...unbounded(P), servers: 1 })).toMatch(/at least 2 servers/);
    expect(configError(unbounded(P))).toBeUndefined();
  });

  it('keeps its bound in a trace header, so that replay runs the same model', () => {
    expect(modelFromItfMeta({ 'raft-check': { model: P } })).toMatchObject({ variants: ['partitions'], partitions: 2 });
  });

  it('explores the same states on both engines', () => {
    const small = { ...P, servers: 2, maxTerm: 2, maxInFlight: 1, partitions: 2 };
    expect(checkRaft(small, [], {}, 'reference').stats.distinctStates).toBe(checkRaft(small).stats.distinctStates);
  });
});

describe('partitions in a liveness run: the links are read from the state', () => {
  const fast = fastRaftModel(P);
  const flat = (s: ClusterState): Int32Array => toFlat(fast.layout, s);
  const c = new Cluster(fast.layout);

  it('a link works when --links has it and no partition has cut it', () => {
    const links = workingLinks(P, (i, j) => !(i + j === 3)); // s2-s3 missing from --links
    const s = flat(walk(P, ['Partition s1 s3']));
    c.begin(s);
    expect([links(c, 0, 1), links(c, 0, 2), links(c, 1, 2)]).toEqual([true, false, false]);
  });

  it('lists Partition and Heal only over the static links', () => {
    const model = restrictedModel(fast, { links: (i, j) => i + j !== 3 });
    const s0 = flat(initialState(3));
    const names = model.next(s0).map((t) => formatAction(fast.actionOf(t.action, s0)));
    expect(names.filter((l) => l.startsWith('Partition'))).toEqual(['Partition s1 s2', 'Partition s1 s3']);
  });

  it('under --timers a follower cut from its leader may time out; one linked to it may not', () => {
    const model = restrictedModel(fast, { timers: true });
    const led = walk(P, [...ELECT_S1, 'AppendEntries s1→s3', 'UpdateTerm s1→s3 (AppendEntriesRequest) term=2']);
    const timeouts = (s: ClusterState): string[] =>
      model
        .next(flat(s))
        .map((t) => formatAction(fast.actionOf(t.action, flat(s))))
        .filter((l) => l.startsWith('Timeout'));
    expect(timeouts(led)).toEqual([]);
    const cut = walk(P, [
      ...ELECT_S1,
      'AppendEntries s1→s3',
      'UpdateTerm s1→s3 (AppendEntriesRequest) term=2',
      'Partition s1 s3',
    ]);
    expect(timeouts(cut)).toEqual(['Timeout s3']);
  });

  it('a leader cut from its quorum is not stable, and LeaderNotDisrupted stops judging it', () => {
    const links = workingLinks(P);
    const [stable] = findProperty('EventuallyStableLeader')!.build(P, links);
    const [notDisrupted] = findProperty('LeaderNotDisrupted')!.build(P, links); // @s1
    const led = flat(walk(P, ELECT_S1));
    const isolated = flat(walk(P, [...ELECT_S1, 'Partition s1 s2', 'Partition s1 s3']));
    if (stable?.kind !== 'eventuallyAlways' || notDisrupted?.kind !== 'step') throw new Error('shapes');
    expect(stable.p(c.begin(led))).toBe(true);
    expect(stable.p(c.begin(isolated))).toBe(false);
    const from = new Cluster(fast.layout);
    const timeoutS2 = packAction(nameCode('Timeout'), 1, 0, 0, '', 0);
    expect(notDisrupted.disarms(from.begin(led), timeoutS2, c.begin(led))).toBe(false);
    expect(notDisrupted.disarms(from.begin(led), timeoutS2, c.begin(isolated))).toBe(true);
  });
});
