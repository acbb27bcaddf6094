import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterToJson } from '../../spec/raft/describe.js';
import type { CheckReport } from '../../traces/report.js';
import { stepsFromText, SMALL } from '../traces/raftTraces.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'raft-check.js');
let dir: string;

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // The CLI runs from dist/, which `npm test` builds before vitest runs.
  dir = mkdtempSync(join(tmpdir(), 'raft-check-replay-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const bug = ['--servers', '2', '--bug', 'double-vote', '--quiet'];

describe('raft-check check --out and raft-check replay', () => {
  it('writes the counterexample as ITF whose states agree with the --json report', () => {
    const r = run('check', ...bug, '--json', '--out', 'cex.itf.json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as CheckReport;
    const steps = stepsFromText(readFileSync(join(dir, 'cex.itf.json'), 'utf8'), SMALL);
    expect(steps.map((s) => clusterToJson(s.state))).toEqual(report.trace!.map((s) => s.state));
    expect(steps.map((s) => s.action)).toEqual(report.trace!.map((s) => s.label));
    // Atomic write: no temporary file is left beside the output.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('replays that file: exit 0 and one line', () => {
    run('check', ...bug, '--out', 'good.itf.json');
    const r = run('replay', 'good.itf.json', '--bug', 'double-vote');
    expect(r).toMatchObject({
      status: 0,
      stdout:
        'replayed 8 steps: ok\n' +
        'invariants: VotesGrantedExclusive is violated in state 9 (states[8]): the trace is a counterexample\n',
      stderr: '',
    });
  });

  it('exits 1 with the divergent state when the model differs from the one that wrote the trace', () => {
    run('check', ...bug, '--out', 'cex2.itf.json');
    const r = run('replay', 'cex2.itf.json');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('note: the trace was written with --bug double-vote; replaying without it\n');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'state 8 (states[7]) (HandleRequestVoteRequest s2→s1 term=2 granted) does not follow: the action is not ' +
        'enabled in state 7',
    );
    expect(lines).toContain('    votedFor[s1]: trace s2, spec s1');
  });

  it.each([
    ['not JSON', '{', /^raft-check: bad\.itf\.json: not JSON: /],
    ['not ITF', '[]', /^raft-check: bad\.itf\.json: not ITF: the top level is an array, not an object$/],
    [
      'wrong variables',
      '{"vars": ["x"], "states": [{"x": 1}]}',
      /^raft-check: bad\.itf\.json: field vars: missing the reference model's currentTerm, state, /,
    ],
  ])('exits 2 with one line for a file that is %s', (_what, text, message) => {
    writeFileSync(join(dir, 'bad.itf.json'), text);
    const r = run('replay', 'bad.itf.json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exits 2 naming the state and field when the trace has more servers than --servers', () => {
    run('check', ...bug, '--out', 'two.itf.json');
    const r = run('replay', 'two.itf.json', '--servers', '1');
    expect(r).toMatchObject({
      status: 2,
      stdout: '',
      stderr:
        "raft-check: two.itf.json: state 1 (states[0]), field currentTerm key: server 's2' is outside the configuration (--servers 1)\n",
    });
  });

  it('refuses --out into a missing directory before checking', () => {
    expect(run('check', ...bug, '--out', 'nodir/cex.itf.json')).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'raft-check: --out: no directory nodir\n',
    });
  });

  it("runs the user invariants the trace's #meta names when their module is given, and says so when it is not", () => {
    const module = join(root, 'test', 'fixtures', 'invariants', 'noLeaderEver.mjs');
    expect(
      run('check', '--servers', '2', '--quiet', '--invariants-file', module, '--out', 'user.itf.json').status,
    ).toBe(1);
    const without = run('replay', 'user.itf.json');
    expect(without.status).toBe(0);
    expect(without.stdout).not.toContain('all hold');
    expect(without.stdout).toContain(
      "invariants: not run: NoLeaderEver, which the trace's #meta names; give the module that defines it with " +
        '--invariants-file',
    );
    const json = JSON.parse(run('replay', 'user.itf.json', '--json').stdout) as { notRun: string[] };
    expect(json.notRun).toEqual(['NoLeaderEver']);
    const given = run('replay', 'user.itf.json', '--invariants-file', module);
    expect(given.status).toBe(0);
    expect(given.stdout).toMatch(/invariants: NoLeaderEver is violated in state \d+ .*: the trace is a counterexample/);
    expect(given.stdout).not.toContain('not run');
  });

  it('warns of a user invariant testing a role or message type no state of the trace has, in --json too', () => {
    const fixture = (name: string): string[] => [
      '--invariants-file',
      join(root, 'test', 'fixtures', 'invariants', name),
    ];
    // The shortest election: its trace has a leader, and no AppendEntries response yet.
    expect(
      run('check', '--servers', '2', '--quiet', ...fixture('noLeaderEver.mjs'), '--out', 'elect.itf.json').status,
    ).toBe(1);
    const given = [...fixture('leaderTerm.mjs'), ...fixture('appendResponses.mjs')];
    const text = run('replay', 'elect.itf.json', ...given);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(
      "vacuous: warning: ResponsesHaveATerm held only vacuously on this trace: it tests 'AppendEntriesResponse', " +
        'a message type no state of the trace had',
    );
    expect(text.stdout).not.toContain('LeaderTermAboveOne held only vacuously');
    const json = JSON.parse(run('replay', 'elect.itf.json', '--json', ...given).stdout) as { vacuous: string[] };
    expect(json.vacuous).toEqual(['ResponsesHaveATerm']);
  });

  it('exits 2 for a missing file and for a missing argument', () => {
    expect(run('replay', 'nothing.itf.json')).toMatchObject({
      status: 2,
      stderr: 'raft-check: cannot read nothing.itf.json: ENOENT\n',
    });
    expect(run('replay')).toMatchObject({ status: 2, stderr: 'raft-check: replay takes one trace file, got 0\n' });
  });
});
