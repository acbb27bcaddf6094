/**
 * A lasso in the explorer: an ITF with `loop` (test/fixtures/lasso/split-vote.itf.json, written by
 * `raft-check --servers 2 --max-term 3 --max-log 0 --no-restart --no-drop --relative-terms
 * --properties EventuallyStableLeader --fair Deliver,Send,Timeout,BecomeLeader --out FILE`: the split vote of
 * docs/liveness.md, its loop from state 3 to state 10) is read with its loop, replays through the spec, and its
 * diagram draws the loop from the last row back to the loop's first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GEOMETRY, renderDiagram, rowY } from '../../explorer/src/diagram.js';
import { makeEngine, readItf } from '../../explorer/src/engine.js';
import { fromTrace } from '../../explorer/src/history.js';
import { layoutDiagram } from '../../explorer/src/layout.js';

const text = readFileSync(join(process.cwd(), 'test', 'fixtures', 'lasso', 'split-vote.itf.json'), 'utf8');

function count(svg: string, pattern: RegExp): number {
  return [...svg.matchAll(pattern)].length;
}

describe('a lasso on the space-time diagram', () => {
  const read = readItf(text);
  if (!read.ok) throw new Error(read.error);
  const trace = read.value;
  const engine = makeEngine(trace.choice);
  const { history, problem } = fromTrace(engine, trace);
  const layout = layoutDiagram(history.steps.map((s) => ({ json: engine.json(s.state), name: s.name })));
  const labels = history.steps.map((s) => s.label);
  const svg = renderDiagram(layout, { cursor: 0, labels, loop: trace.loop! });

  it('reads the loop index and replays every step of the lasso through the spec', () => {
    expect(trace.loop).toBe(2);
    expect(trace.invariant).toBe('EventuallyStableLeader');
    expect(problem).toBeUndefined();
    expect(history.steps).toHaveLength(10);
  });

  it('draws a bracket from the last row back up to the loop start, and says so in words on both rows', () => {
    expect(svg).toContain('<g class="loop" data-loop-start="2" data-loop-end="9">');
    const path =
      /<g class="loop"[^>]*><title>[^<]*<\/title><path d="M([\d.]+),([\d.]+) H[\d.]+ V([\d.]+) H[\d.]+"/.exec(svg);
    expect(path).not.toBeNull();
    expect(Number(path![2])).toBe(rowY(9));
    expect(Number(path![3])).toBe(rowY(2));
    expect(Number(path![1])).toBeGreaterThan(GEOMETRY.left + 2 * GEOMETRY.laneGap);
    expect(svg).toMatch(/data-row="2">.*↻ loop: repeats from here<\/text>/);
    expect(svg).toMatch(/data-row="9">.*↺ back to state 3<\/text>/);
    expect(svg).toContain('the behaviour repeats states 3 to 10 forever');
  });

  it('marks the loop rows, and only them', () => {
    expect(count(svg, /<g class="row[^"]*in-loop[^"]*" data-row="(\d+)"/g)).toBe(8);
    expect(svg).not.toMatch(/class="row[^"]*in-loop[^"]*" data-row="[01]"/);
  });

  it('draws no loop for a trace without one, and a stuttering loop on its last row', () => {
    const plain = renderDiagram(layout, { cursor: 0, labels });
    expect(plain).not.toContain('class="loop"');
    expect(plain).not.toContain('in-loop');
    const stutter = renderDiagram(layout, { cursor: 0, labels, loop: 9 });
    expect(stutter).toContain('data-loop-start="9" data-loop-end="9"');
    expect(stutter).toMatch(/data-row="9">.*↻ stutters here forever<\/text>/);
  });

  it('refuses a loop index that names no state', () => {
    const bad = readItf(text.replace(/"loop": 2/, '"loop": 10'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toBe("'loop' is 10, not the index of one of its 10 states");
  });
});
