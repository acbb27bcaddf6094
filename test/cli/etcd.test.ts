/** `raft-check --profile etcd` and `raft-check validate --format etcd`, run as a user runs them. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { raftCheck } from '../fixtures/raftCheckCli.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/etcd/walk-reconfig.ndjson', import.meta.url));
const SMALL = [
  '--profile',
  'etcd',
  '--servers',
  '2',
  '--max-term',
  '2',
  '--max-in-flight',
  '1',
  '--max-log',
  '3',
  '--quiet',
];

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'raft-check-etcd-')), 'trace.ndjson');
  writeFileSync(path, text);
  return path;
}

interface Report {
  result: string;
  distinctStates: number;
  generatedStates: number;
  depth: number;
  coverage: { neverFired: string[] };
  witnesses: Record<string, number | null>;
  vacuous: string[];
  vacuity: { invariant: string; reason: string }[];
}

describe('raft-check --profile etcd', () => {
  it('gives the same counts and witnesses with 1 and 2 workers and with symmetry, and reports coverage', async () => {
    const runs = await Promise.all([
      raftCheck(...SMALL, '--workers', '1', '--json'),
      raftCheck(...SMALL, '--workers', '2', '--json'),
      raftCheck(...SMALL, '--workers', '2', '--symmetry', '--json'),
    ]);
    for (const r of runs) expect(r.code).toBe(0);
    const [a, ...others] = runs.map((r) => JSON.parse(r.stdout) as Report);
    expect(a!.result).toBe('ok');
    for (const b of others) {
      expect([b.distinctStates, b.generatedStates, b.depth]).toEqual([a!.distinctStates, a!.generatedStates, a!.depth]);
      expect(b.witnesses).toEqual(a!.witnesses);
      expect(b.vacuity).toEqual(a!.vacuity);
    }
    // No reconfiguration limit: the configuration actions cannot fire and are not expected to.
    expect(a!.coverage.neverFired).not.toContain('AddNewServer');
    expect(a!.witnesses).toMatchObject({ LeaderElected: 12, EntryCommitted: 23, ConfigChangeApplied: null });
    expect(a!.vacuous).toEqual(['LeaderCompletenessInv']);
    expect(a!.vacuity).toEqual([{ invariant: 'LeaderCompletenessInv', reason: 'LeaderAfterCommit was never reached' }]);
  }, 60_000);

  it('prints the model and the invariants it checked', async () => {
    const r = await raftCheck(...SMALL, '--workers', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^model: etcd profile, 2 servers/m);
    expect(r.stdout).toMatch(/^invariants: LogInv, MoreThanOneLeaderInv, .*CommittedIsDurableInv$/m);
    expect(r.stdout).toMatch(/^witnesses \(states in the shortest behaviour that reaches it\):$/m);
    expect(r.stdout).toMatch(/^ {2}LeaderElected +12$/m);
    expect(r.stdout).toMatch(/^ {2}ConfigChangeApplied +not reached$/m);
    expect(r.stdout).toContain(
      'vacuous: warning: LeaderCompletenessInv held only vacuously: LeaderAfterCommit was never reached',
    );
  }, 60_000);

  it('refuses an unknown profile and an unknown invariant in one line', async () => {
    const p = await raftCheck('--profile', 'zab');
    expect(p.code).toBe(2);
    expect(p.stderr).toBe("raft-check: --profile must be raft or etcd, got 'zab'\n");
    const i = await raftCheck(...SMALL, '--invariants', 'Nope');
    expect(i.code).toBe(2);
    expect(i.stderr.split('\n')[0]).toMatch(/^raft-check: unknown invariant 'Nope'/);
  });
});

describe('raft-check validate --format etcd', () => {
  it('validates an etcd trace (exit 0), in text and JSON', async () => {
    const r = await raftCheck('validate', '--format', 'etcd', FIXTURE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^result: ok, the etcd profile produces every record/m);
    const j = await raftCheck('validate', '--format', 'etcd', FIXTURE, '--json');
    expect(JSON.parse(j.stdout)).toMatchObject({ result: 'validated', nodes: ['1', '2', '3', '4'] });
  });

  it('rejects a mutated trace (exit 1) naming the line, the last record matched and what disagrees', async () => {
    const lines = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
    const k = lines.findIndex((l) => l.includes('"name":"Commit"'));
    lines[k] = lines[k]!.replace(/"commit":(\d+)/, (_, n: string) => `"commit":${Number(n) + 1}`);
    const r = await raftCheck('validate', '--format', 'etcd', file(lines.join('\n')), '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      result: string;
      line: number;
      lastMatched: { line: number };
      why: string[];
    };
    expect(report.result).toBe('rejected');
    expect(report.line).toBe(k + 1);
    expect(report.lastMatched.line).toBe(k);
    expect(report.why[0]).toMatch(/state\.commit is \d+ in the trace/);
  });

  it('refuses a malformed record and a record it does not model in one line (exit 2)', async () => {
    const lines = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
    const broken = file([...lines.slice(0, 4), lines[4]!.slice(0, 100), ...lines.slice(5)].join('\n'));
    const r = await raftCheck('validate', '--format', 'etcd', broken);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^raft-check: .*trace\.ndjson:5: malformed trace record: not JSON/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const snap = file(
      lines.map((l, n) => (n === 10 ? l.replace(/"name":"\w+"/, '"name":"SendSnapshot"') : l)).join('\n'),
    );
    const s = await raftCheck('validate', '--format', 'etcd', snap);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/:11: event SendSnapshot is not modelled/);
  });
});
