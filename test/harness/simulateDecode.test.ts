/**
 * The walker keeps drawn successors as encodings when the model decodes (harness/simulateRaft.ts gives the flat
 * model `decode`), and as copies otherwise: both must walk exactly the same walks.
 */
import { describe, expect, it } from 'vitest';
import { simulate, type SimulateResult } from '../../checker/simulate.js';
import { flatSimulationModel, HUNT_CONFIG } from '../../harness/simulateRaft.js';
import { fastRaftModel } from '../../spec/raft/model.js';

/** The parts of a result that do not depend on the clock, states as plain arrays. */
function timeless(r: SimulateResult<Int32Array, number>): unknown {
  const stats: Partial<typeof r.stats> = { ...r.stats };
  delete stats.seconds;
  delete stats.stepsPerSecond;
  const trace = r.kind === 'violation' ? r.trace.map((t) => [t.action, Array.from(t.state)]) : undefined;
  return { ...r, stats, trace };
}

describe('simulation with a decoding model', () => {
  it.each([
    ['the correct model, swarm choice', [], false],
    ['the correct model, uniform choice', [], true],
    ['a mutant, caught (its trace rebuilt from positions)', ['double-vote'], false],
  ] as const)('walks the same walks as with copies: %s', (_name, bugs, uniform) => {
    const options = { seed: 9, walks: 60, uniform };
    const decoding = simulate(flatSimulationModel(HUNT_CONFIG, bugs), options);
    const copying = simulate(fastRaftModel(HUNT_CONFIG, bugs), options);
    expect(flatSimulationModel(HUNT_CONFIG, bugs).decode).toBeDefined();
    expect(fastRaftModel(HUNT_CONFIG, bugs).decode).toBeUndefined();
    expect(timeless(decoding)).toEqual(timeless(copying));
    expect(decoding.stats.steps).toBeGreaterThan(bugs.length === 0 ? 1000 : 0);
    expect(decoding.kind).toBe(bugs.length === 0 ? 'ok' : 'violation');
  });
});
