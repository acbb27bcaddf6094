/**
 * Symmetry reduction on Raft, held to the unreduced state space: TLC's symmetric counts are not available, so
 * the reduced counts are derived here from the full state space and from TLC's own algorithm.
 */
import { describe, expect, it } from 'vitest';
import { findTlcConfig, loadTlcConfigs, toRaftConfig } from '../../bench/tlcConfigs.js';
import { withSymmetry } from '../../checker/symmetry.js';
import { checkRaft, checkRaftSymmetric } from '../../harness/checkRaft.js';
import type { RaftConfig } from '../../spec/raft/config.js';
import { fastRaftModel, raftModel, type FastRaftModel } from '../../spec/raft/model.js';
import { ServerSymmetry } from '../../spec/raft/symmetry.js';
import { replay } from '../../traces/replay.js';
import { parallelInProcess } from '../fixtures/parallelInProcess.js';

const configs = loadTlcConfigs();
const tlc = (name: string): RaftConfig => toRaftConfig(findTlcConfig(configs, name));

interface Explored {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  /** The stored states, as explored. */
  readonly states: readonly Int32Array[];
}

/**
 * TLC's breadth-first search, written out: a queue of the states met first, a seen-set of keys, where a
 * state's key under SYMMETRY is its canonical form's; TLC explores the state it met, not the canonical form.
 * Without `canonical`, the plain unreduced search. (For configurations where every invariant holds.)
 */
function tlcSearch(model: FastRaftModel, canonical?: (s: Int32Array) => Int32Array): Explored {
  const key = (s: Int32Array): string => {
    const c = canonical === undefined ? s : canonical(s);
    return c.subarray(0, model.layout.length(c)).join(',');
  };
  const inBounds = (s: Int32Array): boolean => model.bounds.every((b) => b.holds(s));
  const seen = new Set<string>();
  const states: Int32Array[] = [];
  let generated = 0;
  let depth = 0;
  let level: Int32Array[] = [];
  const meet = (s: Int32Array, into: Int32Array[]): void => {
    generated++;
    if (!inBounds(s)) return;
    const k = key(s);
    if (seen.has(k)) return;
    seen.add(k);
    states.push(s);
    into.push(s);
  };
  for (const s of model.initialStates()) meet(s, level);
  while (level.length > 0) {
    depth++;
    const next: Int32Array[] = [];
    for (const s of level) for (const t of model.next(s)) meet(t.state, next);
    level = next;
  }
  return { distinct: seen.size, generated, depth, states };
}

const kinds = (model: FastRaftModel, s: Int32Array): string =>
  model
    .next(s)
    .map((t) => `${model.actionName(t.action)}${model.bounds.every((b) => b.holds(t.state)) ? '' : '!'}`)
    .sort()
    .join(' ');

const L1 = tlc('L1');

/** membership's bounds C (docs/variants.md): 3 servers, s1 and s2 the first configuration, s3 can join. */
const C: RaftConfig = {
  servers: 3,
  values: 1,
  maxTerm: 2,
  maxLogLen: 2,
  maxCopies: 1,
  maxInFlight: 1,
  restart: false,
  duplicate: false,
  drop: false,
  variants: ['membership'],
};

describe.each([
  ['L1', L1, []],
  ['L2', tlc('L2'), []],
  ['L8', tlc('L8'), []],
  ['L1 with check-quorum', { ...L1, variants: ['check-quorum'] }, []],
  ['L1 with stale-vote-count', tlc('L1'), ['stale-vote-count']],
  // Configuration entries in logs and in flight: renamed with the servers they name.
  ['membership bounds C (2 of 3 servers initial members)', C, []],
  [
    'membership, 2 initial members of 2, maxLog 2, restart and drop',
    { ...C, servers: 2, initialMembers: 2, maxTerm: 3, restart: true, drop: true },
    [],
  ],
  ['membership bounds C with reconfig-without-term-commit', C, ['reconfig-without-term-commit']],
] as const)('--symmetry on %s', (_, config, bugs) => {
  const model = fastRaftModel(config, bugs);
  const sym = new ServerSymmetry(model.layout);
  const canonical = (s: Int32Array): Int32Array => sym.canonicalize(s);
  const full = tlcSearch(model);
  const reduced = checkRaftSymmetric(config, bugs);

  it('stores one state per orbit of the full state space, and covers all of it', () => {
    expect(reduced.kind).toBe('ok');
    const orbits = new Set(full.states.map((s) => canonical(s).subarray(0, model.layout.length(s)).join(',')));
    expect(reduced.stats.distinctStates).toBe(orbits.size);
    expect(reduced.stats.distinctStates).toBeLessThan(full.distinct);
    // The orbit sizes of the representatives add up to the unreduced count.
    expect(reduced.stats.representedStates).toBe(full.distinct);
    expect(checkRaft(config, bugs).stats.distinctStates).toBe(full.distinct);
  });

  it("gives TLC's counts: its search, keyed by canonical forms, finds as many states and generates as many", () => {
    const tlcWay = tlcSearch(model, canonical);
    expect(reduced.stats.distinctStates).toBe(tlcWay.distinct);
    expect(reduced.stats.generatedStates).toBe(tlcWay.generated);
    expect(reduced.stats.depth).toBe(tlcWay.depth);
  });

  it('has the depth of the unreduced search', () => {
    expect(reduced.stats.depth).toBe(full.depth);
  });

  it('generates what its representatives have as successors, as many as any renaming of them has', () => {
    // Successors of each kind, and those that break a bound, are the same for a state and its representative.
    for (const s of full.states) expect(kinds(model, canonical(s).slice())).toBe(kinds(model, s));
    const representatives = new Map<string, Int32Array>();
    for (const s of full.states) {
      const c = canonical(s).slice();
      representatives.set(c.subarray(0, model.layout.length(c)).join(','), c);
    }
    let generated = model.initialStates().length;
    for (const r of representatives.values()) generated += model.next(r).length;
    expect(reduced.stats.generatedStates).toBe(generated);
  });

  it('counts the same with two workers (and on the reference engine, for L1)', async () => {
    const parallel = await parallelInProcess(() => {
      const m = fastRaftModel(config, bugs);
      return withSymmetry({ ...m, decode: (w: Int32Array) => w }, new ServerSymmetry(m.layout));
    }, 2);
    // The reference engine is slow: on the smallest configuration only.
    const values = config === L1 ? [checkRaftSymmetric(config, bugs, {}, 'reference').stats] : [];
    for (const other of [parallel.stats, ...values]) {
      expect([other.distinctStates, other.generatedStates, other.depth, other.representedStates]).toEqual([
        reduced.stats.distinctStates,
        reduced.stats.generatedStates,
        reduced.stats.depth,
        full.distinct,
      ]);
    }
  });
});

describe.each([
  ['double-vote on 3 servers', { ...tlc('L7'), restart: true, drop: true }, ['double-vote']],
  ['stale-vote-count', { ...tlc('L8'), maxLogLen: 0, maxInFlight: 1 }, ['stale-vote-count']],
  ['prevote-keeps-votes', { ...tlc('L7'), variants: ['prevote'] }, ['prevote-keeps-votes']],
] as const)('a counterexample under --symmetry, %s', (_, config, bugs) => {
  const unreduced = checkRaft(config, bugs);
  const reduced = checkRaftSymmetric(config, bugs);

  it('is a real behaviour that replays and breaks the invariant, as short as the unreduced one', () => {
    expect(unreduced.kind).toBe('violation');
    expect(reduced.kind).toBe('violation');
    if (reduced.kind !== 'violation' || unreduced.kind !== 'violation') return;
    expect(reduced.trace.length).toBe(unreduced.trace.length);
    expect(reduced.stats.depth).toBe(unreduced.stats.depth);
    expect(reduced.invariant).toBe(unreduced.invariant);
    const values = raftModel(config, bugs);
    const replayed = replay(
      values,
      reduced.trace.map((step) => ({
        state: step.state,
        ...(step.action === null ? {} : { action: values.formatAction(step.action) }),
      })),
    );
    expect(replayed).toEqual({
      ok: true,
      steps: reduced.trace.length - 1,
      violation: { index: reduced.trace.length - 1, invariant: reduced.invariant },
    });
  });

  it('is found with fewer states', () => {
    expect(reduced.stats.distinctStates).toBeLessThan(unreduced.stats.distinctStates);
  });
});
