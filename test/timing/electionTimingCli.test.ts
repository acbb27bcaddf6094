// Runs the built CLI (dist/, which `npm test` builds first) as a user would.
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

describe('raft-check election-timing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'election-timing-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints one JSON object with the downtime statistics, the split votes and the seed', () => {
    const r = cli('--trials', '50', '--json', '--seed', '7');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(out).toMatchObject({ trials: 50, seed: 7, servers: 5, timeoutMs: { min: 150, max: 300 }, heartbeatMs: 75 });
    const d = out.downtimeMs as Record<string, number>;
    expect(Object.keys(d)).toEqual(['mean', 'median', 'p90', 'p99', 'max']);
    expect(d.median!).toBeGreaterThan(75);
    expect(d.median!).toBeLessThanOrEqual(d.p90!);
    expect(d.p99!).toBeLessThanOrEqual(d.max!);
    expect(typeof out.splitVotes).toBe('number');
  });

  it('prints the same figures for the same seed', () => {
    expect(cli('--trials', '20', '--json').stdout).toBe(cli('--trials', '20', '--json', '--seed', '1').stdout);
  });

  it('writes the CDF of every --timeout range into one SVG, leaving no temporary file', () => {
    const file = join(dir, 'cdf.svg');
    const r = cli('--trials', '30', '--timeout', '150-155', '--timeout', '150-300', '--plot', file);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('timeout 150-155 ms');
    expect(r.stdout).toContain('timeout 150-300 ms');
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('150-155 ms');
    expect(svg).toContain('150-300 ms');
    expect(readdirSync(dir)).toEqual(['cdf.svg']);
  });

  it('runs rejoin with membership on 4 servers (3 initial members), the same figures for the same seed', () => {
    const args = ['--scenario', 'rejoin', '--variant', 'membership', '--servers', '4', '--trials', '20', '--json'];
    const r = cli(...args, '--seed', '9');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ scenario: 'rejoin', variants: ['membership'], servers: 4, initialMembers: 3 });
    expect(out).toMatchObject({ trials: 20, disruptions: 20, unfinished: 0, seed: 9 });
    expect(cli(...args, '--seed', '9').stdout).toBe(r.stdout);
    expect(cli(...args, '--seed', '10').stdout).not.toBe(r.stdout);
    const header = cli('--scenario', 'rejoin', '--variant', 'membership', '--servers', '4', '--trials', '2').stdout;
    expect(header).toContain('4 servers (initial members s1..s3, unchanged)');
  });

  it.each([
    [['--timeout', '300-150'], 'MIN <= MAX'],
    [['--latency=-5'], 'negative'],
    [['--loss', '1'], 'below 1'],
    [['--trials', '0'], '--trials'],
    [['--heartbeat', '200'], '--heartbeat'],
    [['--servers', '2'], '--servers'],
    [['--plot', 'cdf.png'], 'FILE.svg'],
    [['--bogus'], 'bogus'],
    [['--variant', 'membership', '--servers', '3'], 'at least 3 initial members'],
    [['--variant', 'membership', '--initial-members', '6'], '--initial-members'],
    [['--initial-members', '3'], '--initial-members needs --variant membership'],
  ])('exits 2 with one line on %j', (args, problem) => {
    const r = cli(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^raft-check: .+\n$/);
    expect(r.stderr).toContain(problem);
  });
});
