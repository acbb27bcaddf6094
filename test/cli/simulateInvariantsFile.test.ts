/** `--invariants-file` on `simulate` (in its worker threads too) and its refusal by `bugs`. */
import { describe, expect, it } from 'vitest';
import { raftCheck } from '../fixtures/raftCheckCli.js';

const NO_LEADER = 'test/fixtures/invariants/noLeaderEver.mjs';
const SIMULATE = ['simulate', '--servers', '3', '--seed', '1', '--walks', '20', '--quiet', '--json'];

interface Report {
  result: string;
  invariant?: string;
  invariants: string[];
  walk?: number;
  trace?: unknown[];
  reproduce?: string;
}

describe('raft-check simulate --invariants-file', () => {
  it('checks a user invariant on every walk, with the same counterexample on one worker and on two', async () => {
    const [one, two] = await Promise.all(
      ['1', '2'].map((workers) => raftCheck(...SIMULATE, '--invariants-file', NO_LEADER, '--workers', workers)),
    );
    expect([one!.code, two!.code]).toEqual([1, 1]);
    const a = JSON.parse(one!.stdout) as Report;
    const b = JSON.parse(two!.stdout) as Report;
    expect(a.invariant).toBe('NoLeaderEver');
    expect(a.invariants).toEqual(expect.arrayContaining(['ElectionSafety', 'NoLeaderEver']));
    expect([b.invariant, b.walk, b.trace]).toEqual([a.invariant, a.walk, a.trace]);
    // The reproduce command names the file, and reruns to the same walk.
    expect(a.reproduce).toContain(`--invariants-file ${NO_LEADER}`);
    const again = await raftCheck(...a.reproduce!.split(' ').slice(1), '--quiet', '--json');
    expect((JSON.parse(again.stdout) as Report).walk).toBe(a.walk);
  });

  it('selects a loaded invariant by name with --invariants, so only it is checked', async () => {
    const run = await raftCheck(
      ...SIMULATE,
      '--invariants-file',
      'bench/fixtures/three-invariants.mjs',
      '--invariants',
      'FewMessages',
    );
    const report = JSON.parse(run.stdout) as Report;
    expect(report.invariants).toEqual(['FewMessages']);
  });

  it('names a user invariant that throws in a worker thread, with one line and exit 2', async () => {
    const run = await raftCheck(
      ...SIMULATE,
      '--invariants-file',
      'test/fixtures/invariants/throws.mjs',
      '--workers',
      '2',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^raft-check: invariant 'ReadsAMissingServer' threw: .*, on the state \{/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a module that does not load, before any walk, with one line and exit 2', async () => {
    const run = await raftCheck(...SIMULATE, '--invariants-file', 'test/fixtures/invariants/broken.mjs');
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^raft-check: --invariants-file .*broken\.mjs: export 'notAFunction'/);
  });
});

describe('raft-check bugs --invariants-file', () => {
  it('is refused with one line that says why and what to run instead, exit 2', async () => {
    const run = await raftCheck('bugs', '--invariants-file', NO_LEADER);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/bugs does not take --invariants-file: .*--bug NAME --invariants-file F/);
  });
});
