/**
 * At a violation, `--workers N` reports one worker's counts and counterexample: the workers may have explored
 * past the violating state before they heard of it (how far depends on the threads' timing), and none of that is
 * counted (parallel/sliceCounts.ts). Runs of each N are repeated to give the timing a chance to differ.
 */
import { describe, expect, it } from 'vitest';
import { raftCheck } from '../fixtures/raftCheckCli.js';

/** The report without what depends on the machine or on the number of workers by nature (time, memory). */
async function report(args: readonly string[], workers: number): Promise<Record<string, unknown>> {
  const run = await raftCheck(...args, '--workers', String(workers), '--quiet', '--json');
  expect(run.stderr).toBe('');
  const all = JSON.parse(run.stdout) as Record<string, unknown>;
  const kept = Object.entries(all).filter(
    ([key]) => !['workers', 'peakRssBytes', 'seconds', 'storeBytes'].includes(key),
  );
  return Object.fromEntries(kept);
}

/** Three servers, terms up to 3, one message of a kind in flight, restarts: violations after 9 to 11 states. */
const THREE = ['--servers', '3', '--max-term', '3', '--max-log', '1', '--max-in-flight', '1', '--restart'];
const VIOLATIONS: readonly (readonly string[])[] = [
  ['--servers', '2', '--bug', 'double-vote'],
  [...THREE, '--no-duplicate', '--no-drop', '--bug', 'stale-vote-count'],
  [...THREE, '--no-duplicate', '--no-drop', '--bug', 'forget-on-restart'],
];

describe('counts at a violation with several workers', () => {
  it.each(VIOLATIONS.map((args) => [args.join(' '), args] as const))(
    '%s: workers 2 and 3 report the counts, coverage and counterexample of one worker, run after run',
    async (_, args) => {
      const one = await report(args, 1);
      expect(one['result']).toBe('violation');
      expect(one['generatedStates']).toBeGreaterThan(0);
      for (const workers of [2, 2, 3, 3]) expect(await report(args, workers)).toEqual(one);
    },
    60_000,
  );
});
