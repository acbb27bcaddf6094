import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, makeEngine, type Engine } from '../../explorer/src/engine.js';
import { startHistory, take, type History } from '../../explorer/src/history.js';
import { layoutDiagram, shortLabel, type Frame } from '../../explorer/src/layout.js';
import { doubleVote, walkLabels } from './fixtures.js';

function frames(engine: Engine, history: History): Frame[] {
  return history.steps.map((s) => ({ json: engine.json(s.state), name: s.name }));
}

describe('the space-time diagram layout', () => {
  it('draws the double-vote counterexample: two self-votes, then s2 asks s1, which grants', () => {
    const { engine, history } = doubleVote();
    const layout = layoutDiagram(frames(engine, history));
    expect(layout.servers).toEqual(['s1', 's2']);
    expect(layout.rows).toBe(9);
    const arrows = layout.arrows.map(
      (a) => `${a.label} ${a.from.lane}@${a.from.row}→${a.to.lane}@${a.to.row} ${a.fate}`,
    );
    expect(arrows).toEqual([
      'RV t2 0@3→0@4 received',
      'RV✓ t2 0@4→0@5 received',
      'RV t2 1@6→0@7 received',
      'RV✓ t2 0@7→1@8 received',
    ]);
    expect(layout.marks.filter((m) => m.kind === 'term').map((m) => `${m.text}@${m.lane}:${m.row}`)).toEqual([
      'T1@0:0',
      'T1@1:0',
      'T2@0:1',
      'T2@1:2',
    ]);
    expect(layout.roles[0]).toEqual(Array(9).fill('Candidate').fill('Follower', 0, 1));
  });

  it('ends a dropped copy in a cross and leaves an unreceived one in flight', () => {
    const engine = makeEngine({ config: { ...DEFAULT_CONFIG, servers: 2, maxInFlight: 0 }, bugs: [] });
    const history = walkLabels(engine, [
      'Timeout s1',
      'RequestVote s1→s2',
      'DropMessage RequestVoteRequest s1→s2 term=2 lastLog=0/0',
      'RequestVote s1→s2',
    ]);
    const layout = layoutDiagram(frames(engine, history));
    expect(layout.arrows.map((a) => [a.from, a.to, a.fate])).toEqual([
      [{ lane: 0, row: 2 }, { lane: 1, row: 3 }, 'dropped'],
      [{ lane: 0, row: 4 }, { lane: 1, row: 4 }, 'in-flight'],
    ]);
  });

  it('marks a new leader and a restart', () => {
    const engine = makeEngine({ config: { ...DEFAULT_CONFIG, servers: 1 }, bugs: [] });
    const history = walkLabels(engine, [
      'Timeout s1',
      'RequestVote s1→s1',
      'HandleRequestVoteRequest s1→s1 term=2 granted',
      'HandleRequestVoteResponse s1→s1 term=2 granted',
      'BecomeLeader s1',
      'Restart s1',
    ]);
    const marks = layoutDiagram(frames(engine, history)).marks.map((m) => `${m.kind}:${m.text}@${m.row}`);
    expect(marks).toContain('role:Leader@5');
    expect(marks).toContain('restart:restart@6');
    expect(marks).toContain('role:Follower@6');
  });

  it('pairs a duplicated copy with its own arrow, marked as a duplicate', () => {
    const engine = makeEngine({
      config: { ...DEFAULT_CONFIG, servers: 2, maxCopies: 2, maxInFlight: 0, duplicate: true },
      bugs: [],
    });
    const history = walkLabels(engine, [
      'Timeout s1',
      'RequestVote s1→s2',
      'DuplicateMessage RequestVoteRequest s1→s2 term=2 lastLog=0/0',
      'UpdateTerm s1→s2 (RequestVoteRequest) term=2',
      'HandleRequestVoteRequest s1→s2 term=2 granted',
    ]);
    const arrows = layoutDiagram(frames(engine, history)).arrows;
    expect(arrows.map((a) => [a.from.row, a.to.row, a.fate, a.duplicate])).toEqual([
      [2, 5, 'received', false],
      [3, 5, 'in-flight', true],
      [5, 5, 'in-flight', false], // s2's vote, not yet received
    ]);
  });

  test.prop([fc.array(fc.nat(), { maxLength: 40 })])(
    'on any behaviour, every copy ever sent is one arrow, and none goes back in time',
    (picks) => {
      const engine = makeEngine({
        config: { ...DEFAULT_CONFIG, maxInFlight: 3, duplicate: true, maxCopies: 2 },
        bugs: [],
      });
      let history = startHistory(engine);
      for (const pick of picks) {
        const successors = engine.successors(history.steps[history.cursor]!.state);
        history = take(engine, history, pick % successors.length);
      }
      const f = frames(engine, history);
      const layout = layoutDiagram(f);
      let sent = 0;
      for (let k = 1; k < f.length; k++) {
        const before = new Map(f[k - 1]!.json.messages.map((m) => [JSON.stringify({ ...m, count: 0 }), m.count]));
        for (const m of f[k]!.json.messages)
          sent += Math.max(0, m.count - (before.get(JSON.stringify({ ...m, count: 0 })) ?? 0));
      }
      expect(layout.arrows).toHaveLength(sent);
      const inFlight = f[f.length - 1]!.json.messages.reduce((n, m) => n + m.count, 0);
      expect(layout.arrows.filter((a) => a.fate === 'in-flight')).toHaveLength(inFlight);
      for (const a of layout.arrows) {
        expect(a.to.row).toBeGreaterThanOrEqual(a.from.row);
        if (a.fate !== 'in-flight') expect(a.to.row).toBeGreaterThan(a.from.row);
      }
    },
  );

  it('labels replies with their verdict', () => {
    const base = { source: 's1', dest: 's2', term: 3, count: 1 };
    expect(shortLabel({ ...base, type: 'RequestVoteResponse', voteGranted: false })).toBe('RV✗ t3');
    expect(shortLabel({ ...base, type: 'AppendEntriesResponse', success: true, matchIndex: 1 })).toBe('AE✓ t3');
    expect(shortLabel({ ...base, type: 'AppendEntriesRequest', entries: [{ term: 3, value: 'v1' }] })).toBe('AE+ t3');
  });
});
