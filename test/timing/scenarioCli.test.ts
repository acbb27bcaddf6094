// Runs the built CLI (dist/, which `npm test` builds first) as a user would: election-timing's scenarios.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/raft-check.js');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'election-timing', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SHORT = ['--trials', '6', '--partition', '700'];

describe('raft-check election-timing --scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'election-scenario-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the rejoin figures as JSON fields, with the variants and the seed', () => {
    const r = cli('--scenario', 'rejoin', '--variant', 'prevote', '--json', '--seed', '5', ...SHORT);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(out).toMatchObject({ scenario: 'rejoin', variants: ['prevote'], trials: 6, seed: 5, partitionMs: 700 });
    expect(Object.keys(out.downtimeMs as object)).toEqual(['mean', 'median', 'p90', 'p99', 'max']);
    expect(out.disruptions).toBeLessThanOrEqual(1);
  });

  it('prints the same figures for the same seed, and says what a disruption is', () => {
    const a = cli('--scenario', 'leader-minority', '--variant', 'check-quorum', ...SHORT);
    expect(a.status).toBe(0);
    expect(a.stdout).toContain('seed 1');
    expect(a.stdout).toContain('disrupted: ');
    expect(a.stdout.replace(/^time: .*$/m, '')).toBe(
      cli('--scenario', 'leader-minority', '--variant', 'check-quorum', '--seed', '1', ...SHORT).stdout.replace(
        /^time: .*$/m,
        '',
      ),
    );
  });

  it('with --plot, runs and draws every subset of the variants, leaving no temporary file', () => {
    const file = join(dir, 'rejoin.svg');
    const r = cli('--scenario', 'rejoin', '--variant', 'prevote', '--json', '--plot', file, ...SHORT);
    expect(r.status).toBe(0);
    const runs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { variants: string[]; disruptions: number });
    expect(runs.map((x) => x.variants)).toEqual([[], ['prevote']]);
    expect(runs[0]!.disruptions).toBeGreaterThan(runs[1]!.disruptions);
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('no variant');
    expect(svg).toContain('trials disrupted');
    expect(readdirSync(dir)).toEqual(['rejoin.svg']);
  });

  it.each([
    [['--scenario', 'flapping'], "unknown scenario 'flapping'"],
    [['--variant', 'pre-vote'], "unknown variant 'pre-vote'"],
    [['--partition', '500'], '--partition applies to a --scenario'],
    [['--scenario', 'rejoin', '--partition', '0'], '--partition must be above 0'],
    [['--scenario', 'rejoin', '--partition', 'long'], '--partition takes a number'],
  ])('exits 2 with one line on %j', (args, problem) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^raft-check: .+\n$/);
    expect(r.stderr).toContain(problem);
  });
});
