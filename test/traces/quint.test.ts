/**
 * Traces that Quint's simulator writes for a raft.tla-shaped Quint spec of the reference model
 * (test/fixtures/quint/raft.qnt) replay through raft-check step for step: the extra variable `lastAction` is
 * ignored and named once, and the padded message records (one record type for every kind of message) are read.
 * Quint runs here on a small sample (its TypeScript backend, offline, seeded); the committed fixtures
 * (npm run quint:traces) are a larger one. The CLI is run from dist/ (npm test builds it first).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { quintRunArgs } from '../../scripts/quintTraces.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(repo, 'bin', 'raft-check.js');
const FIXTURES = join(repo, 'test', 'fixtures', 'quint', 'traces');
const dir = mkdtempSync(join(tmpdir(), 'quint-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** raft-check replay FILE --duplicate (the Quint spec has DuplicateMessage), with --json. */
function replayJson(file: string): { status: number | null; report: Record<string, unknown>; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'replay', file, '--duplicate', '--json'], { encoding: 'utf8' });
  return {
    status: r.status,
    report: r.stdout === '' ? {} : (JSON.parse(r.stdout) as Record<string, unknown>),
    stderr: r.stderr,
  };
}

function expectReplays(file: string): void {
  const { status, report } = replayJson(file);
  expect(report).toMatchObject({ result: 'ok', violation: null, ignoredVariables: ['lastAction'] });
  expect(report.steps).toBe((report.states as number) - 1);
  expect(status).toBe(0);
}

describe('traces written by Quint', () => {
  it('replay step for step when Quint writes them now', () => {
    const quint = join(repo, 'node_modules', '.bin', 'quint');
    execFileSync(quint, quintRunArgs(dir, 11, 2, 30), { stdio: 'ignore', timeout: 60_000 });
    const files = readdirSync(dir).filter((f) => f.endsWith('.itf.json'));
    expect(files).toHaveLength(2);
    for (const f of files) expectReplays(join(dir, f));
  }, 90_000);

  it('replay step for step from the committed fixtures, every kind of action among them', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.itf.json'));
    expect(files.length).toBeGreaterThan(0);
    const actions = new Set<string>();
    for (const f of files) {
      expectReplays(join(FIXTURES, f));
      const text = readFileSync(join(FIXTURES, f), 'utf8');
      for (const m of text.matchAll(/"lastAction":\{"name":"(\w+)"/g)) actions.add(m[1]!);
    }
    // The fixtures exercise the protocol, not only elections.
    for (const name of ['BecomeLeader', 'ClientRequest', 'HandleAppendEntriesRequest', 'HandleAppendEntriesResponse']) {
      expect(actions).toContain(name);
    }
  });

  it('names the ignored variable once in the text output', () => {
    const file = join(FIXTURES, readdirSync(FIXTURES)[0]!);
    const r = spawnSync(process.execPath, [BIN, 'replay', file, '--duplicate'], { encoding: 'utf8' });
    expect(r.stderr).toBe('note: ignored variables the reference model does not have: lastAction\n');
    expect(r.stdout).toMatch(/^replayed \d+ steps: ok\n/);
  });

  it('refuses padding that is not a zero value, with one line naming the field', () => {
    const source = readFileSync(join(FIXTURES, readdirSync(FIXTURES)[0]!), 'utf8');
    // A RequestVoteRequest has no msuccess; Quint pads it with false. Make one padding true.
    const tampered = source.replace(/("mtype":"RequestVoteRequest".*?"msuccess":)false/, '$1true');
    expect(tampered).not.toBe(source);
    const file = join(dir, 'tampered.itf.json');
    writeFileSync(file, tampered);
    const r = spawnSync(process.execPath, [BIN, 'replay', file, '--duplicate'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /record has an unexpected field 'msuccess' \(holding the boolean true; padding must be a zero value\)/,
    );
  });
});
