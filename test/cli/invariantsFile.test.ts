/** `--invariants-file`: a user's invariants, loaded from their own module, on the fast path; bad modules refused. */
import { describe, expect, it } from 'vitest';
import { raftCheck } from '../fixtures/raftCheckCli.js';

const SMALL = ['--servers', '2', '--quiet'];
const file = (name: string): string => `test/fixtures/invariants/${name}`;

describe('raft-check --invariants-file', () => {
  it('checks every export of the module as an invariant named after it, besides the built-in ones', async () => {
    const run = await raftCheck(...SMALL, '--invariants-file', 'bench/fixtures/three-invariants.mjs', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { invariants: string[]; result: string };
    expect(report.invariants).toEqual(expect.arrayContaining(['ElectionSafety', 'OneLeaderPerTerm', 'FewMessages']));
    expect(report.result).toBe('ok');
  });

  it('finds the shortest violation of a user invariant, from a .ts module too', async () => {
    const run = await raftCheck(...SMALL, '--invariants-file', file('noLeader.ts'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/VIOLATION of NoLeaderEver after \d+ states/);
    expect(run.stdout).toMatch(/BecomeLeader s\d/);
  });

  it('selects loaded invariants by name with --invariants', async () => {
    const run = await raftCheck(
      ...SMALL,
      '--invariants-file',
      'bench/fixtures/three-invariants.mjs',
      '--invariants',
      'FewMessages',
      '--json',
    );
    expect(JSON.parse(run.stdout)).toMatchObject({ invariants: ['FewMessages'], result: 'ok' });
  });

  it.each([
    ['nope.mjs', /--invariants-file .*nope\.mjs: no such file/],
    ['broken.mjs', /export 'notAFunction' is not a function/],
    ['clash.mjs', /export 'ElectionSafety' clashes with an invariant of that name/],
    ['syntaxError.mjs', /syntaxError\.mjs: does not load: /],
  ])('refuses %s with one line and exit 2', async (name, message) => {
    const run = await raftCheck(...SMALL, '--invariants-file', file(name));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names an invariant that throws and prints the state it threw on, exit 2', async () => {
    const run = await raftCheck(...SMALL, '--invariants-file', file('throws.mjs'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/invariant 'ReadsAMissingServer' threw: .*, on the state \{"currentTerm":\{"s1":1/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("warns that an invariant about a variant's role held only vacuously when the variant is off", async () => {
    const run = await raftCheck(...SMALL, '--invariants-file', file('preCandidateVotes.mjs'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "vacuous: warning: PreCandidateHasATerm held only vacuously: it tests 'PreCandidate', which only prevote " +
        'has, and prevote is off',
    );
    const on = await raftCheck(...SMALL, '--variant', 'prevote', '--invariants-file', file('preCandidateVotes.mjs'));
    expect(on.code).toBe(0);
    expect(on.stdout).not.toContain('vacuous: warning: PreCandidateHasATerm');
  });

  it('warns of a misspelt role, in the text and in --json', async () => {
    const run = await raftCheck(...SMALL, '--invariants-file', file('misspeltRole.mjs'), '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { vacuous: string[]; vacuity: { invariant: string; reason: string }[] };
    expect(report.vacuous).toContain('OneLeederPerTerm');
    expect(report.vacuity).toContainEqual({
      invariant: 'OneLeederPerTerm',
      reason: "it tests 'Leeder', which no state has (not 'Leader'?)",
    });
  });

  it('reports a user invariant whose named witness is never reached as vacuous', async () => {
    const run = await raftCheck(...SMALL, '--max-term', '1', '--invariants-file', file('witnessed.mjs'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'vacuous: warning: LeaderHasVotedForItself held only vacuously: LeaderElected was never reached',
    );
    const reached = await raftCheck(...SMALL, '--invariants-file', file('witnessed.mjs'));
    expect(reached.stdout).not.toContain('LeaderHasVotedForItself held only vacuously');
  });

  it('refuses a witness name that is not one, in one line', async () => {
    const run = await raftCheck(...SMALL, '--invariants-file', file('badWitness.mjs'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/export 'Anything' names the witness "LeaderElectd", which is not one \(witnesses: /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
