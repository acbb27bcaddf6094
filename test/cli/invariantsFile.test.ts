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

  it("may name a variant's witness, and is vacuous with that variant off", async () => {
    const off = await raftCheck(...SMALL, '--invariants-file', file('preVoteWitnessed.mjs'));
    expect(off.code).toBe(0);
    expect(off.stdout).toContain(
      'vacuous: warning: PreVoteTermsStay held only vacuously: it names the witness PreVoteWon, which only ' +
        'prevote has, and prevote is off',
    );
    const on = await raftCheck(...SMALL, '--variant', 'prevote', '--invariants-file', file('preVoteWitnessed.mjs'));
    expect(on.code).toBe(0);
    expect(on.stdout).toMatch(/PreVoteWon +\d+/);
    expect(on.stdout).not.toContain('PreVoteTermsStay held only vacuously');
  });

  interface Vacuity {
    readonly result: string;
    readonly witnesses: Record<string, number | null>;
    readonly vacuous: string[];
    readonly vacuity: { invariant: string; reason: string }[];
  }
  const json = async (...args: string[]): Promise<Vacuity> => {
    const run = await raftCheck(...args, '--json');
    expect(run.stderr).toBe('');
    return JSON.parse(run.stdout) as Vacuity;
  };
  const VALUES = ['--invariants-file', file('leaderTerm.mjs'), '--invariants-file', file('appendResponses.mjs')];
  const NO_LEADER = "it tests 'Leader', a role no explored state had";
  const NO_RESPONSE = "it tests 'AppendEntriesResponse', a message type no explored state had";

  it("warns of a role the model can have that no explored state had: 'Leader' where no election completes", async () => {
    // Terms start at 1: with --max-term 1 no Timeout stays within the bound, so no one is ever elected.
    const run = await raftCheck(...SMALL, '--max-term', '1', ...VALUES);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`vacuous: warning: LeaderTermAboveOne held only vacuously: ${NO_LEADER}`);
    expect(run.stdout).toContain(`vacuous: warning: ResponsesHaveATerm held only vacuously: ${NO_RESPONSE}`);
    // The values watched for are no witnesses: the table lists only witnesses.ts's.
    expect(run.stdout).not.toMatch(/^ {2}seen /m);
    const reached = await raftCheck(...SMALL, ...VALUES);
    expect(reached.code).toBe(0);
    expect(reached.stdout).not.toContain('LeaderTermAboveOne held only vacuously');
    expect(reached.stdout).not.toContain('ResponsesHaveATerm held only vacuously');
  });

  it('warns of a message type no explored state had while the roles it tests were reached, in --json too', async () => {
    // One server leads alone: it never sends an AppendEntries request, so nothing answers one.
    const alone = await json('--servers', '1', '--max-term', '2', '--quiet', ...VALUES);
    expect(alone.result).toBe('ok');
    expect(alone.vacuity.filter((v) => v.invariant === 'LeaderTermAboveOne')).toEqual([]);
    expect(alone.vacuity).toContainEqual({ invariant: 'ResponsesHaveATerm', reason: NO_RESPONSE });
    expect(alone.vacuous).toContain('ResponsesHaveATerm');
    expect(Object.keys(alone.witnesses).filter((w) => w.startsWith('seen'))).toEqual([]);
  });

  it('gives the same warnings with 1 and 2 workers, with --symmetry, and on the reference engine', async () => {
    for (const bounds of [
      ['--servers', '2', '--max-term', '1'],
      ['--servers', '1', '--max-term', '2'],
    ]) {
      const one = await json(...bounds, '--quiet', ...VALUES, '--workers', '1');
      expect(one.vacuity.length).toBeGreaterThan(0);
      for (const other of [
        ['--workers', '2'],
        ['--workers', '2', '--symmetry'],
        ['--engine', 'reference'],
      ]) {
        const r = await json(...bounds, '--quiet', ...VALUES, ...other);
        expect(r.vacuity).toEqual(one.vacuity);
        expect(r.witnesses).toEqual(one.witnesses);
      }
    }
  });

  it('watches only for the invariants it checks, and says nothing of one that names its witness', async () => {
    const run = await json(...SMALL, '--max-term', '1', ...VALUES, '--invariants', 'ResponsesHaveATerm');
    expect(run.vacuity.map((v) => v.invariant)).toEqual(['ResponsesHaveATerm']);
    const named = await json(...SMALL, '--max-term', '1', '--invariants-file', file('witnessed.mjs'));
    expect(named.vacuity.filter((v) => v.invariant === 'LeaderHasVotedForItself')).toEqual([
      { invariant: 'LeaderHasVotedForItself', reason: 'LeaderElected was never reached' },
    ]);
  });

  it('says "in the part explored" of a run cut short', async () => {
    const run = await raftCheck(...SMALL, ...VALUES, '--max-states', '3');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(`LeaderTermAboveOne held only vacuously in the part explored: ${NO_LEADER}`);
  });

  it('refuses a witness name that is not one, in one line', async () => {
    const run = await raftCheck(...SMALL, '--invariants-file', file('badWitness.mjs'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/export 'Anything' names the witness "LeaderElectd", which is not one \(witnesses: /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
