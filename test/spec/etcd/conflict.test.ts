/**
 * A log conflict is reachable in the etcd profile (three voters, MaxTermLimit 3), and it is where etcdraft.tla's
 * Restart stops being defined: the path below, from MCetcdraft's initial state, ends with s1 dropping a persisted
 * entry of term 2 for s2's entry of term 3, its log then shorter than its durable length (docs/etcd.md,
 * `durableLog`). No TLC-counted configuration contains this yet; the test shows the behaviour exists.
 */
import { describe, expect, it } from 'vitest';
import type { EtcdAction, ReceiveHandler } from '../../../spec/etcd/actions.js';
import { DEFAULT_ETCD_CONFIG } from '../../../spec/etcd/config.js';
import { entryTerm } from '../../../spec/etcd/entry.js';
import { formatEtcdAction } from '../../../spec/etcd/format.js';
import { etcdBounds, etcdModel } from '../../../spec/etcd/model.js';
import type { EtcdState } from '../../../spec/etcd/state.js';

const CONFIG = {
  ...DEFAULT_ETCD_CONFIG,
  servers: 3,
  initServers: 3,
  maxTerm: 3,
  requestLimit: 1,
  maxInFlight: 0,
  maxLog: 0,
};

type Pick = (a: EtcdAction) => boolean;
const act =
  (kind: EtcdAction['kind'], i: number, j?: number): Pick =>
  (a) =>
    a.kind === kind && 'i' in a && a.i === i && (j === undefined || ('j' in a && a.j === j));
const receive =
  (handler: ReceiveHandler, from: number, to: number): Pick =>
  (a) =>
    a.kind === 'Receive' && a.handler === handler && a.m.source === from && a.m.dest === to;

/** s1 leads term 2 and persists an entry; s2 leads term 3 with its own entry at index 4 and sends it to s1. */
const PATH: Pick[] = [
  act('Timeout', 1),
  act('RequestVote', 1, 1),
  act('RequestVote', 1, 2),
  act('Ready', 1),
  receive('HandleRequestVoteResponse', 1, 1),
  receive('UpdateTerm', 1, 2),
  receive('HandleRequestVoteRequest', 1, 2),
  act('Ready', 2),
  receive('HandleRequestVoteResponse', 2, 1),
  act('BecomeLeader', 1),
  act('ClientRequest', 1),
  act('Ready', 1),
  act('Timeout', 2),
  act('RequestVote', 2, 2),
  act('RequestVote', 2, 3),
  act('Ready', 2),
  receive('HandleRequestVoteResponse', 2, 2),
  receive('UpdateTerm', 2, 3),
  receive('HandleRequestVoteRequest', 2, 3),
  act('Ready', 3),
  receive('HandleRequestVoteResponse', 3, 2),
  act('BecomeLeader', 2),
  act('ClientRequest', 2),
  (a) => a.kind === 'AppendEntries' && a.i === 2 && a.j === 1 && a.b === 4 && a.e === 5,
  act('Ready', 2),
  receive('UpdateTerm', 2, 1),
  receive('ConflictAppendEntriesRequest', 2, 1),
];

describe('a log conflict in the etcd profile', () => {
  it('is reachable from the initial state, and leaves a log shorter than what was persisted', () => {
    const model = etcdModel(CONFIG);
    let s: EtcdState = model.initialStates()[0]!;
    for (const [k, pick] of PATH.entries()) {
      const next = model.next(s).filter((t) => pick(t.action));
      expect(
        next.map((t) => formatEtcdAction(t.action)),
        `step ${k + 1}`,
      ).toHaveLength(1);
      s = next[0]!.state;
      for (const inv of model.invariants) expect(inv.holds(s), `${inv.name} after step ${k + 1}`).toBe(true);
    }
    const s1 = s.servers[0]!;
    expect(s1.log.map(entryTerm)).toEqual([1, 1, 1]);
    expect(s1.durableState.log).toBe(4);
    expect(s.servers[1]!.log.map(entryTerm)).toEqual([1, 1, 1, 3]);
    // The profile does not explore this state: Restart(s1) would take SubSeq past the end of s1's log.
    expect(
      etcdBounds(CONFIG)
        .find((b) => b.name === 'durableLog')!
        .holds(s),
    ).toBe(false);
  });
});
