/**
 * A log conflict is reachable in the etcd profile (three voters, MaxTermLimit 3), and it is where etcdraft.tla's
 * Restart stops being defined: the paths below, from MCetcdraft's initial state, end with s1 dropping a persisted
 * entry of term 2 for s2's entry of term 3, its log then shorter than its durable length (docs/etcd.md,
 * `durableLog`). The second path stays inside E5's bounds (bench/tlc-counts.json, the TLC-counted configuration
 * with a conflict): if a change moved the conflict out of E5, its counts would still be compared, but they would
 * no longer cover ConflictAppendEntriesRequest; this test says so.
 */
import { describe, expect, it } from 'vitest';
import { loadEtcdTlcConfigs } from '../../../bench/etcdConfigs.js';
import type { EtcdAction, ReceiveHandler } from '../../../spec/etcd/actions.js';
import { DEFAULT_ETCD_CONFIG } from '../../../spec/etcd/config.js';
import { entryTerm } from '../../../spec/etcd/entry.js';
import { formatEtcdAction } from '../../../spec/etcd/format.js';
import { etcdBounds, etcdModel } from '../../../spec/etcd/model.js';
import type { EtcdState } from '../../../spec/etcd/state.js';
import type { EtcdConfig } from '../../../spec/etcd/config.js';

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

/**
 * E5's path: the same story one message at a time (maxInFlight 1), each term campaigned for by its owner (s1 for
 * term 2, s2 for term 3), never two leaders at once, with no Restart and no faulty network.
 */
const E5_PATH: Pick[] = [
  act('Timeout', 1),
  act('RequestVote', 1, 1),
  act('Ready', 1),
  receive('HandleRequestVoteResponse', 1, 1),
  act('RequestVote', 1, 2),
  act('Ready', 1),
  receive('UpdateTerm', 1, 2),
  receive('HandleRequestVoteRequest', 1, 2),
  act('Ready', 2),
  receive('HandleRequestVoteResponse', 2, 1),
  act('BecomeLeader', 1),
  act('ClientRequest', 1),
  act('Ready', 1),
  act('Timeout', 2),
  act('RequestVote', 2, 2),
  act('Ready', 2),
  receive('HandleRequestVoteResponse', 2, 2),
  // s1 learns of term 3 from s2's request (one leader at a time) and refuses: its log is longer.
  act('RequestVote', 2, 1),
  act('Ready', 2),
  receive('UpdateTerm', 2, 1),
  receive('HandleRequestVoteRequest', 2, 1),
  act('Ready', 1),
  receive('HandleRequestVoteResponse', 1, 2),
  act('RequestVote', 2, 3),
  act('Ready', 2),
  receive('UpdateTerm', 2, 3),
  receive('HandleRequestVoteRequest', 2, 3),
  act('Ready', 3),
  receive('HandleRequestVoteResponse', 3, 2),
  act('BecomeLeader', 2),
  act('ClientRequest', 2),
  (a) => a.kind === 'AppendEntries' && a.i === 2 && a.j === 1 && a.b === 4 && a.e === 5,
  act('Ready', 2),
  receive('ConflictAppendEntriesRequest', 2, 1),
];

/**
 * Follows `path` from the initial state of `config`: each step must be the one successor it picks. `reached`, when
 * given, gets each witness's length (in states, as a check reports it) at the first step of the path reaching it.
 */
function follow(
  config: EtcdConfig,
  path: readonly Pick[],
  inBounds: boolean,
  reached?: Record<string, number>,
): EtcdState {
  const model = etcdModel(config);
  let s: EtcdState = model.initialStates()[0]!;
  for (const [k, pick] of path.entries()) {
    const next = model.next(s).filter((t) => pick(t.action));
    expect(
      next.map((t) => formatEtcdAction(t.action)),
      `step ${k + 1}`,
    ).toHaveLength(1);
    const { action, state } = next[0]!;
    for (const w of model.witnesses ?? []) {
      const asked = w.actions === undefined || w.actions.includes(model.actionName(action));
      if (reached !== undefined && !(w.name in reached) && asked && w.reached(s, action, state))
        reached[w.name] = k + 2;
    }
    s = state;
    for (const inv of model.invariants) expect(inv.holds(s), `${inv.name} after step ${k + 1}`).toBe(true);
    if (inBounds && k < path.length - 1) {
      for (const b of model.bounds) expect(b.holds(s), `${b.name} after step ${k + 1}`).toBe(true);
    }
  }
  return s;
}

/** The state after the conflict: s1 holds the bootstrap entries only, having persisted four. */
function expectConflict(config: EtcdConfig, s: EtcdState): void {
  const s1 = s.servers[0]!;
  expect(s1.log.map(entryTerm)).toEqual([1, 1, 1]);
  expect(s1.durableState.log).toBe(4);
  expect(s.servers[1]!.log.map(entryTerm)).toEqual([1, 1, 1, 3]);
  // The profile does not explore this state: Restart(s1) would take SubSeq past the end of s1's log.
  expect(
    etcdBounds(config)
      .filter((b) => !b.holds(s))
      .map((b) => b.name),
  ).toEqual(['durableLog']);
}

describe('a log conflict in the etcd profile', () => {
  it('is reachable from the initial state, and leaves a log shorter than what was persisted', () => {
    expectConflict(CONFIG, follow(CONFIG, PATH, false));
  });

  it("is reached within E5's bounds, every state before it explored there", () => {
    const e5 = loadEtcdTlcConfigs().find((c) => c.name === 'E5');
    expect(e5, 'E5 in bench/tlc-counts.json').toBeDefined();
    const config = e5!.config;
    expectConflict(config, follow(config, E5_PATH, true));
  });

  it('reaches EntryOverwritten on its conflict step and on no step before it', () => {
    const e5 = loadEtcdTlcConfigs().find((c) => c.name === 'E5')!.config;
    for (const [config, path] of [
      [CONFIG, PATH],
      [e5, E5_PATH],
    ] as const) {
      const reached: Record<string, number> = {};
      follow(config, path, false, reached);
      // A behaviour of n steps has n + 1 states; E5's 34 are as many as in TLC's counterexample (tlc-counts.json).
      expect(reached.EntryOverwritten).toBe(path.length + 1);
      expect(reached.LeaderElected).toBeLessThan(path.length);
    }
  });

  it('has two leaders at once on the first path, s1 of term 2 and s2 of term 3', () => {
    const reached: Record<string, number> = {};
    follow(CONFIG, PATH, false, reached);
    expect(reached.TwoLeaders).toBe(PATH.findIndex((p) => p({ kind: 'BecomeLeader', i: 2 })) + 2);
  });
});
