import { describe, expect, it } from 'vitest';
import { handlerConfig } from '../../fixtures/raftStates.js';
import { DEFAULT_CONFIG, type RaftConfig } from '../../../spec/raft/config.js';
import { BECOME_LEADER_GUARDS } from '../../../spec/raft/election.js';
import { explainDisabled } from '../../../spec/raft/explain.js';
import type { Guard } from '../../../spec/raft/guard.js';
import { raftModel, type RaftModel } from '../../../spec/raft/model.js';
import { actionTable } from '../../../spec/raft/next.js';
import type { ClusterState } from '../../../spec/raft/state.js';
import { serverName } from '../../../spec/raft/types.js';
import { variantModules } from '../../../spec/raft/variants.js';

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

/** Every label of the table's server actions (those with parameters), as formatAction writes them. */
function labels(model: RaftModel): string[] {
  const n = model.config.servers;
  const servers = [...Array(n).keys()];
  return actionTable(model.config.restart, variantModules(model.config.variants)).flatMap((row) =>
    servers.flatMap((i) =>
      row.params === 'i'
        ? [`${row.name} ${serverName(i)}`]
        : row.params === 'ij'
          ? servers.map((j) => `${row.name} ${serverName(i)}→${serverName(j)}`)
          : Array.from({ length: model.config.values }, (_, v) => `${row.name} ${serverName(i)} v${String(v + 1)}`),
    ),
  );
}

const CONFIGS: [string, RaftConfig][] = [
  ['raft.tla', { ...DEFAULT_CONFIG, servers: 2, maxTerm: 2, maxLogLen: 1 }],
  ['membership', { ...DEFAULT_CONFIG, servers: 3, maxTerm: 2, maxLogLen: 2, variants: ['membership'] }],
];

describe('explainDisabled reads the actions’ own guards', () => {
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
          // A variant's action that tests its guard inside has no clauses to word: it may say nothing.
          if (
            !/^(Restart|Timeout|RequestVote|BecomeLeader|ClientRequest|AdvanceCommitIndex|AppendEntries) /.test(label)
          )
            continue;
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
