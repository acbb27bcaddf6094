/**
 * `--checkpoint` and `--resume` through the built bin: a run killed outright (SIGKILL) after a checkpoint is
 * resumed and must end exactly as a run never interrupted; a checkpoint from another run is refused in one line.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTlcConfig, loadTlcConfigs, repoRoot } from '../../bench/tlcConfigs.js';
import { configFlags } from '../../bench/runCli.js';
import { loadEtcdTlcConfigs } from '../../bench/etcdConfigs.js';

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function raftCheck(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/raft-check.js', ...args], { cwd: repoRoot() }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, signal: null, stdout, stderr });
    });
  });
}

/** Starts a run and SIGKILLs it once it reports a checkpoint at depth `depth` or more. */
function killedAfterCheckpoint(depth: number, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/raft-check.js', ...args], { cwd: repoRoot() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const depths = [...stderr.matchAll(/^checkpoint: .* depth (\d+),/gm)].map((m) => Number(m[1]));
      if (depths.some((d) => d >= depth)) child.kill('SIGKILL');
    });
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const L3 = configFlags(findTlcConfig(loadTlcConfigs(), 'L3'));
const DEEP = ['--invariants-file', 'test/fixtures/invariants/commitsOnlyInTermOne.mjs'];

/** The depth of the checkpoint in `dir`: what the resumed run starts from. */
function checkpointDepth(dir: string): number {
  return (JSON.parse(readFileSync(join(dir, 'current', 'meta.json'), 'utf8')) as { depth: number }).depth;
}

async function killAndResume(run: string[], depth: number): Promise<{ whole: Run; resumed: Run; from: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'raft-check-ckpt-'));
  try {
    const [whole, killed] = await Promise.all([
      raftCheck(...run, '--quiet', '--json'),
      killedAfterCheckpoint(depth, ...run, '--json', '--checkpoint', dir, '--checkpoint-every', '0'),
    ]);
    // Killed, or (on a machine fast enough to finish first) ended; either way the checkpoint is mid-run.
    expect(killed.signal === 'SIGKILL' || killed.code !== null).toBe(true);
    const from = checkpointDepth(dir);
    const resumed = await raftCheck(...run, '--quiet', '--json', '--resume', dir);
    return { whole, resumed, from };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const essentials = (r: Run): Record<string, unknown> => {
  const j = JSON.parse(r.stdout) as Record<string, unknown>;
  return {
    code: r.code,
    result: j.result,
    distinctStates: j.distinctStates,
    generatedStates: j.generatedStates,
    depth: j.depth,
    actions: Object.entries(j.actions as object),
    boundDiscards: j.boundDiscards,
    invariant: j.invariant,
    trace: j.trace,
    witnesses: j.witnesses,
    coverage: j.coverage,
    vacuous: j.vacuous,
  };
};

describe.concurrent('raft-check check --checkpoint / --resume', () => {
  it('resumes a killed run of 2 workers to the counts and action order of an uninterrupted one', async () => {
    const run = [...L3, '--workers', '2'];
    const { whole, resumed, from } = await killAndResume(run, 12);
    expect(whole.code).toBe(0);
    expect(from).toBeGreaterThanOrEqual(12);
    expect(from).toBeLessThan(35);
    expect(essentials(resumed)).toEqual(essentials(whole));
  });

  it('resumes a killed run of 1 worker to the same counterexample and counts', async () => {
    const run = [...L3, ...DEEP, '--workers', '1'];
    const { whole, resumed, from } = await killAndResume(run, 8);
    expect(whole.code).toBe(1);
    expect(from).toBeLessThan(16);
    expect(essentials(resumed)).toEqual(essentials(whole));
    expect((JSON.parse(resumed.stdout) as { trace: unknown[] }).trace).toHaveLength(16);
  });

  it("resumes a killed run to the same vacuity of a user invariant's values, those reached before the kill kept", async () => {
    // L3 reaches 'Leader' and 'AppendEntriesResponse' well before depth 12; a value the run watches for must stay
    // reached across the kill, or the resumed run would warn of it. 'PreCandidate' (prevote is off) is warned of.
    const values = ['leaderTerm.mjs', 'appendResponses.mjs', 'preCandidateVotes.mjs'].flatMap((f) => [
      '--invariants-file',
      `test/fixtures/invariants/${f}`,
    ]);
    const run = [...L3, ...values, '--workers', '2'];
    const { whole, resumed, from } = await killAndResume(run, 12);
    expect(whole.code).toBe(0);
    expect(from).toBeGreaterThanOrEqual(12);
    expect(essentials(resumed)).toEqual(essentials(whole));
    const vacuity = (r: Run): unknown => (JSON.parse(r.stdout) as { vacuity: unknown }).vacuity;
    expect(vacuity(resumed)).toEqual(vacuity(whole));
    expect(essentials(resumed).vacuous).not.toContain('LeaderTermAboveOne');
    expect(essentials(resumed).vacuous).not.toContain('ResponsesHaveATerm');
    expect(essentials(resumed).vacuous).toContain('PreCandidateHasATerm');
  });

  it('resumes a killed etcd profile run to the counts, witnesses and vacuity of an uninterrupted one', async () => {
    const e1 = loadEtcdTlcConfigs().find((c) => c.name === 'E1')!.config;
    const run = [
      ...['--profile', 'etcd', '--servers', String(e1.servers), '--init-servers', String(e1.initServers)],
      ...['--reconfig-limit', String(e1.reconfigLimit), '--max-term', String(e1.maxTerm)],
      ...['--request-limit', String(e1.requestLimit), '--max-in-flight', String(e1.maxInFlight)],
      ...['--max-log', String(e1.maxLog), '--workers', '2'],
    ];
    const { whole, resumed, from } = await killAndResume(run, 10);
    expect(whole.code).toBe(0);
    expect(from).toBeGreaterThanOrEqual(10);
    expect(essentials(resumed)).toEqual(essentials(whole));
    expect(essentials(resumed).vacuous).toEqual(['LeaderCompletenessInv']);
  });

  it('refuses, in one line and with exit 2, a checkpoint of other flags, other workers, or none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'raft-check-ckpt-'));
    try {
      const first = await raftCheck(
        ...L3,
        '--quiet',
        '--workers',
        '1',
        '--max-states',
        '5000',
        '--checkpoint',
        dir,
        '--checkpoint-every',
        '0',
      );
      expect(first.code).toBe(3);
      // The links are one append-only file beside the checkpoints, as long as the current one says.
      const links = (JSON.parse(readFileSync(join(dir, 'current', 'meta.json'), 'utf8')) as { links: number }).links;
      expect(links).toBeGreaterThanOrEqual(5000);
      expect(statSync(join(dir, 'parents.bin')).size).toBe(6 * links);
      expect(existsSync(join(dir, 'current', 'parents.bin'))).toBe(false);
      const other = L3.map((f, k) => (L3[k - 1] === '--max-term' ? '3' : f));
      const refused = await Promise.all([
        raftCheck(...other, '--quiet', '--workers', '1', '--resume', dir),
        raftCheck(...L3, '--quiet', '--workers', '2', '--resume', dir),
        raftCheck(...L3, '--quiet', '--workers', '1', '--resume', tmpdir()),
      ]);
      expect(refused.map((r) => r.code)).toEqual([2, 2, 2]);
      expect(refused[0].stderr).toMatch(
        /^raft-check: --resume .*: the checkpoint was written for a different run \(model.maxTerm: 2, now 3\); resume with the flags and files it was written with\n$/,
      );
      expect(refused[1].stderr).toMatch(/^raft-check: --resume .*: the checkpoint was written with --workers 1 .*\n$/);
      expect(refused[2].stderr).toMatch(/^raft-check: --resume: .* holds no checkpoint .*\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
