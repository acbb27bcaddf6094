import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/bfs.js';
import { bugMatrix, VARIANT_PLANS, type BugMatrix } from '../../harness/bugMatrix.js';
import { BUGS_DEFAULT_CONFIG, formatMatrix } from '../../cli/commands/bugs.js';
import type { RaftConfig } from '../../spec/raft/config.js';
import { RAFT_INVARIANTS } from '../../spec/raft/invariants.js';
import { raftModel } from '../../spec/raft/model.js';

const BIN = fileURLToPath(new URL('../../bin/raft-check.js', import.meta.url));

/** Runs the built CLI (`npm test` builds dist first). */
function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'bugs', '--quiet', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Two servers, maxTerm 3, no log: double-vote and stale-vote-count are caught in milliseconds. */
const SMALL: RaftConfig = {
  servers: 2,
  values: 1,
  maxTerm: 3,
  maxLogLen: 0,
  maxCopies: 1,
  maxInFlight: 1,
  restart: false,
  duplicate: false,
  drop: false,
};
const SMALL_FLAGS = ['--servers', '2', '--max-term', '3', '--max-log', '0', '--max-in-flight', '1', '--no-restart'];

describe('bugMatrix', async () => {
  const matrix = await bugMatrix(SMALL, {
    bugs: ['double-vote', 'stale-vote-count', 'forget-on-restart'],
    maxStates: 1e6,
  });

  it('runs the reference model first, then each chosen mutant, with a cell for every invariant', () => {
    expect(matrix.rows.map((r) => r.name)).toEqual([
      'reference',
      'double-vote',
      'stale-vote-count',
      'forget-on-restart',
    ]);
    for (const row of matrix.rows) {
      expect(Object.keys(row.cells)).toEqual(RAFT_INVARIANTS.filter((i) => i.variant === undefined).map((i) => i.name));
    }
  });

  it('names the invariant that catches each mutant first, with its counterexample length', () => {
    const verdict = (name: string): BugMatrix['rows'][number]['firstCaughtBy'] =>
      matrix.rows.find((r) => r.name === name)!.firstCaughtBy;
    expect(verdict('reference').result).toBe('not caught');
    expect(verdict('double-vote')).toMatchObject({ result: 'caught', invariant: 'VotesGrantedExclusive', length: 9 });
    expect(verdict('stale-vote-count')).toMatchObject({
      result: 'caught',
      invariant: 'VotesGrantedExclusive',
      length: 11,
    });
    expect(verdict('forget-on-restart').result).toBe('not caught');
    expect(matrix.passed).toBe(false);
  });

  it('fills every cell with what a check of that invariant alone finds', () => {
    for (const row of matrix.rows.slice(1)) {
      const model = raftModel(SMALL, [row.name]);
      for (const inv of matrix.invariants) {
        const alone = check(model, { invariants: [inv] });
        const cell = row.cells[inv]!;
        expect(cell.result, `${row.name} ${inv}`).toBe(alone.kind === 'violation' ? 'caught' : 'not caught');
        expect(cell.distinctStates, `${row.name} ${inv}`).toBe(alone.stats.distinctStates);
        if (alone.kind === 'violation') expect(cell.length).toBe(alone.trace.length);
      }
    }
  });

  it('catches double-vote with ElectionSafety too, by a longer counterexample', () => {
    const cell = matrix.rows.find((r) => r.name === 'double-vote')!.cells.ElectionSafety!;
    expect(cell.result).toBe('caught');
    expect(cell.length).toBeGreaterThan(9);
  });

  it('passes when every chosen mutant is caught and the reference holds', async () => {
    expect((await bugMatrix(SMALL, { bugs: ['double-vote'], maxStates: 1e6 })).passed).toBe(true);
  });

  it('calls a check stopped by the state limit incomplete, and does not pass', async () => {
    const stopped = await bugMatrix(SMALL, { bugs: ['double-vote'], maxStates: 1 });
    expect(stopped.rows[0]!.firstCaughtBy.result).toBe('incomplete');
    expect(stopped.passed).toBe(false);
  });

  it('does not pass when only a cell, not a verdict, is incomplete', async () => {
    // double-vote's verdict check stops at its violation after few states; checking ElectionSafety alone needs more.
    const verdictOnly = await bugMatrix(SMALL, { bugs: ['double-vote'], maxStates: 1e6 });
    const row = verdictOnly.rows[1]!;
    const limit = row.firstCaughtBy.distinctStates + 1;
    const m = await bugMatrix(SMALL, { bugs: ['double-vote'], maxStates: limit });
    const cells = Object.values(m.rows[1]?.cells ?? {});
    expect(m.rows[1]!.firstCaughtBy.result).toBe('caught');
    expect(cells.some((c) => c.result === 'incomplete')).toBe(true);
    expect(m.passed).toBe(false);
  });

  it('stops between checks when asked, with the rows finished', async () => {
    let asked = 0;
    const m = await bugMatrix(SMALL, { bugs: ['double-vote'], maxStates: 1e6, shouldStop: () => ++asked > 1 });
    expect(m.interrupted).toBe(true);
    expect(m.rows.map((r) => r.name)).toEqual(['reference']);
    expect(m.passed).toBe(false);
  });
});

describe('bugMatrix on a variant with bounds of its own (membership)', async () => {
  // One seeded simulation of 3,000 walks per row, each about five seconds: the row of issue 10's command.
  const matrix = await bugMatrix(BUGS_DEFAULT_CONFIG, { bugs: ['reconfig-without-term-commit'], maxStates: 1e6 });
  const row = (name: string): BugMatrix['rows'][number] => matrix.rows.find((r) => r.name === name)!;

  it('catches reconfig-without-term-commit by the seeded simulation on its own bounds, shrunk', () => {
    const r = row('reconfig-without-term-commit');
    expect(r.config).toEqual(VARIANT_PLANS.membership!.config);
    expect(r.config.servers).toBe(5);
    expect(r.method).toEqual({ kind: 'simulate', seed: 1, walks: 3000, maxDepth: 300 });
    expect(r.firstCaughtBy).toMatchObject({ result: 'caught', invariant: 'QuorumOverlap', walk: 2821 });
    expect(r.firstCaughtBy.length).toBeLessThan(r.firstCaughtBy.walkedLength!);
    expect(r.firstCaughtBy.trace).toHaveLength(r.firstCaughtBy.length!);
    expect(r.cells).toEqual({});
  });

  it('does not flag the bug-free membership row on the same bounds and walks', () => {
    const r = row('reference+membership');
    expect(r.config).toEqual(VARIANT_PLANS.membership!.config);
    expect(r.firstCaughtBy).toMatchObject({ result: 'not caught', walks: 3000 });
    expect(row('reference').method.kind).toBe('breadth-first');
    expect(row('reference').config).toEqual(BUGS_DEFAULT_CONFIG);
    expect(matrix.passed).toBe(true);
  });

  it('prints the row as a simulation, with its bounds, method and shrunk length', () => {
    const text = formatMatrix(matrix);
    expect(text).toMatch(/^reference\+membership\s+holds \(sim\)$/m);
    const length = String(row('reconfig-without-term-commit').firstCaughtBy.length);
    expect(text).toMatch(new RegExp(`^reconfig-without-term-commit\\s+QuorumOverlap \\(${length}, sim\\)$`, 'm'));
    expect(text).toContain('  bounds: 5 servers, 1 value, maxTerm 20, maxLog 2,');
    expect(text).toContain('  method: simulate, seed 1, walks 0 to 2,999, max depth 300');
    expect(text).toMatch(new RegExp(`QuorumOverlap at walk 2,821: \\d+ states as walked, ${length} shrunk`));
    expect(text).toMatch(
      /^ {2}reproduce: raft-check simulate --servers 5 .* --variant membership --initial-members 4 --bug reconfig-without-term-commit --seed 1 --walks 2822 --max-depth 300$/m,
    );
  });

  it('runs every row breadth-first on the given bounds with sharedBounds, where this bug is not caught', async () => {
    const shared = await bugMatrix(SMALL, {
      bugs: ['reconfig-without-term-commit'],
      maxStates: 1e6,
      sharedBounds: true,
    });
    const r = shared.rows.find((x) => x.name === 'reconfig-without-term-commit')!;
    expect(r.method.kind).toBe('breadth-first');
    expect(r.config).toEqual({ ...SMALL, variants: ['membership'] });
    expect(r.firstCaughtBy.result).toBe('not caught');
  });
});

describe('raft-check bugs', () => {
  it('prints the matrix and exits 0 when every mutant is caught and the reference holds', () => {
    const r = cli(...SMALL_FLAGS, '--bugs', 'double-vote,stale-vote-count');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^mutant\s+first caught by\s+ES\s+LM\s+SMS\s+LC\s+CIIL\s+LTM\s+LTB\s+VGE$/m);
    expect(r.stdout).toMatch(/^reference\s+holds(\s+-){8}$/m);
    expect(r.stdout).toMatch(/^double-vote\s+VotesGrantedExclusive \(9\)\s+\d+(\s+-){6}\s+9$/m);
    expect(r.stdout).toMatch(/^stale-vote-count\s+VotesGrantedExclusive \(11\)/m);
    expect(r.stdout).toContain('result: every mutant caught, the reference model holds');
  });

  it('exits 1 and says so when a mutant is not caught within the bounds', () => {
    const r = cli(...SMALL_FLAGS, '--bugs', 'forget-on-restart');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^forget-on-restart\s+not caught within bounds(\s+-){8}$/m);
  });

  it('exits 1 and marks cells incomplete when --max-states stops the checks', () => {
    const r = cli(...SMALL_FLAGS, '--bug', 'double-vote', '--max-states', '1');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^reference\s+incomplete \(--max-states\)(\s+\?){8}$/m);
  });

  it('prints the same matrix as one JSON object with --json', () => {
    const r = cli(...SMALL_FLAGS, '--bugs', 'double-vote', '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as BugMatrix & { method: string };
    expect(report.method).toContain('one breadth-first check per invariant');
    expect(report.config).toEqual(SMALL);
    expect(report.passed).toBe(true);
    expect(report.rows.map((row) => row.name)).toEqual(['reference', 'double-vote']);
    const row = report.rows[1]!;
    expect(row.firstCaughtBy).toMatchObject({ result: 'caught', invariant: 'VotesGrantedExclusive', length: 9 });
    expect(row.firstCaughtBy.trace).toHaveLength(9);
    expect(row.firstCaughtBy.trace![0]).toBe('Init');
    expect(Object.keys(row.cells)).toHaveLength(RAFT_INVARIANTS.filter((i) => i.variant === undefined).length);
  });

  it('checks its own default bounds when no model flag is given', () => {
    const r = cli('--json', '--bugs', 'double-vote');
    const report = JSON.parse(r.stdout) as BugMatrix;
    expect(report.config).toEqual(BUGS_DEFAULT_CONFIG);
    expect(report.rows[1]!.firstCaughtBy.result).toBe('caught');
  });

  it('documents the exit codes in --help', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Exit code 0: every mutant is caught and the reference model holds; 1:');
  });

  it('rejects an unknown mutant with one line and exit code 2', () => {
    const r = cli('--bugs', 'no-such-bug');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "raft-check: unknown bug 'no-such-bug' (known: no-log-check, commit-old-term, double-vote, stale-vote-count, no-consistency-check, forget-on-restart, prevote-keeps-votes, reconfig-without-term-commit, transfer-skips-election, deliver-over-cut, commit-needs-all)\n",
    );
  });
});
