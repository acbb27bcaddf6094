import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTlcConfig, loadTlcConfigs } from '../../bench/tlcConfigs.js';
import { configFlags } from '../../bench/runCli.js';
import { raftCheck, type CliRun } from '../fixtures/raftCheckCli.js';

const L3 = configFlags(findTlcConfig(loadTlcConfigs(), 'L3'));
const DEEP = ['--invariants-file', 'test/fixtures/invariants/commitsOnlyInTermOne.mjs'];

const essentials = (r: CliRun): Record<string, unknown> => {
  const j = JSON.parse(r.stdout) as Record<string, unknown>;
  return {
    code: r.code,
    result: j.result,
    distinctStates: j.distinctStates,
    generatedStates: j.generatedStates,
    depth: j.depth,
    actions: Object.entries(j.actions as object),
    invariant: j.invariant,
    trace: j.trace,
    witnesses: j.witnesses,
  };
};

describe.concurrent('raft-check check --frontier-memory (the frontier on disk)', () => {
  for (const workers of ['1', '2']) {
    it(`with ${workers} worker(s) and a budget of 0, every frontier goes through files and the results are the same`, async () => {
      const work = mkdtempSync(join(tmpdir(), 'raft-check-spill-'));
      try {
        const run = [...L3, '--quiet', '--json', '--workers', workers];
        const [memory, disk, memoryBad, diskBad] = await Promise.all([
          raftCheck(...run),
          raftCheck(...run, '--frontier-memory', '0', '--work-dir', work),
          raftCheck(...run, ...DEEP),
          raftCheck(...run, ...DEEP, '--frontier-memory', '0', '--work-dir', work),
        ]);
        expect(memory.code).toBe(0);
        expect(essentials(disk)).toEqual(essentials(memory));
        expect(memoryBad.code).toBe(1);
        // Beside a counterexample too, whatever the threads' timing (README, --workers).
        expect(essentials(diskBad)).toEqual(essentials(memoryBad));
        // The files went with the runs.
        expect(readdirSync(work)).toEqual([]);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  }

  it('refuses a budget that is not a number of MiB, in one line with exit 2', async () => {
    const bad = await raftCheck(...L3, '--quiet', '--frontier-memory', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/--frontier-memory takes an integer/);
  });
});
