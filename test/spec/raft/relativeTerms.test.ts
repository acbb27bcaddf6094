import { describe, expect, it } from 'vitest';
import { checkLiveness } from '../../../checker/liveness/checkLiveness.js';
import { buildRaftLiveness, type LivenessRecipeArgs } from '../../../cli/livenessRecipe.js';
import { codeName } from '../../../spec/raft/actions.js';
import type { RaftConfig } from '../../../spec/raft/config.js';
import { flatNormaliser, normaliseTerms } from '../../../spec/raft/liveness/relativeTerms.js';
import { toFlat } from '../../../spec/raft/codec.js';
import { fastRaftModel } from '../../../spec/raft/model.js';

const small: RaftConfig = {
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

/** Every state of `config` within its bounds, by breadth-first search on the plain model (at most `cap`). */
function reachable(config: RaftConfig, cap: number): Int32Array[] {
  const fast = fastRaftModel(config, [], []);
  const seen = new Set<string>();
  const out: Int32Array[] = [];
  let frontier: Int32Array[] = fast.initialStates().map((s) => s.slice());
  while (frontier.length > 0 && out.length < cap) {
    const next: Int32Array[] = [];
    for (const s of frontier) {
      const key = s.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(s);
      for (const t of fast.next(s)) if (fast.bounds.every((b) => b.holds(t.state))) next.push(t.state);
    }
    frontier = next;
  }
  return out;
}

describe('relative terms (spec/raft/liveness/relativeTerms.ts)', () => {
  const fast = fastRaftModel(small, [], []);
  const normal = flatNormaliser(fast);
  const successors = (s: Int32Array): string[] =>
    fast
      .next(s)
      .map((t) => `${codeName(t.action)}:${normal(t.state).join(',')}`)
      .sort();

  it('commutes with the next-state relation: a state and its normal form have the same successors up to normal form', () => {
    const states = reachable(small, 2000);
    let renamed = 0;
    for (const s of states) {
      const n = normal(s);
      if (n !== s) renamed++;
      expect(successors(n)).toEqual(successors(s));
    }
    // The test is about states whose terms moved; there must be many.
    expect(renamed).toBeGreaterThan(50);
  });

  it('keeps the truth of every invariant', () => {
    const withInvariants = fastRaftModel(small);
    for (const s of reachable(small, 2000)) {
      const n = normal(s);
      for (const inv of withInvariants.invariants) expect(inv.holds(n)).toBe(inv.holds(s));
    }
  });

  it('normalises flat words exactly as the values are normalised (raft.tla and prevote, whose messages carry lastLogTerm)', () => {
    for (const config of [small, { ...small, maxTerm: 4, maxLogLen: 2, variants: ['prevote'] }]) {
      const model = fastRaftModel(config, [], []);
      const flat = flatNormaliser(model);
      let renamed = 0;
      for (const s of reachable(config, 3000)) {
        const viaValues = toFlat(model.layout, normaliseTerms(model.toValue(s)));
        const n = flat(s);
        if (n !== s) renamed++;
        expect([...n]).toEqual([...viaValues]);
      }
      expect(renamed).toBeGreaterThan(50);
    }
  });

  it('is a normal form: normalising twice changes nothing, and the initial state is one', () => {
    for (const s of reachable(small, 2000)) {
      const v = normaliseTerms(fast.toValue(s));
      expect(normaliseTerms(v)).toBe(v);
    }
    const init = fast.initialStates()[0]!;
    expect(normal(init)).toBe(init);
  });

  it('agrees with the plain model where both decide: a plain violation is a relative one, a relative "holds" a plain one', async () => {
    const fair = ['Deliver', 'Send', 'Timeout', 'BecomeLeader', 'AdvanceCommitIndex'].map((family) => ({
      strength: 'weak' as const,
      family,
    }));
    for (const config of [
      { ...small, maxTerm: 3, maxLogLen: 0, restart: false, drop: false, maxInFlight: 1 },
      { ...small, maxTerm: 2, restart: false, drop: false, maxInFlight: 1 },
    ]) {
      for (const fairness of [[], fair]) {
        const args: LivenessRecipeArgs = {
          config,
          bugs: [],
          properties: ['EventuallyLeader', 'InfinitelyOftenLeader', 'EventuallyStableLeader'],
          invariantFiles: [],
          fairness,
        };
        const verdicts = async (relativeTerms: boolean): Promise<string[]> => {
          const p = await buildRaftLiveness({ ...args, relativeTerms });
          const r = checkLiveness(p.model, p.properties, p.fairness);
          if (r.kind !== 'done') throw new Error('incomplete');
          return r.verdicts.map((v) => v.kind);
        };
        const plain = await verdicts(false);
        const relative = await verdicts(true);
        plain.forEach((v, k) => {
          if (v === 'violated') expect(relative[k]).toBe('violated');
          if (relative[k] === 'holds') expect(v).toBe('holds');
        });
      }
    }
  });
});
