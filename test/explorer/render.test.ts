import { describe, expect, it } from 'vitest';
import { escapeXml, renderDiagram } from '../../explorer/src/diagram.js';
import { DEFAULT_CONFIG, makeEngine } from '../../explorer/src/engine.js';
import { firstViolation, moveTo } from '../../explorer/src/history.js';
import { layoutDiagram } from '../../explorer/src/layout.js';
import { progressLine } from '../../explorer/src/protocol.js';
import { messagesHtml, serversHtml } from '../../explorer/src/stateView.js';
import { doubleVote, walkLabels } from './fixtures.js';

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

describe('the diagram as SVG', () => {
  const { engine, history } = doubleVote();
  const layout = layoutDiagram(history.steps.map((s) => ({ json: engine.json(s.state), name: s.name })));
  const violation = firstViolation(engine, history)!;
  const svg = renderDiagram(layout, {
    cursor: 3,
    violation: { row: violation.index, invariants: violation.invariants },
    labels: history.steps.map((s) => s.label),
  });

  it('has one clickable row per state, numbered from 1 as the CLI numbers them, the shown one marked', () => {
    expect(count(svg, /<g class="row[^"]*" data-row="\d+"/g)).toBe(9);
    expect(svg).toContain('<g class="row current" data-row="3">');
    expect(svg).toContain('>▶ 4</text>');
  });

  it('names the violated invariant on the violating row, in words as well as colour', () => {
    expect(svg).toMatch(/<g class="row violation faded" data-row="8">.*✗ violates VotesGrantedExclusive<\/text>/);
  });

  it('fades what lies ahead of the cursor and draws every arrow with a tooltip', () => {
    expect(count(svg, /<g class="msg received( faded)?"><title>/g)).toBe(4);
    // At state 4 every message is yet to be received; at state 6 the two self-votes are done.
    expect(count(svg, /<g class="msg received faded">/g)).toBe(4);
    const later = renderDiagram(layout, { cursor: 5, labels: history.steps.map((s) => s.label) });
    expect(count(later, /<g class="msg received faded">/g)).toBe(2);
    expect(later).not.toContain('violates');
    expect(svg).not.toMatch(/NaN|undefined/);
  });

  it('escapes text', () => {
    expect(escapeXml(`a<b>&"'`)).toBe('a&#60;b&#62;&#38;&#34;&#39;');
  });
});

describe('the state view', () => {
  it('marks the fields the last step changed with a sign, not only a colour', () => {
    const { engine, history } = doubleVote();
    const before = engine.json(history.steps[0]!.state);
    const after = engine.json(history.steps[1]!.state);
    const html = serversHtml(after, before);
    expect(count(html, /class="field changed"/g)).toBe(2); // s1's role and currentTerm
    expect(count(html, /aria-label="changed">•/g)).toBe(2);
    expect(html).toContain('<h3>? s1 <small>Candidate</small></h3>');
    expect(serversHtml(after, undefined)).not.toContain('changed');
  });

  it("shows a leader's nextIndex and matchIndex and marks committed entries", () => {
    const engine = makeEngine({ config: { ...DEFAULT_CONFIG, servers: 1 }, bugs: [] });
    const history = walkLabels(engine, [
      'Timeout s1',
      'RequestVote s1→s1',
      'HandleRequestVoteRequest s1→s1 term=2 granted',
      'HandleRequestVoteResponse s1→s1 term=2 granted',
      'BecomeLeader s1',
      'ClientRequest s1 v1',
      'AdvanceCommitIndex s1',
    ]);
    const html = serversHtml(engine.json(history.steps[7]!.state), engine.json(history.steps[6]!.state));
    expect(html).toContain('<h3>★ s1 <small>Leader</small></h3>');
    expect(html).toContain('nextIndex</span> <span class="value">s1:1');
    expect(html).toContain('class="entry committed" title="index 1, term 2, value v1, committed">1: 2:v1 ✔</span>');
  });

  it('lists new messages and the ones the step consumed', () => {
    const { engine, history } = doubleVote();
    const at = (k: number) => engine.json(moveTo(history, k).steps[k]!.state);
    expect(messagesHtml(at(3), at(2))).toBe(
      '<ul class="messages"><li class="changed"><strong>+ new</strong> RequestVoteRequest s1→s1 term=2 lastLogTerm=0 lastLogIndex=0</li></ul>',
    );
    expect(messagesHtml(at(4), at(3))).toContain(
      '<li class="gone"><strong>− gone</strong> <s>RequestVoteRequest s1→s1',
    );
    expect(messagesHtml(at(0), undefined)).toBe('<p class="empty">no messages in flight</p>');
  });
});

describe('the progress line', () => {
  it('reads like the CLI', () => {
    expect(progressLine({ states: 12345, depth: 17, walks: undefined, perSecond: 80000.4, seconds: 1.23 })).toBe(
      '12,345 distinct states, depth 17, 80,000 states/s, 1.2 s',
    );
    expect(progressLine({ states: 5000, depth: undefined, walks: 20, perSecond: 100, seconds: 2 })).toBe(
      '5,000 steps in 20 walks, 100 steps/s, 2.0 s',
    );
  });
});
