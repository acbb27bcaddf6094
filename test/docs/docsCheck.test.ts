/**
 * The docs check (scripts/docsCheck.ts): its fast subset, which includes the README's quick start, runs here so
 * that the suite catches a figure of the docs that drifted from the code; `npm run docs:check` runs every
 * documented command. Build first to run this file alone (the commands run bin/raft-check.js).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../bench/tlcConfigs.js';
import { checkDocRuns, compareBlock, docsCheck, parseDocRuns, withoutTimings } from '../../scripts/docsCheck.js';

const root = repoRoot();

describe('docs:check', () => {
  it('finds no drift in the fast subset (the quick start among it)', () => {
    const readme = parseDocRuns('README.md', readFileSync(join(root, 'README.md'), 'utf8'));
    expect(readme.some((r) => r.fast && r.command === 'npx raft-check' && r.block !== undefined)).toBe(true);
    expect(docsCheck(root, { fast: true })).toEqual([]);
  }, 300_000);

  it('names the file and line of a figure that drifted, and a wrong exit code', () => {
    const text = [
      'A counterexample:',
      // One worker: with two, the generated count at a violation depends on how far the other worker got.
      '<!-- docs:check run="raft-check --servers 2 --bug double-vote --workers 1" exit=0 expect="depth 9" expect="depth 10" -->',
      '',
      '```',
      'result: VIOLATION of VotesGrantedExclusive after 9 states',
      '...',
      'states: 217 distinct, 1,105 generated, depth 9, 81 left in queue',
      '```',
    ].join('\n');
    const drifts = checkDocRuns(root, parseDocRuns('doc.md', text));
    expect(drifts).toEqual([
      {
        file: 'doc.md',
        line: 2,
        problem: '`raft-check --servers 2 --bug double-vote --workers 1` exits 1, the docs say 0',
      },
      {
        file: 'doc.md',
        line: 2,
        problem: "`raft-check --servers 2 --bug double-vote --workers 1` does not print 'depth 10'",
      },
      {
        file: 'doc.md',
        line: 7,
        problem:
          "the docs say 'states: 217 distinct, 1,105 generated, depth 9, 81 left in queue', `raft-check --servers 2 --bug double-vote --workers 1` prints 'states: 217 distinct, 1,105 generated, depth 9, 80 left in queue'",
      },
    ]);
  }, 60_000);

  it('reads "..." as any lines, wants the rest contiguous and in order, and ignores timings', () => {
    const out = ['model: m', 'result: ok', 'states: 3', 'time: 1.00 s, 3 distinct/s', 'a', 'b'];
    expect(compareBlock(['result: ok', 'states: 3', 'time: 9.99 s, 1 distinct/s', '...', 'b'], out)).toBeUndefined();
    expect(compareBlock(['result: ok', 'a'], out)).toEqual({ index: 1, found: 'states: 3' });
    expect(compareBlock(['b', '...', 'a'], out)).toEqual({ index: 2, found: undefined });
    expect(compareBlock(['nowhere'], out)).toEqual({ index: 0, found: undefined });
    expect(withoutTimings('counterexample: 203 states as walked, 33 after shrinking (0.43 s)')).toBe(
      'counterexample: 203 states as walked, 33 after shrinking ( # s)',
    );
    expect(withoutTimings('seen     6.10 s')).toBe(withoutTimings('seen    70.11 s'));
    expect(withoutTimings('fingerprints: 95 bits, 13.6 bytes/state')).toBe('fingerprints: 95 bits, 13.6 bytes/state');
  });

  it('refuses a mark it cannot read, naming where it is', () => {
    expect(() => parseDocRuns('x.md', '<!-- docs:check exit=1 -->')).toThrow('x.md:1: docs:check: no run="..."');
    expect(() => parseDocRuns('x.md', 'a\n<!-- docs:check run="raft-check" slow -->')).toThrow(
      "x.md:2: docs:check: cannot read 'slow'",
    );
  });
});
