import { describe, expect, it } from 'vitest';
import { checkLiveness, type Verdict } from '../../checker/liveness/checkLiveness.js';
import type { Fairness, TemporalProperty } from '../../checker/liveness/temporal.js';
import { actionGraphModel, type ActionGraph, type NamedStep } from '../fixtures/models/actionGraph.js';

const wf = (...names: string[]): Fairness<NamedStep> => ({
  name: `WF(${names.join(',')})`,
  strength: 'weak',
  includes: (a) => names.includes(a.name),
});
const sf = (...names: string[]): Fairness<NamedStep> => ({
  name: `SF(${names.join(',')})`,
  strength: 'strong',
  includes: (a) => names.includes(a.name),
});
const at =
  (...xs: number[]) =>
  (x: number): boolean =>
    xs.includes(x);

function verdict(
  g: ActionGraph,
  property: TemporalProperty<number>,
  fairness: Fairness<NamedStep>[],
): Verdict<number, NamedStep> {
  const result = checkLiveness(actionGraphModel(g), [property], fairness);
  if (result.kind !== 'done') throw new Error('incomplete');
  return result.verdicts[0]!;
}

/** The states of a lasso, the loop's first one marked with a bar: [0, '|1', 2, 1]. */
function states(v: Verdict<number, NamedStep>): (number | string)[] {
  if (v.kind !== 'violated') return [];
  return v.trace.map((s, k) => (k === v.loopStart ? `|${s.state}` : s.state));
}

// 0 -Inc-> 1 -Inc-> 2, and 2 has no successor.
const counter: ActionGraph = { inits: [0], edges: [[[1, 'Inc']], [[2, 'Inc']], []] };
// 0 ⇄ 1 by A and B, and C leaves 1 for 2, where nothing is enabled.
const toggle: ActionGraph = {
  inits: [0],
  edges: [
    [[1, 'A']],
    [
      [0, 'B'],
      [2, 'C'],
    ],
    [],
  ],
};

describe('checkLiveness: eventually (<>P)', () => {
  const reachTwo: TemporalProperty<number> = { name: 'ReachTwo', kind: 'eventually', p: at(2) };

  it('fails without fairness: the behaviour may stutter in the initial state forever', () => {
    const v = verdict(counter, reachTwo, []);
    expect(states(v)).toEqual(['|0']);
  });

  it('holds under weak fairness of Inc: stuttering while Inc is enabled is unfair', () => {
    expect(verdict(counter, reachTwo, [wf('Inc')]).kind).toBe('holds');
  });

  it('weak fairness of every action still allows the A/B cycle, where C is disabled in state 0', () => {
    const v = verdict(toggle, reachTwo, [wf('A'), wf('B'), wf('C')]);
    expect(states(v)).toEqual(['|0', 1, 0]);
    if (v.kind === 'violated') expect(v.trace.slice(1).map((s) => s.action?.name)).toEqual(['A', 'B']);
  });

  it('strong fairness of C flips the verdict: C is enabled infinitely often on that cycle', () => {
    expect(verdict(toggle, reachTwo, [wf('A'), wf('B'), sf('C')]).kind).toBe('holds');
  });

  it('strong fairness of C alone allows stuttering in 0, where C is never enabled', () => {
    expect(states(verdict(toggle, reachTwo, [sf('C')]))).toEqual(['|0']);
  });

  it('judges nothing beyond a bound, and counts the states cut there', () => {
    const g: ActionGraph = { inits: [0], edges: [[[1, 'Inc']], [[2, 'Inc']], [[3, 'Inc']], []], cap: 2 };
    const result = checkLiveness(
      actionGraphModel(g),
      [{ name: 'ReachThree', kind: 'eventually', p: at(3) }],
      [wf('Inc')],
    );
    expect(result.kind).toBe('done');
    if (result.kind !== 'done') return;
    // The only behaviour that never reaches 3 within the bounds stops at 2, where Inc is enabled: not fair.
    expect(result.verdicts[0]!.kind).toBe('holds');
    expect(result.stats).toMatchObject({ distinctStates: 3, cut: 1, deadlocked: 0, boundDiscards: { Cap: 1 } });
  });
});

describe('checkLiveness: infinitely often, eventually always, leads to', () => {
  // 0 ⇄ 1 by Flip.
  const flip: ActionGraph = { inits: [0], edges: [[[1, 'Flip']], [[0, 'Flip']]] };

  it('[]<>P fails when a fair behaviour ends in a cycle avoiding P', () => {
    // 0 -Go-> 1 ⇄ 2 by Spin; P is state 0, visited once.
    const g: ActionGraph = { inits: [0], edges: [[[1, 'Go']], [[2, 'Spin']], [[1, 'Spin']]] };
    const v = verdict(g, { name: 'InfZero', kind: 'infinitelyOften', p: at(0) }, [wf('Go'), wf('Spin')]);
    expect(states(v)).toEqual([0, '|1', 2, 1]);
  });

  it('[]<>P holds when every fair behaviour returns to P', () => {
    expect(verdict(flip, { name: 'InfZero', kind: 'infinitelyOften', p: at(0) }, [wf('Flip')]).kind).toBe('holds');
  });

  it('<>[]P fails on a cycle through a ¬P state, even without fairness', () => {
    const v = verdict(flip, { name: 'StayZero', kind: 'eventuallyAlways', p: at(0) }, []);
    expect(states(v)).toEqual(['|0', 1, 0]);
  });

  it('<>[]P holds where the only cycles stay in P', () => {
    expect(verdict(counter, { name: 'StayTwo', kind: 'eventuallyAlways', p: at(2) }, [wf('Inc')]).kind).toBe('holds');
  });

  // 0 -Req-> 1 -Grant-> 2 -Reset-> 0, and Cancel: 1 -> 0.
  const requests: ActionGraph = {
    inits: [0],
    edges: [
      [[1, 'Req']],
      [
        [2, 'Grant'],
        [0, 'Cancel'],
      ],
      [[0, 'Reset']],
    ],
  };
  const granted: TemporalProperty<number> = { name: 'Granted', kind: 'leadsTo', p: at(1), q: at(2) };

  it('P ~> Q fails under weak fairness: Req, Cancel forever, Grant disabled in 0', () => {
    const v = verdict(requests, granted, [wf('Req'), wf('Grant'), wf('Cancel'), wf('Reset')]);
    expect(states(v)).toEqual([0, '|1', 0, 1]);
  });

  it('P ~> Q holds when Grant is strongly fair', () => {
    expect(verdict(requests, granted, [wf('Req'), sf('Grant'), wf('Reset')]).kind).toBe('holds');
  });

  it('reports the violation with the shortest stem', () => {
    // Two ¬P cycles: 3 ⇄ 4 one step from 0, and 2 ⇄ 5 two steps from 0 (listed first).
    const g: ActionGraph = {
      inits: [0],
      edges: [
        [
          [1, 'X'],
          [3, 'X'],
        ],
        [[2, 'X']],
        [[5, 'X']],
        [[4, 'X']],
        [[3, 'X']],
        [[2, 'X']],
      ],
    };
    const v = verdict(g, { name: 'InfZero', kind: 'infinitelyOften', p: at(0) }, [wf('X')]);
    expect(states(v)).toEqual([0, '|3', 4, 3]);
  });
});
