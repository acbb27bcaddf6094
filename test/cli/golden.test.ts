import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe('the printed counterexample', () => {
  // A golden: update test/golden/double-vote.txt only after reading the diff and agreeing with it.
  it('of double-vote on two servers reads exactly as the golden file', () => {
    const r = spawnSync(
      process.execPath,
      [join(root, 'bin', 'raft-check.js'), '--servers', '2', '--bug', 'double-vote', '--quiet', '--max-in-flight', '1'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    const trace = /^1 {2}Init\n[^]*?\n\n/m.exec(r.stdout)?.[0];
    expect(trace).toBe(readFileSync(join(root, 'test', 'golden', 'double-vote.txt'), 'utf8'));
  });
});

describe('the bounds summary', () => {
  it('warns about a bound that discarded nothing, and not about one that did', () => {
    const r = spawnSync(
      process.execPath,
      [join(root, 'bin', 'raft-check.js'), '--servers', '1', '--max-term', '1', '--quiet'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}maxLogLen +0 {2}warning: this bound discarded nothing/m);
    expect(r.stdout).toMatch(/^ {2}maxTerm +1$/m);
  });
});
