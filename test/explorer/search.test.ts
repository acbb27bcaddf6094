import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, makeEngine, runCheck, runSimulation, type SearchProgress } from '../../explorer/src/engine.js';
import { firstViolation, fromLabels } from '../../explorer/src/history.js';
import { DOUBLE_VOTE } from './fixtures.js';

describe("the page's searches", () => {
  it('a check that finds nothing reports the same counts as the CLI', () => {
    // One server, the default bounds: the smallest model, explored whole.
    const outcome = runCheck({ config: { ...DEFAULT_CONFIG, servers: 1 }, bugs: [] }, undefined, () => undefined);
    expect(outcome.kind).toBe('ok');
    expect(outcome.summary).toMatch(/^\d[\d,]* distinct states, [\d,]+ generated, depth \d+, [\d.]+ s$/);
  });

  it('stops at maxStates as the CLI does', () => {
    const outcome = runCheck({ config: DEFAULT_CONFIG, bugs: [] }, 1000, () => undefined);
    expect(outcome.kind).toBe('incomplete');
  });

  it('a simulation finds the double vote, and its shrunk counterexample opens in the stepper', () => {
    const progress: SearchProgress[] = [];
    const outcome = runSimulation(DOUBLE_VOTE, { seed: 1, seconds: 30, maxDepth: 100 }, (p) => progress.push(p), 20);
    expect(outcome.kind).toBe('violation');
    if (outcome.kind !== 'violation') return;
    expect(outcome.invariant).toBe('VotesGrantedExclusive');
    const engine = makeEngine(DOUBLE_VOTE);
    const { history, problem } = fromLabels(engine, outcome.labels);
    expect(problem).toBeUndefined();
    expect(firstViolation(engine, history)).toEqual({
      index: history.steps.length - 1,
      invariants: ['VotesGrantedExclusive'],
    });
    // Seeded: the same seed gives the same walk however the walks are sliced.
    const again = runSimulation(DOUBLE_VOTE, { seed: 1, seconds: 30, maxDepth: 100 }, () => undefined, 7);
    expect(again).toMatchObject({ kind: 'violation', labels: outcome.labels });
  });
});
