import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { raftCheck } from '../fixtures/raftCheckCli.js';

// Two servers, no entries, no restart or loss: the smallest cluster whose votes can split forever.
const SPLIT = ['--servers', '2', '--max-term', '3', '--max-log', '0', '--no-restart', '--no-drop', '--quiet'];
const FAIR = ['--fair', 'Deliver,Send,Timeout,BecomeLeader'];

describe('check --properties', () => {
  it('finds the split-vote livelock under relative terms, prints the lasso with its loop, and writes ITF that replays', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'liveness-')), 'lasso.itf.json');
    const run = await raftCheck(
      ...SPLIT,
      '--relative-terms',
      '--properties',
      'EventuallyStableLeader',
      ...FAIR,
      '--out',
      out,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('EventuallyStableLeader       VIOLATED');
    expect(run.stdout).toContain('--- loop: from state');
    expect(run.stdout).toMatch(/--- state \d+ is state \d+ again with its terms renamed/);
    const itf = JSON.parse(readFileSync(out, 'utf8')) as { loop: number; states: unknown[] };
    expect(itf.loop).toBeGreaterThanOrEqual(0);
    expect(itf.loop).toBeLessThan(itf.states.length - 1);
    const replay = await raftCheck('replay', out);
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('the loop closes under relative terms');
  });

  it('without fairness, a behaviour may stutter in the initial state: the lasso is one stuttering state', async () => {
    const run = await raftCheck(...SPLIT, '--properties', 'EventuallyLeader');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('VIOLATED: a lasso of 1 states, its loop from state 1');
    expect(run.stdout).toContain('stutters forever');
  });

  it('with --max-term alone every election ends at the bound: it holds, with the cut states counted and a warning', async () => {
    const run = await raftCheck(...SPLIT, '--properties', 'EventuallyLeader', ...FAIR);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ends: [1-9][\d,]* states cut by the bounds/);
    expect(run.stdout).toContain('warning: "holds" covers only the behaviours that stay within the bounds');
  });

  it("checks a user's properties from --invariants-file", async () => {
    const file = 'test/fixtures/invariants/electionProgress.mjs';
    const run = await raftCheck(
      ...SPLIT,
      '--relative-terms',
      '--invariants-file',
      file,
      '--properties',
      'LeaderAgainAndAgain,CandidateGetsElected',
      ...FAIR,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('LeaderAgainAndAgain          VIOLATED');
    expect(run.stdout).toContain('CandidateGetsElected         VIOLATED');
    // The same file's invariant still loads for a safety check.
    const safety = await raftCheck(...SPLIT, '--invariants-file', file, '--invariants', 'TermsArePositive');
    expect(safety.code).toBe(0);
  });

  it('finds a cut-off server deposing a settled leader without PreVote (LeaderNotDisrupted)', async () => {
    const run = await raftCheck(
      '--servers',
      '3',
      '--max-term',
      '3',
      '--max-log',
      '0',
      '--no-restart',
      '--no-drop',
      '--quiet',
      '--links',
      's1-s2,s1-s3',
      '--timers',
      '--properties',
      'LeaderNotDisrupted',
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('LeaderNotDisrupted@s1        holds');
    expect(run.stdout).toContain('LeaderNotDisrupted@s2        VIOLATED: the last step of a behaviour of 19 states');
    // The last step: the hub, now at s3's higher term, deposes s2 with its AppendEntries response.
    expect(run.stdout).toMatch(
      /19 {2}UpdateTerm s1→s2 \(AppendEntriesResponse\) term=3\n.*s2: currentTerm 2→3, state Leader→Follower/,
    );
  });

  it('with every link up the model is the plain one: the same counts', async () => {
    const counts = async (...extra: string[]): Promise<string> => {
      const run = await raftCheck(...SPLIT, '--properties', 'EventuallyLeader', ...extra);
      return /states: .*/.exec(run.stdout)![0];
    };
    expect(await counts('--links', 's1-s2')).toBe(await counts());
  });

  it('refuses what it cannot do, in one line each', async () => {
    for (const [flags, message] of [
      [['--symmetry'], '--symmetry does not apply with --properties'],
      [['--workers', '2'], '--workers above 1 does not apply with --properties'],
      [['--fair', 'Sleep'], "--fair: unknown family 'Sleep'"],
    ] as const) {
      const run = await raftCheck(...SPLIT, '--properties', 'EventuallyLeader', ...flags);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(message);
    }
    const unknown = await raftCheck(...SPLIT, '--properties', 'Eventually');
    expect(unknown.stderr).toContain("unknown property 'Eventually'");
    const alone = await raftCheck(...SPLIT, '--relative-terms');
    expect(alone.stderr).toContain('--relative-terms applies with --properties only');
  });
});
