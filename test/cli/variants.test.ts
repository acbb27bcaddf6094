/** `--variant` end to end through the built bin (run `npx tsc -p tsconfig.build.json` first to run this file alone). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'raft-check.js');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TINY = ['--servers', '2', '--max-term', '3', '--max-log', '0', '--no-drop', '--quiet'];

describe('--variant', () => {
  it('checks a variant, composes two, and names them in the summary', () => {
    const one = run('check', ...TINY, '--variant', 'prevote', '--json');
    expect(one.status).toBe(0);
    const report = JSON.parse(one.stdout) as { model: { variants?: string[] }; distinctStates: number };
    expect(report.model.variants).toEqual(['prevote']);
    const both = run('check', ...TINY, '--variant', 'prevote', '--variant', 'check-quorum', '--json');
    expect(both.status).toBe(0);
    const twice = JSON.parse(both.stdout) as typeof report;
    // Sorted and deduplicated, so equal choices are equal configurations.
    expect(twice.model.variants).toEqual(['check-quorum', 'prevote']);
    expect(twice.distinctStates).toBeGreaterThan(report.distinctStates);
    expect(run('check', ...TINY.filter((a) => a !== '--quiet'), '--variant', 'prevote').stdout).toContain(
      'variant prevote',
    );
  });

  it('rejects an unknown variant with one line and exit code 2', () => {
    const r = run('check', ...TINY, '--variant', 'pre-vote');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "raft-check: unknown variant 'pre-vote' (known: prevote, check-quorum, membership, leadership-transfer, partitions)\n",
    );
  });

  it("rejects a variant's bug without its variant, naming the flag to add", () => {
    const r = run('check', ...TINY, '--bug', 'prevote-keeps-votes');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "raft-check: bug 'prevote-keeps-votes' changes a rule of variant prevote: add --variant prevote\n",
    );
  });

  it("runs a variant's bug in the bug matrix with its variant, next to the reference model with that variant", () => {
    const r = run('bugs', '--bugs', 'prevote-keeps-votes', '--json', '--quiet');
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout) as { passed: boolean; rows: { name: string; firstCaughtBy: { result: string } }[] };
    expect(m.rows.map((row) => [row.name, row.firstCaughtBy.result])).toEqual([
      ['reference', 'not caught'],
      ['reference+prevote', 'not caught'],
      ['prevote-keeps-votes', 'caught'],
    ]);
    expect(m.passed).toBe(true);
  });

  it("writes the variant bug's counterexample as ITF that replays on the variant it records", () => {
    const dir = mkdtempSync(join(tmpdir(), 'raft-check-variants-'));
    try {
      const file = join(dir, 'cex.itf.json');
      const bug = ['--variant', 'prevote', '--bug', 'prevote-keeps-votes'];
      expect(run('check', ...TINY, ...bug, '--out', file).status).toBe(1);
      // The variants come from #meta; the bug, as for every bug, from the flag.
      expect(run('replay', file, '--bug', 'prevote-keeps-votes')).toMatchObject({
        status: 0,
        stdout:
          'replayed 16 steps: ok\n' +
          'invariants: VotesGrantedExclusive is violated in state 17 (states[16]): the trace is a counterexample\n',
      });
      expect(run('replay', file).status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('finds the variant bug by simulation too', () => {
    const r = run(
      'simulate',
      '--servers',
      '3',
      '--max-term',
      '3',
      '--max-log',
      '0',
      '--variant',
      'prevote',
      '--bug',
      'prevote-keeps-votes',
      '--seconds',
      '20',
      '--seed',
      '1',
    );
    expect(r.status).toBe(1);
    // The reproduce command names the variant, and reruns to the same violation.
    const line = r.stdout.split('\n').find((l) => l.startsWith('reproduce: raft-check simulate '));
    expect(line).toContain('--variant prevote --bug prevote-keeps-votes');
    const again = run(...line!.replace('reproduce: raft-check ', '').split(' '));
    expect(again.status).toBe(1);
  });
});
