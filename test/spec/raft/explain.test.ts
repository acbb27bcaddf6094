import { describe, expect, it } from 'vitest';
import { handlerConfig, patchServer } from '../../fixtures/raftStates.js';
import { DEFAULT_CONFIG, type RaftConfig } from '../../../spec/raft/config.js';
import { BECOME_LEADER_GUARDS } from '../../../spec/raft/election.js';
import { explainDisabled } from '../../../spec/raft/explain.js';
import type { Guard } from '../../../spec/raft/guard.js';
import { raftModel, type RaftModel } from '../../../spec/raft/model.js';
import { actionTable } from '../../../spec/raft/next.js';
import type { ClusterState } from '../../../spec/raft/state.js';
import { serverName } from '../../../spec/raft/types.js';
import { variantModules } from '../../../spec/raft/variants.js';
import { VARIANT_MODULES } from '../../../spec/raft/variants/registry.js';
import { TARGET_ACTIONS } from '../../../spec/raft/variantViews.js';

/** The first `limit` states of a breadth-first walk of `model`. */
function reachable(model: RaftModel, limit: number): ClusterState[] {
  const seen = new Set<string>();
  const out: ClusterState[] = [];
  const queue = [...model.initialStates()];
  while (queue.length > 0 && out.length < limit) {
    const s = queue.shift()!;
    const key = JSON.stringify(s.toJS());
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
    if (!model.bounds.every((b) => b.holds(s))) continue;
    for (const t of model.next(s)) queue.push(t.state);
  }
  return out;
}

/** The states of `walks` seeded random walks of `steps` steps of `model`: deeper than a breadth-first prefix. */
function walked(model: RaftModel, walks: number, steps: number, starts = model.initialStates()): ClusterState[] {
  let seed = 1;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const out: ClusterState[] = [];
  for (let w = 0; w < walks; w++) {
    let s = starts[w % starts.length]!;
    for (let k = 0; k < steps; k++) {
      out.push(s);
      const next = model.next(s).filter((t) => model.bounds.every((b) => b.holds(t.state)));
      // Timeouts are drawn rarely, so that elections finish and leaders act.
      const patient = next.filter((t) => t.action.kind !== 'Timeout');
      const from = patient.length > 0 && random(10) > 0 ? patient : next;
      if (from.length === 0) break;
      s = from[random(from.length)]!.state;
    }
  }
  return out;
}

/** Every label of the table's server actions (those with parameters), as formatAction writes them. */
function labels(model: RaftModel): string[] {
  const n = model.config.servers;
  const servers = [...Array(n).keys()];
  return actionTable(model.config.restart, variantModules(model.config.variants)).flatMap((row) =>
    servers.flatMap((i) =>
      row.params === 'i'
        ? [`${row.name} ${serverName(i)}`]
        : row.params === 'ij'
          ? servers.map(
              (j) => `${row.name} ${serverName(i)}${TARGET_ACTIONS.has(row.name) ? ' ' : '→'}${serverName(j)}`,
            )
          : Array.from({ length: model.config.values }, (_, v) => `${row.name} ${serverName(i)} v${String(v + 1)}`),
    ),
  );
}

const CONFIGS: [string, RaftConfig][] = [
  ['raft.tla', { ...DEFAULT_CONFIG, servers: 2, maxTerm: 2, maxLogLen: 1 }],
  ['membership', { ...DEFAULT_CONFIG, servers: 3, maxTerm: 2, maxLogLen: 2, variants: ['membership'] }],
];

const EVERY_VARIANT: RaftConfig = {
  ...DEFAULT_CONFIG,
  servers: 3,
  maxTerm: 3,
  maxLogLen: 2,
  restart: false,
  duplicate: false,
  drop: false,
  variants: VARIANT_MODULES.map((m) => m.variant.name),
};

describe('explainDisabled reads the actions’ own guards', () => {
  it('every action of a variant declares its guard clauses, so that replay and validate can word it', () => {
    for (const m of VARIANT_MODULES) {
      for (const a of m.actions as readonly { name: string; guards?: unknown; run?: unknown }[]) {
        expect(a.run, `${m.variant.name}'s ${a.name} tests its guard inside run`).toBeUndefined();
        expect(a.guards, `${m.variant.name}'s ${a.name}`).not.toEqual([]);
      }
    }
  });

  it('a variant action has a diagnosis exactly when the spec does not list it, with every variant on', () => {
    const model = raftModel(EVERY_VARIANT);
    const names = new Set<string>(VARIANT_MODULES.flatMap((m) => m.actions.map((a) => a.name)));
    const all = labels(model).filter((label) => names.has(label.split(' ')[0]!));
    const seen = { enabled: new Set<string>(), disabled: new Set<string>() };
    // Half the walks start from a leader that has committed an entry of its term, so that it may change the
    // configuration and hand leadership over.
    const initial = model.initialStates()[0]!;
    const leading = initial.setIn(
      ['servers', 0],
      patchServer(initial.servers.get(0)!, { state: 'Leader', log: [[1, 1]], commitIndex: 1, matchIndex: [0, 1, 0] }),
    );
    for (const s of walked(model, 30, 80, [initial, leading])) {
      const enabled = new Set(model.next(s).map((t) => model.formatAction(t.action)));
      for (const label of all) {
        const why = explainDisabled(s, label, model);
        expect(why === undefined, `${label}: ${String(why)}`).toBe(enabled.has(label));
        seen[why === undefined ? 'enabled' : 'disabled'].add(label.split(' ')[0]!);
      }
    }
    expect([...seen.disabled].sort()).toEqual([...names].sort());
    expect([...seen.enabled].sort()).toEqual([...names].sort());
  });

  it('says which variant a disabled action needs when it is off', () => {
    const model = raftModel({ ...DEFAULT_CONFIG, servers: 2 });
    const s = model.initialStates()[0]!;
    expect(explainDisabled(s, 'CheckQuorum s1', model)).toBe(
      'CheckQuorum is not part of this model (--variant check-quorum)',
    );
    expect(explainDisabled(s, 'AddServer s1 s2', model)).toBe(
      'AddServer is not part of this model (--variant membership)',
    );
  });

  it('words a variant action from its first failing clause', () => {
    const model = raftModel(EVERY_VARIANT);
    let s = model.initialStates()[0]!;
    expect(explainDisabled(s, 'RequestPreVote s1→s2', model)).toBe('s1 is Follower, not a PreCandidate');
    s = s.setIn(['servers', 0, 'state'], 'PreCandidate');
    // membership's initial configuration is [s1, s2] here, so the quorum is of that configuration.
    expect(explainDisabled(s, 'StartElection s1', model)).toBe(
      's1 has pre-votes from 0 of 2, not a quorum (a quorum of configuration [s1, s2] needs 2)',
    );
    s = s.setIn(['servers', 0, 'state'], 'Leader');
    expect(explainDisabled(s, 'AddServer s1 s2', model)).toBe("s2 is already in s1's configuration [s1, s2]");
    expect(explainDisabled(s, 'RemoveServer s1 s2', model)).toBe(
      's1 has not committed an entry of its term 1 (commitIndex 0)',
    );
    expect(explainDisabled(s, 'TransferLeadership s1→s1', model)).toBe('s1 cannot hand leadership to itself');
  });

  it.each(CONFIGS)(
    '%s: a core action has a diagnosis exactly when the spec does not list it, in every state of a walk',
    (_name, config) => {
      const model = raftModel(config);
      const all = labels(model);
      let disabled = 0;
      const fired = new Set<string>();
      for (const s of reachable(model, 300)) {
        const enabled = new Set(model.next(s).map((t) => model.formatAction(t.action)));
        for (const label of all) {
          const why = explainDisabled(s, label, model);
          expect(why === undefined, `${label}: ${String(why)}`).toBe(enabled.has(label));
          if (why !== undefined) disabled++;
          else fired.add(label.split(' ')[0]!);
        }
      }
      expect(disabled).toBeGreaterThan(0);
      // The walk reaches a leader, so every core action is seen enabled as well as disabled.
      expect([...fired].sort()).toEqual([
        'AdvanceCommitIndex',
        'AppendEntries',
        'BecomeLeader',
        'ClientRequest',
        'RequestVote',
        'Restart',
        'Timeout',
      ]);
    },
  );

  it('a changed guard changes both what the spec lists and the diagnosis', () => {
    const config = handlerConfig(3, 1);
    const model = raftModel(config);
    // A candidate with a quorum: BecomeLeader is enabled, so nothing is wrong with it.
    let s = model.initialStates()[0]!;
    s = s
      .setIn(['servers', 0, 'state'], 'Candidate')
      .setIn(['servers', 0, 'votesGranted'], s.servers.get(0)!.votesGranted.union([0, 1]));
    expect(explainDisabled(s, 'BecomeLeader s1', model)).toBeUndefined();
    const extra: Guard = { holds: () => false, why: (_c, i) => `${serverName(i)} fails the added clause` };
    const guards = BECOME_LEADER_GUARDS as Guard[];
    guards.push(extra);
    try {
      const changed = raftModel(config);
      expect(changed.next(s).map((t) => changed.formatAction(t.action))).not.toContain('BecomeLeader s1');
      expect(explainDisabled(s, 'BecomeLeader s1', changed)).toBe('s1 fails the added clause');
    } finally {
      guards.pop();
    }
  });

  it('words a missing quorum with the votes and the configuration', () => {
    const model = raftModel(handlerConfig(3, 1));
    let s = model.initialStates()[0]!;
    s = s.setIn(['servers', 0, 'state'], 'Candidate');
    expect(explainDisabled(s, 'BecomeLeader s1', model)).toBe(
      'votesGranted[s1] = {} is not a quorum of {s1, s2, s3} (2 needed)',
    );
    expect(explainDisabled(s, 'BecomeLeader', model)).toContain('no BecomeLeader is enabled: ');
  });
});
