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
});
