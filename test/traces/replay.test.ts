import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../checker/model.js';
import { BUGS } from '../../spec/raft/bugs.js';
import { diffClusters, explainDisabled } from '../../spec/raft/explain.js';
import { raftModel, type RaftModel } from '../../spec/raft/model.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { formatDivergence, replay, type Divergence, type ReplayHooks, type ReplayStep } from '../../traces/replay.js';
import { counterexample, itfText, SMALL, stepsFromText, walk } from './raftTraces.js';
import { withBugVariants } from '../fixtures/bugVariants.js';

/** A toy model: x starts at 0; `Add 1` and `Add 2` add, `Double` doubles when x > 0. */
const toy: Model<number, string> = {
  initialStates: () => [0],
  next: (x) => [
    { action: 'Add 1', state: x + 1 },
    { action: 'Add 2', state: x + 2 },
    ...(x > 0 ? [{ action: 'Double', state: 2 * x }] : []),
  ],
  invariants: [],
  bounds: [],
  encode: (x, out) => {
    out.push(x);
  },
  actionName: (a) => a.split(' ')[0]!,
  formatAction: (a) => a,
};

const toyHooks: ReplayHooks<number> = {
  diff: (a, b) => (a === b ? [] : [{ field: 'x', trace: String(a), spec: String(b) }]),
  explainDisabled: (x, action) => (action === 'Double' && x === 0 ? 'x is 0' : undefined),
};

function diverges<S>(result: ReturnType<typeof replay<S, unknown>>): Divergence {
  if (result.ok) throw new Error(`expected a divergence, replayed ${result.steps} steps`);
  return result.divergence;
}

describe('replay over any model', () => {
  it('replays a trace with labels, with names and without', () => {
    const trace: ReplayStep<number>[] = [
      { state: 0 },
      { state: 2, action: 'Add 2' },
      { state: 3, action: 'Add' },
      { state: 6 },
    ];
    expect(replay(toy, trace, toyHooks)).toEqual({ ok: true, steps: 3 });
  });

  it('rejects a first state that is not initial, with the closest initial state', () => {
    const d = diverges(replay(toy, [{ state: 5 }], toyHooks));
    expect(d).toMatchObject({ index: 0, problem: 'not-initial', closest: { action: 'Init', diff: [{ field: 'x' }] } });
  });

  it('names the action that is not enabled and asks the model why', () => {
    const d = diverges(replay(toy, [{ state: 0 }, { state: 0, action: 'Double' }], toyHooks));
    expect(d).toMatchObject({ index: 1, problem: 'not-enabled', action: 'Double', explanation: 'x is 0' });
    expect(d.enabled).toEqual(['Add 1', 'Add 2']);
  });

  it('reports the labelled action that produces another state, and which action does produce it', () => {
    const d = diverges(replay(toy, [{ state: 0 }, { state: 1 }, { state: 2, action: 'Add 2' }], toyHooks));
    expect(d).toMatchObject({ index: 2, problem: 'different-state', reachedBy: ['Add 1', 'Double'] });
    expect(d.closest).toEqual({ action: 'Add 2', diff: [{ field: 'x', trace: '2', spec: '3' }] });
  });

  it('reports an unlabelled state no action produces, with the closest successor', () => {
    const d = diverges(replay(toy, [{ state: 0 }, { state: 7 }], toyHooks));
    expect(d).toMatchObject({ index: 1, problem: 'no-successor', closest: { action: 'Add 1' } });
  });

  it('formats a divergence as lines that name the state, the fields and the enabled actions', () => {
    const d = diverges(replay(toy, [{ state: 0 }, { state: 0, action: 'Double' }], toyHooks));
    expect(formatDivergence(d)).toEqual([
      'state 2 (states[1]) (Double) does not follow: the action is not enabled in state 1',
      '  why: x is 0',
      "  the spec's state after Add 1 differs in 1 field:",
      '    x: trace 0, spec 1',
      '  enabled in state 1 (2):',
      '    Add 1',
      '    Add 2',
    ]);
  });
});

function raftReplay(model: RaftModel, steps: readonly ReplayStep<ClusterState>[]): ReturnType<typeof replay> {
  return replay(model, steps, { diff: diffClusters, explainDisabled: (s, a) => explainDisabled(s, a, model) });
}

describe('replay of Raft traces', () => {
  it('replays the counterexample a check of the double-vote bug writes', () => {
    const { model, trace } = counterexample(['double-vote']);
    const steps = stepsFromText(itfText(model, trace), model.config);
    expect(raftReplay(model, steps)).toMatchObject({
      ok: true,
      steps: trace.length - 1,
      violation: { index: trace.length - 1 },
    });
  });

  it('rejects that counterexample under the correct spec at the second vote, saying the vote is refused', () => {
    const { trace } = counterexample(['double-vote']);
    const correct = raftModel(SMALL);
    const steps = stepsFromText(itfText(correct, trace), correct.config);
    const d = diverges(raftReplay(correct, steps));
    expect(d.index).toBe(7);
    expect(d.problem).toBe('not-enabled');
    expect(d.action).toBe('HandleRequestVoteRequest s2→s1 term=2 granted');
    expect(d.explanation).toContain('the handler decides refused, not granted');
    expect(d.closest?.action).toBe('HandleRequestVoteRequest s2→s1 term=2 refused');
    expect(d.closest?.diff.map((f) => f.field)).toContain('votedFor[s1]');
  });

  test.prop([fc.array(fc.nat(), { maxLength: 40 }), fc.subarray(BUGS.map((b) => b.name))], { numRuns: 60, seed: 11 })(
    'random walks of the spec and of its mutants replay after an ITF round trip',
    (choices, bugs) => {
      const model = raftModel(
        withBugVariants({ ...SMALL, servers: 3, values: 2, maxTerm: 4, maxLogLen: 3 }, bugs),
        bugs,
      );
      const trace = walk(model, choices);
      const steps = stepsFromText(itfText(model, trace), model.config);
      // A random walk of a mutant may pass through a violation: replay reports the first, if any.
      expect(raftReplay(model, steps)).toMatchObject({ ok: true, steps: trace.length - 1 });
    },
  );

  test.prop(
    [
      fc.constantFrom('double-vote', 'stale-vote-count', 'forget-on-restart'),
      fc.record({ maxCopies: fc.integer({ min: 1, max: 2 }), duplicate: fc.boolean(), drop: fc.boolean() }),
    ],
    { numRuns: 6, seed: 3 },
  )('violations found on mutants under random bounds replay after an ITF round trip', (bug, bounds) => {
    const { model, trace } = counterexample([bug], { ...SMALL, maxTerm: 3, ...bounds });
    const steps = stepsFromText(itfText(model, trace), model.config);
    expect(raftReplay(model, steps)).toMatchObject({
      ok: true,
      steps: trace.length - 1,
      violation: { index: trace.length - 1 },
    });
  });

  // The mutants a two-server check catches within a second; the others need bounds too large for a unit test.
  it.each(['double-vote', 'stale-vote-count', 'forget-on-restart'])(
    'the counterexample a check finds for %s replays under its model',
    (bug) => {
      const { model, trace } = counterexample([bug], { ...SMALL, maxTerm: 3 });
      const steps = stepsFromText(itfText(model, trace), model.config);
      expect(raftReplay(model, steps)).toMatchObject({
        ok: true,
        steps: trace.length - 1,
        violation: { index: trace.length - 1 },
      });
    },
  );
});

describe('replay rejects tampered Raft traces at the right state', () => {
  const { model, trace } = counterexample(['double-vote']);
  const steps = (): ReplayStep<ClusterState>[] => stepsFromText(itfText(model, trace), model.config);

  it('a changed field: the divergence names the state and the field', () => {
    const tampered = steps();
    const at = tampered[4]!;
    tampered[4] = { ...at, state: at.state.setIn(['servers', 1, 'currentTerm'], 5) };
    const d = diverges(raftReplay(model, tampered));
    expect(d.index).toBe(4);
    expect(d.problem).toBe('different-state');
    expect(d.closest?.diff).toEqual([{ field: 'currentTerm[s2]', trace: '5', spec: '2' }]);
  });

  it('a skipped step: the state after the gap does not follow', () => {
    const tampered = steps();
    tampered.splice(3, 1);
    const d = diverges(raftReplay(model, tampered));
    expect(d.index).toBe(3);
    expect(d.problem).toBe('not-enabled');
    expect(d.explanation).toBe('no RequestVoteRequest s1→s1 term=2 is in messages');
  });

  it('a wrong first state: state 0 is not initial, with the differing field', () => {
    const tampered = steps();
    tampered[0] = { state: tampered[0]!.state.setIn(['servers', 0, 'votedFor'], 1) };
    const d = diverges(raftReplay(model, tampered));
    expect(d).toMatchObject({ index: 0, problem: 'not-initial' });
    expect(d.closest?.diff).toEqual([{ field: 'votedFor[s1]', trace: 's2', spec: 'Nil' }]);
  });

  it('a wrong label: the named action is disabled, and the guard that is false is named', () => {
    const tampered = steps();
    tampered[1] = { ...tampered[1]!, action: 'BecomeLeader s1' };
    const d = diverges(raftReplay(model, tampered));
    expect(d).toMatchObject({ index: 1, problem: 'not-enabled', reachedBy: ['Timeout s1'] });
    expect(d.explanation).toBe('s1 is Follower; BecomeLeader needs Candidate');
  });
});
