/**
 * The flat simulation model lists a state's actions (`forEachAction`) and builds one successor from its action
 * (`successorOf`); the walker trusts both to agree with `next`. Checked on states of random behaviours of several
 * configurations: the same actions in the same order, and for each the same successor, word for word.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../checker/random.js';
import { runWalk, simulate } from '../../checker/simulate.js';
import { flatSimulationModel, HUNT_CONFIG } from '../../harness/simulateRaft.js';
import type { RaftConfig } from '../../spec/raft/config.js';

const CONFIGS: [string, RaftConfig, string[]][] = [
  ['hunting bounds, duplicate on', { ...HUNT_CONFIG, duplicate: true, values: 2 }, []],
  ['a mutant', HUNT_CONFIG, ['no-consistency-check']],
  ['prevote', { ...HUNT_CONFIG, variants: ['prevote'] }, []],
  ['check-quorum', { ...HUNT_CONFIG, variants: ['check-quorum'] }, []],
  ['membership', { ...HUNT_CONFIG, servers: 4, variants: ['membership'] }, []],
];

describe('flat simulation model: forEachAction and successorOf agree with next', () => {
  for (const [name, config, bugs] of CONFIGS) {
    it(name, () => {
      const model = flatSimulationModel(config, bugs);
      const random = new Random(7);
      let states = 0;
      let successors = 0;
      for (let walk = 0; walk < 12; walk++) {
        let s = model.initialStates()[0]!;
        for (let depth = 0; depth < 120; depth++) {
          const next = model.next(s);
          const actions: number[] = [];
          model.forEachAction!(s, (a) => actions.push(a));
          expect(actions).toEqual(next.map((t) => t.action));
          for (const t of next) {
            const built = model.successorOf!(s, t.action);
            expect(Array.from(built.subarray(0, t.state.length))).toEqual(Array.from(t.state));
            successors++;
          }
          states++;
          if (next.length === 0) break;
          s = next[random.below(next.length)]!.state;
        }
      }
      // The behaviours went somewhere: many states, each with several successors.
      expect(states).toBeGreaterThan(1000);
      expect(successors).toBeGreaterThan(5 * states);
    });
  }
});

describe('a walk replayed alone is the walk of the run', () => {
  // With prevote and check-quorum on there are more action kinds than the walker first makes room for, so a
  // lone walk meets some kinds mid-step that the run had met in earlier walks.
  it('prevote-keeps-votes with prevote and check-quorum: the same violation, the same path', () => {
    const config: RaftConfig = { ...HUNT_CONFIG, variants: ['prevote', 'check-quorum'] };
    const bugs = ['prevote-keeps-votes'];
    const run = simulate(flatSimulationModel(config, bugs), { seed: 1, walks: 400 });
    expect(run.kind).toBe('violation');
    if (run.kind !== 'violation') return;
    expect(run.walk).toBeGreaterThan(0);
    const alone = runWalk(flatSimulationModel(config, bugs), 1, run.walk);
    expect([alone.invariant, alone.path]).toEqual([run.invariant, run.path]);
  });
});
