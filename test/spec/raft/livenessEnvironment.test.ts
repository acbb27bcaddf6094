import { describe, expect, it } from 'vitest';
import { codeName } from '../../../spec/raft/actions.js';
import type { RaftConfig } from '../../../spec/raft/config.js';
import { parseLinks, restrictedModel } from '../../../spec/raft/liveness/environment.js';
import { fastRaftModel } from '../../../spec/raft/model.js';
import type { ClusterState } from '../../../spec/raft/state.js';

// The environment of a liveness run (spec/raft/liveness/environment.ts) against a plain statement of it on
// values, on every reachable state of a small check-quorum model with one link cut.
const config: RaftConfig = {
  servers: 3,
  values: 1,
  maxTerm: 2,
  maxLogLen: 0,
  maxCopies: 1,
  maxInFlight: 1,
  restart: false,
  duplicate: false,
  drop: false,
  variants: ['check-quorum'],
};
const linked = parseLinks(['s1-s2', 's1-s3'], 3) as (i: number, j: number) => boolean;

/** Timeout of i: no leader of i's term or a higher one is linked to it. */
function timerMayFire(s: ClusterState, i: number): boolean {
  const term = s.servers.get(i)!.currentTerm;
  return !s.servers.some((o, j) => o.state === 'Leader' && o.currentTerm >= term && linked(j, i));
}

/** CheckQuorum of leader i: every other server linked to it, of a term not above its own, answered. */
function roundAnswered(s: ClusterState, i: number): boolean {
  const me = s.servers.get(i)!;
  return s.servers.every((o, j) => j === i || !linked(i, j) || o.currentTerm > me.currentTerm || me.quorumHeard.has(j));
}

describe('the liveness environment (--links, --timers)', () => {
  it('keeps exactly the steps the timers and links allow, on every reachable state', () => {
    const fast = fastRaftModel(config, [], []);
    const env = restrictedModel(fast, { links: linked, timers: true });
    const seen = new Set<string>();
    let frontier: Int32Array[] = fast.initialStates().map((s) => s.slice());
    const wrong: string[] = [];
    const removed = { Timeout: 0, CheckQuorum: 0, Receive: 0 };
    let kept = 0;
    while (frontier.length > 0) {
      const next: Int32Array[] = [];
      for (const s of frontier) {
        const key = s.join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        const value = fast.toValue(s);
        const all = fast.next(s);
        const allowed = new Set(env.next(s).map((t) => t.action));
        for (const t of all) {
          const action = fast.actionOf(t.action, s);
          const expected =
            action.kind === 'Timeout'
              ? timerMayFire(value, action.i)
              : action.kind === 'CheckQuorum'
                ? roundAnswered(value, action.i)
                : action.kind !== 'Receive' || linked(action.m.source, action.m.dest);
          if (allowed.has(t.action) !== expected) wrong.push(`${codeName(t.action)} from ${key}`);
          if (!expected)
            removed[action.kind === 'Timeout' || action.kind === 'CheckQuorum' ? action.kind : 'Receive']++;
          else if (action.kind === 'CheckQuorum') kept++;
          if (expected && fast.bounds.every((b) => b.holds(t.state))) next.push(t.state);
        }
      }
      frontier = next;
    }
    expect(wrong).toEqual([]);
    // Each restriction is exercised, and CheckQuorum is not simply gone.
    expect(removed.Timeout).toBeGreaterThan(0);
    expect(removed.CheckQuorum).toBeGreaterThan(0);
    expect(removed.Receive).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
  });
});
