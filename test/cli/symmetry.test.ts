/**
 * `raft-check --symmetry` end to end, through the built bin (build first to run this file alone). The counts
 * themselves are held to the full state space in test/harness/checkRaftSymmetric.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { raftCheck, type CliRun } from '../fixtures/raftCheckCli.js';

const scratch = mkdtempSync(join(tmpdir(), 'symmetry-cli-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

// L1's bounds; three servers for the counterexample, so that renamings are not only a swap.
const L1 = ['--servers', '2', '--max-in-flight', '2', '--no-restart', '--no-duplicate', '--no-drop', '--quiet'];
const DOUBLE_VOTE_MODEL = ['--servers', '3', '--bug', 'double-vote'];
const DOUBLE_VOTE = [...DOUBLE_VOTE_MODEL, '--quiet'];

interface Report {
  result: string;
  distinctStates: number;
  generatedStates: number;
  depth: number;
  symmetry?: { representatives: number; representedStates: number; reduction: number };
  trace?: { label: string; state: unknown }[];
}
const report = (run: CliRun): Report => JSON.parse(run.stdout) as Report;

describe.concurrent('raft-check --symmetry', () => {
  it('reports the same counts and the reduction with one worker, two, and the reference engine', async () => {
    const [plain, one, two, values] = await Promise.all([
      raftCheck(...L1, '--json'),
      raftCheck(...L1, '--json', '--symmetry', '--workers', '1'),
      raftCheck(...L1, '--json', '--symmetry', '--workers', '2'),
      raftCheck(...L1, '--json', '--symmetry', '--engine', 'reference'),
    ]);
    const full = report(plain);
    const reduced = [one, two, values].map((r) => {
      expect(r.code).toBe(0);
      const { distinctStates, generatedStates, depth, symmetry } = report(r);
      return { distinctStates, generatedStates, depth, symmetry };
    });
    expect(reduced[1]).toEqual(reduced[0]);
    expect(reduced[2]).toEqual(reduced[0]);
    const r = reduced[0]!;
    expect(r.depth).toBe(full.depth);
    expect(r.distinctStates).toBeLessThan(full.distinctStates);
    expect(r.symmetry).toEqual({
      representatives: r.distinctStates,
      representedStates: full.distinctStates,
      reduction: Number((full.distinctStates / r.distinctStates).toFixed(4)),
    });
    expect(full.symmetry).toBeUndefined();
  });

  it('reports the witnesses of the unreduced run: a step is judged before its successor is renamed', async () => {
    // Two terms and two entries: LogBacktracked and StaleLeaderRejected compare a server before and after.
    const model = ['--servers', '2', '--max-term', '3', '--max-log', '2', '--max-in-flight', '1'];
    const flags = [...model, '--no-restart', '--no-drop', '--quiet', '--json'];
    type Witnessed = { witnesses: Record<string, number | null>; coverage: unknown };
    const runs = await Promise.all([
      raftCheck(...flags, '--workers', '1'),
      raftCheck(...flags, '--workers', '1', '--symmetry'),
      raftCheck(...flags, '--workers', '2', '--symmetry'),
    ]);
    const [plain, ...reduced] = runs.map((r) => JSON.parse(r.stdout) as Witnessed);
    expect(plain!.witnesses.LogBacktracked).not.toBeNull();
    for (const r of reduced) {
      expect(r.witnesses).toEqual(plain!.witnesses);
      expect(r.coverage).toEqual(plain!.coverage);
    }
  });

  it('says in the summary what the distinct states stand for', async () => {
    const run = await raftCheck(...L1, '--symmetry');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^symmetry: servers interchangeable; the [\d,]+ distinct states are orbits of [\d,]+ states \(reduction \d+\.\d\dx\)$/m,
    );
  });

  it('writes a real counterexample, as long as without symmetry, that replays', async () => {
    const out = join(scratch, 'cex.itf.json');
    const [plain, reduced] = await Promise.all([
      raftCheck(...DOUBLE_VOTE, '--json'),
      raftCheck(...DOUBLE_VOTE, '--json', '--symmetry', '--out', out),
    ]);
    expect(reduced.code).toBe(1);
    const a = report(plain);
    const b = report(reduced);
    expect(b.trace!.length).toBe(a.trace!.length);
    expect(b.distinctStates).toBeLessThan(a.distinctStates);
    const replayed = await raftCheck('replay', out, ...DOUBLE_VOTE_MODEL, '--json');
    const r = JSON.parse(replayed.stdout) as { result: string; steps: number; violation?: { invariant: string } };
    expect(r.result).toBe('ok');
    expect(r.steps).toBe(a.trace!.length - 1);
    expect(r.violation?.invariant).toBe('VotesGrantedExclusive');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveProperty('states');
  });

  it('refuses an invariant that tells servers apart when the real behaviour does not break it', async () => {
    const file = join(scratch, 'asymmetric.mjs');
    // Not symmetric: the representative of a state where s1 leads puts the leader second (a leader's term is
    // higher, so its block is greater), and the real behaviour found for it has s1 lead.
    writeFileSync(file, "export const S2NeverLeader = (s) => s.state.s2 !== 'Leader';\n");
    const [reduced, plain] = await Promise.all([
      raftCheck(...L1, '--symmetry', '--invariants-file', file, '--invariants', 'S2NeverLeader'),
      raftCheck(...L1, '--invariants-file', file, '--invariants', 'S2NeverLeader', '--json'),
    ]);
    expect(report(plain).result).toBe('violation');
    expect(reduced.code).toBe(2);
    expect(reduced.stderr).toBe(
      "raft-check: invariant 'S2NeverLeader' is not symmetric (it holds of a renaming of a state that breaks it); " +
        'check it without --symmetry\n',
    );
  });

  it.each(['simulate', 'replay', 'validate', 'bugs'])('is refused by %s with one line and exit 2', async (command) => {
    const run = await raftCheck(command, '--symmetry');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`raft-check: --symmetry applies to check only, not to ${command}\n`);
  });
});
