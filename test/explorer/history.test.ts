import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, makeEngine, readItf, type Engine } from '../../explorer/src/engine.js';
import {
  firstViolation,
  fromLabels,
  fromPath,
  fromTrace,
  move,
  moveTo,
  pathOf,
  startHistory,
  take,
  traceOf,
  type History,
} from '../../explorer/src/history.js';
import { doubleVote } from './fixtures.js';

const engine = makeEngine({ config: DEFAULT_CONFIG, bugs: [] });

/** A random behaviour: at each step, the successor at a random position. */
function randomHistory(e: Engine, picks: readonly number[]): History {
  let h = startHistory(e);
  for (const pick of picks) {
    const successors = e.successors(h.steps[h.cursor]!.state);
    if (successors.length === 0) break;
    h = take(e, h, pick % successors.length);
  }
  return h;
}

describe('the history', () => {
  it('takes an action from the cursor and drops what lay ahead of it, as browser history does', () => {
    let h = take(engine, take(engine, take(engine, startHistory(engine), 0), 1), 2);
    expect(h.steps.map((s) => s.position)).toEqual([0, 0, 1, 2]);
    h = move(h, -2);
    expect(h.cursor).toBe(1);
    expect(h.steps).toHaveLength(4);
    h = take(engine, h, 3);
    expect(h.steps.map((s) => s.position)).toEqual([0, 0, 3]);
    expect(h.cursor).toBe(2);
  });

  it('keeps the cursor inside the history', () => {
    const h = take(engine, startHistory(engine), 0);
    expect(move(h, 5).cursor).toBe(1);
    expect(moveTo(h, -3).cursor).toBe(0);
    expect(move(h, 0)).toBe(h);
  });

  it('labels each step as the CLI does', () => {
    const h = take(
      engine,
      startHistory(engine),
      engine.successors(startHistory(engine).steps[0]!.state).findIndex((s) => s.label === 'Timeout s2'),
    );
    expect(h.steps[1]!.label).toBe('Timeout s2');
    expect(h.steps[1]!.name).toBe('Timeout');
    expect(engine.changes(h.steps[0]!.state, h.steps[1]!.state)).toEqual([
      's2: currentTerm 1→2, state Follower→Candidate',
    ]);
  });

  test.prop([fc.array(fc.nat(), { maxLength: 25 })])('a path rebuilds the behaviour it was read from', (picks) => {
    const h = randomHistory(engine, picks);
    const path = pathOf(h)!;
    const rebuilt = fromPath(engine, path);
    expect(rebuilt.problem).toBeUndefined();
    expect(rebuilt.history.steps.map((s) => s.label)).toEqual(h.steps.map((s) => s.label));
    expect(rebuilt.history.steps.map((s) => engine.json(s.state))).toEqual(h.steps.map((s) => engine.json(s.state)));
  });

  test.prop([fc.array(fc.nat(), { maxLength: 25 })])('labels rebuild the behaviour they were read from', (picks) => {
    const h = randomHistory(engine, picks);
    const rebuilt = fromLabels(
      engine,
      h.steps.slice(1).map((s) => s.label!),
    );
    expect(rebuilt.problem).toBeUndefined();
    expect(pathOf(rebuilt.history)).toEqual(pathOf(h));
  });

  it('says which step of a path the model lacks, and keeps the steps before it', () => {
    const rebuilt = fromPath(engine, [0, 1, 999]);
    expect(rebuilt.problem).toBe('step 2 of the path names successor 999, which state 1 does not have');
    expect(rebuilt.history.steps).toHaveLength(2);
    expect(fromLabels(engine, ['Timeout s1', 'BecomeLeader s1']).problem).toBe(
      "step 2 'BecomeLeader s1' is not enabled in state 1",
    );
  });

  it('finds the first state that violates an invariant', () => {
    const { engine: e, history, invariant } = doubleVote();
    expect(invariant).toBe('VotesGrantedExclusive');
    expect(firstViolation(e, history)).toEqual({ index: 8, invariants: ['VotesGrantedExclusive'] });
    expect(firstViolation(e, moveTo(history, 0))).toEqual({ index: 8, invariants: ['VotesGrantedExclusive'] });
    expect(firstViolation(engine, startHistory(engine))).toBeUndefined();
  });
});

describe('traces read from ITF', () => {
  it('replays a written counterexample onto the same path, with the invariant its meta names', () => {
    const { engine: e, history, invariant } = doubleVote();
    const text = e.itf(traceOf(history)!, invariant);
    const read = readItf(text);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.invariant).toBe('VotesGrantedExclusive');
    expect(read.value.choice).toEqual(e.choice);
    const rebuilt = fromTrace(makeEngine(read.value.choice), read.value);
    expect(rebuilt.problem).toBeUndefined();
    expect(pathOf(rebuilt.history)).toEqual(pathOf(history));
  });

  it('keeps the states of a trace the model cannot produce, and says from which step', () => {
    const { engine: e, history, invariant } = doubleVote();
    const json = JSON.parse(e.itf(traceOf(history)!, invariant)) as { states: Record<string, unknown>[] };
    // State 3 claims s2 voted for itself though no step made it so.
    const votedFor = json.states[3]!.votedFor as { '#map': [string, string][] };
    votedFor['#map'][1]![1] = 's2';
    const read = readItf(JSON.stringify(json));
    if (!read.ok) throw new Error(read.error);
    const rebuilt = fromTrace(e, read.value);
    expect(rebuilt.problem).toBe("step 3 'RequestVote s1→s1' does not follow from state 2 in this model");
    expect(rebuilt.history.steps).toHaveLength(9);
    expect(rebuilt.history.steps.slice(3).every((s) => s.position === undefined)).toBe(true);
    expect(pathOf(rebuilt.history)).toBeUndefined();
    expect(traceOf(rebuilt.history)).toBeUndefined();
  });

  it("reads a trace without raft-check's #meta, taking the servers and values from its states", () => {
    const { engine: e, history, invariant } = doubleVote();
    const json = JSON.parse(e.itf(traceOf(history)!, invariant)) as Record<string, unknown>;
    json['#meta'] = { format: 'ITF', source: 'another tool' };
    const read = readItf(JSON.stringify(json));
    if (!read.ok) throw new Error(read.error);
    expect(read.value.choice).toEqual({ config: { ...DEFAULT_CONFIG, servers: 2 }, bugs: [] });
    expect(read.value.invariant).toBeUndefined();
    // Without the bug the model cannot grant the second vote: the trace loads, and says where it departs.
    const rebuilt = fromTrace(makeEngine(read.value.choice), read.value);
    expect(rebuilt.problem).toBe(
      "step 7 'HandleRequestVoteRequest s2→s1 term=2 granted' does not follow from state 6 in this model",
    );
    expect(rebuilt.history.steps).toHaveLength(9);
  });

  it.each([
    ['not json', 'not JSON'],
    ['{"vars": [], "states": []}', 'missing the reference model'],
    [
      '{"#meta": {"raft-check": {"model": {"bugs": ["typo"]}}}, "vars": [], "states": []}',
      'the trace names unknown bugs: typo',
    ],
  ])('rejects %s with one line', (text, message) => {
    const read = readItf(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toContain(message);
  });
});
