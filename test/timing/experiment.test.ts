import { describe, expect, it } from 'vitest';
import { runExperiment, summarizeExperiment, type ExperimentOptions } from '../../timing/experiment.js';
import { stableLeaderState, upToDateFollowers } from '../../timing/stableLeader.js';

const PAPER: ExperimentOptions = {
  servers: 5,
  timeout: { min: 150, max: 300 },
  heartbeat: 75,
  link: { latency: { min: 10, max: 20 }, loss: 0 },
  trials: 200,
  seed: 1,
  limit: 60_000,
};

describe('stableLeaderState', () => {
  it('has s1 lead term 2 with v1..v3 committed, s2 and s3 holding them, s4 and s5 only v1 (§9.3)', () => {
    const s = stableLeaderState(5);
    expect(s.servers.map((v) => v.state).toArray()).toEqual(['Leader', 'Follower', 'Follower', 'Follower', 'Follower']);
    expect(s.servers.map((v) => v.currentTerm).toArray()).toEqual([2, 2, 2, 2, 2]);
    expect(s.servers.map((v) => v.log.size).toArray()).toEqual([3, 3, 3, 1, 1]);
    expect(s.servers.get(0)!.commitIndex).toBe(3);
    expect(s.messages.size).toBe(0);
    expect(upToDateFollowers(5)).toEqual([1, 2]);
  });

  it('needs at least three servers, so that a majority survives the crash', () => {
    expect(() => stableLeaderState(2)).toThrow(/at least 3/);
  });
});

describe('runExperiment', () => {
  const result = runExperiment(PAPER);

  it('crashes the leader at a uniformly random moment within its heartbeat interval', () => {
    const crashes = result.trials.map((t) => t.crashAt);
    expect(Math.min(...crashes)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...crashes)).toBeLessThan(75);
    expect(Math.min(...crashes)).toBeLessThan(7.5); // both ends of the interval are reached
    expect(Math.max(...crashes)).toBeGreaterThan(67.5);
  });

  it('elects only servers whose logs are up to date, within one timeout range plus a few round trips', () => {
    for (const t of result.trials) {
      expect(t.finished).toBe(true);
      expect([1, 2]).toContain(t.winner);
      // At least a timeout after the last heartbeat arrived (≥ 10 ms), less the crash offset.
      expect(t.downtime).toBeGreaterThanOrEqual(150 + 10 - t.crashAt);
    }
  });

  it('counts a split vote for every round before the winning one', () => {
    for (const t of result.trials) expect(t.splitVotes).toBe(t.rounds - 1);
    const s = summarizeExperiment(result);
    expect(s.trials).toBe(200);
    expect(s.splitVotes).toBeGreaterThan(0);
    expect(s.contestedSplitVotes).toBeLessThanOrEqual(s.splitVotes);
    expect(s.unfinished).toBe(0);
    expect(s.disrupted).toBe(0);
  });

  it('gives the same trials for the same seed, other trials for another, and the same first trials for fewer', () => {
    const few = { ...PAPER, trials: 20 };
    expect(runExperiment(few)).toEqual(runExperiment(few));
    expect(runExperiment({ ...few, seed: 2 })).not.toEqual(runExperiment(few));
    expect(runExperiment(few).trials).toEqual(result.trials.slice(0, 20));
  });

  it('never elects a leader with fixed timeouts: the followers stay in lockstep, one split vote per round', () => {
    const lockstep = runExperiment({ ...PAPER, timeout: { min: 150, max: 150 }, trials: 3, limit: 3000 });
    const s = summarizeExperiment(lockstep);
    expect(s.unfinished).toBe(3);
    expect(s.downtimeMs.max).toBe(3000);
    expect(s.contestedSplitVotes).toBe(s.splitVotes);
    expect(s.splitVotes).toBeGreaterThanOrEqual(3 * 19); // a round every 150 ms for 3 s
  });
});
