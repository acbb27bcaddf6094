/** What a `check` that holds covered: actions that never fired, witnesses, vacuous invariants, bound warnings. */
import { describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../../spec/raft/actions.js';
import { raftCheck as runCli, type CliRun } from '../fixtures/raftCheckCli.js';

// Each run is a few seconds of CPU: tests that need the same command share one run.
const runs = new Map<string, Promise<CliRun>>();

function raftCheck(...args: string[]): Promise<CliRun> {
  const key = args.join(' ');
  const known = runs.get(key);
  if (known !== undefined) return known;
  const run = runCli(...args);
  runs.set(key, run);
  return run;
}

interface Report {
  readonly result: string;
  readonly trace?: unknown[];
  readonly actions: Record<string, { fired: number }>;
  readonly coverage: { neverFired: string[] };
  readonly witnesses: Record<string, number | null>;
  readonly vacuous: string[];
  readonly boundWarnings: { bound: string; discarded: number; warning: string }[];
}

async function report(...args: string[]): Promise<Report> {
  const run = await raftCheck(...args, '--quiet', '--json');
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as Report;
}

/** TLC's L1 (bench/tlc-counts.json): two servers, no restart, loss or duplication. */
const L1 = ['--servers', '2', '--max-term', '2', '--max-log', '1', '--max-in-flight', '2', '--no-restart', '--no-drop'];
/** Three servers and two election terms: the smallest where two leaders can coexist (terms start at 1). */
const TWO_TERMS = ['--servers', '3', '--max-term', '3', '--max-log', '0', '--no-restart', '--no-drop'];

describe('raft-check check coverage', () => {
  it('reports on L1 that DropStaleResponse never fired, and it alone', async () => {
    const r = await report(...L1, '--workers', '1');
    expect(r.result).toBe('ok');
    // The claim checked against the counts themselves: every other action of the configuration fired.
    expect(r.actions.DropStaleResponse).toBeUndefined();
    expect(r.coverage.neverFired).toEqual(['DropStaleResponse']);
    const text = await raftCheck(...L1, '--quiet');
    expect(text.stdout).toMatch(/^coverage: warning: never fired: DropStaleResponse$/m);
  });

  it('lists exactly the actions of the configuration that did not fire: none it leaves out, those of a variant when on', async () => {
    const named = (r: Report): Set<string> => new Set([...r.coverage.neverFired, ...Object.keys(r.actions)]);
    const raftTla = ACTION_NAMES.slice(0, ACTION_NAMES.indexOf('DropMessage') + 1);
    // One server, maxTerm 1: its one Timeout breaks the bound, so nothing else ever fires.
    const r = await report('--servers', '1', '--max-term', '1', '--no-restart');
    expect(Object.keys(r.actions)).toEqual(['Timeout']);
    expect(named(r)).toEqual(new Set(raftTla.filter((a) => a !== 'Restart' && a !== 'DuplicateMessage')));
    const pre = await report('--servers', '1', '--max-term', '1', '--variant', 'prevote');
    expect(named(pre)).toEqual(
      new Set([
        ...raftTla.filter((a) => a !== 'DuplicateMessage'),
        'RequestPreVote',
        'StartElection',
        'HandlePreVoteRequest',
        'HandlePreVoteResponse',
      ]),
    );
    expect(pre.coverage.neverFired).not.toContain('StartElection');
    expect(pre.coverage.neverFired).toContain('BecomeLeader');
  });

  it('reports with --max-log 0 that nothing was committed, so the committed-entry invariants held vacuously', async () => {
    const r = await report('--servers', '2', '--max-log', '0');
    expect(r.result).toBe('ok');
    expect(r.witnesses.EntryCommitted).toBeNull();
    expect(r.witnesses.LeaderElected).toBeGreaterThan(1);
    expect(r.vacuous).toEqual(expect.arrayContaining(['LeaderCompleteness', 'StateMachineSafety']));
    const text = await raftCheck('--servers', '2', '--max-log', '0', '--quiet');
    expect(text.stdout).toMatch(
      /^vacuous: warning: LeaderCompleteness held only vacuously: EntryCommitted was never reached$/m,
    );
    expect(text.stdout).toMatch(/^ {2}EntryCommitted +not reached$/m);
  });

  it('does not call an invariant vacuous once its witness is reached', async () => {
    const r = await report(...L1, '--workers', '1');
    expect(r.witnesses.EntryCommitted).toBeGreaterThan(1);
    expect(r.vacuous).not.toContain('LeaderCompleteness');
    expect(r.vacuous).not.toContain('StateMachineSafety');
  });

  it('gives the same witness lengths with 1 and 2 workers', async () => {
    const one = await report(...L1, '--workers', '1');
    const two = await report(...L1, '--workers', '2');
    expect(Object.keys(one.witnesses).length).toBeGreaterThanOrEqual(7);
    expect(two.witnesses).toEqual(one.witnesses);
  });

  it('reports TwoLeaders at the length of the shortest counterexample to "two leaders never coexist"', async () => {
    // The witness from a run that stops once the levels past it are done; the counterexample from a user's invariant.
    // 103,969 states fill the first 18 levels: the search stops once it has expanded them, so level 19 is known.
    const witnessed = await report(...TWO_TERMS, '--max-states', '110000', '--workers', '2');
    const length = witnessed.witnesses.TwoLeaders;
    expect(length).toBeGreaterThan(1);
    const broken = await report(
      ...TWO_TERMS,
      '--invariants-file',
      'test/fixtures/invariants/noTwoLeaders.ts',
      '--invariants',
      'NoTwoLeaders',
      '--workers',
      '1',
    );
    expect(broken.result).toBe('violation');
    expect(broken.trace).toHaveLength(length!);
    // ElectionSafety's situation arose, so it is not vacuous there.
    expect(witnessed.vacuous).not.toContain('ElectionSafety');
  });

  it('puts the bound warnings in --json', async () => {
    const r = await report('--servers', '1', '--max-term', '1', '--no-restart');
    expect(r.boundWarnings).toContainEqual({ bound: 'maxLogLen', discarded: 0, warning: 'discarded nothing' });
    expect(r.boundWarnings).toContainEqual({ bound: 'maxTerm', discarded: 1, warning: 'discarded every successor' });
    const withRestart = await report('--servers', '1', '--max-term', '1');
    expect(withRestart.boundWarnings.map((w) => w.bound)).not.toContain('maxTerm');
  });
});
