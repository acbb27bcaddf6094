import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTrace } from '../../../cli/commands/validate.js';
import { validate } from '../../../traces/validate/validate.js';

const scenario = (name: string): string =>
  fileURLToPath(new URL(`../../../traces/scenarios/${name}.ndjson`, import.meta.url));

function run(name: string) {
  const trace = loadTrace(scenario(name), {});
  return {
    trace,
    result: validate(trace.model, trace.events, { maxHidden: trace.maxHidden, selfVote: trace.selfVote }),
  };
}

describe('the split-brain scenario', () => {
  it('is a behaviour of the model: B leads term 2, E leads term 3 in the majority, B steps down and loses its write', () => {
    const { trace, result } = run('split-brain');
    expect(trace.model.config.servers).toBe(5);
    expect(trace.naming.servers).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(result).toMatchObject({ kind: 'validated', events: trace.events.length });
    // The events pin the state down: never more than a handful of states fit them.
    expect(result.peak.size).toBeLessThanOrEqual(4);
  });

  it('rejects B committing its write during the partition at exactly that event, naming the missing quorum', () => {
    const { trace, result } = run('split-brain-bad-commit');
    const line = trace.lines.findIndex((l) => l.includes('"commitIndex": 2') && l.includes('"server": "B"')) + 1;
    expect(result.kind).toBe('rejected');
    if (result.kind !== 'rejected') return;
    expect(result.event.line).toBe(line);
    expect(result.event.type).toBe('commit');
    expect(result.lastMatched?.line).toBe(line - 1);
    expect(result.candidates.length).toBeGreaterThan(0);
    for (const c of result.candidates) {
      expect(c.reasons).toContain(
        "s2's commit index cannot reach 2: only {s1, s2} hold index 2; a quorum of 5 needs 3",
      );
    }
  });
});
