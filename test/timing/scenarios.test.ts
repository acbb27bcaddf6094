import { describe, expect, it } from 'vitest';
import { server } from '../../spec/raft/state.js';
import { variantFlags } from '../../spec/raft/variants.js';
import { between, cutLinks, into } from '../../timing/partition.js';
import { Random } from '../../timing/random.js';
import { runScenario, summarizeScenario, type ScenarioOptions } from '../../timing/scenario.js';
import { scenarioRows, scenarioSpec } from '../../timing/scenarioPlot.js';
import { findScenario, SCENARIOS } from '../../timing/scenarios.js';
import { Scheduler, type Happening } from '../../timing/scheduler.js';
import { stableLeaderState } from '../../timing/stableLeader.js';
import { variantSubsets } from '../../cli/commands/scenarioRuns.js';

// Few trials and a short partition (still over two maximum timeouts): these run in well under a second each.
const SMALL: ScenarioOptions = {
  servers: 5,
  timeout: { min: 150, max: 300 },
  heartbeat: 75,
  link: { latency: { min: 10, max: 20 }, loss: 0 },
  trials: 12,
  seed: 3,
  limit: 60_000,
  partition: 700,
};

function summary(name: string, variants: string[], options: Partial<ScenarioOptions> = {}) {
  return summarizeScenario(runScenario(findScenario(name)!, { ...SMALL, ...options, variants }));
}

const FIXED = { timeout: { min: 100, max: 100 }, heartbeat: 40, link: { latency: { min: 10, max: 10 }, loss: 0 } };

const times = (hs: readonly Happening[], kind: string): number[] =>
  hs.filter((h) => h.action.kind === kind).map((h) => h.time);

describe('the timed scheduler with the variants', () => {
  it('check-quorum: a leader runs CheckQuorum every minimum election timeout after it starts leading', () => {
    const s = new Scheduler(
      stableLeaderState(3),
      { ...FIXED, variants: variantFlags(['check-quorum']) },
      new Random(1),
    );
    s.start(-40);
    const hs = s.runUntil(350);
    expect(times(hs, 'CheckQuorum')).toEqual([100, 200, 300]);
    expect(server(s.state, 0).state).toBe('Leader'); // every follower answered its heartbeats
  });

  it('check-quorum: a leader that hears nobody steps down at its next check and gets an election timer', () => {
    const network = cutLinks(into(0, 3), 0, 10_000);
    const options = { ...FIXED, variants: variantFlags(['check-quorum']), network };
    const s = new Scheduler(stableLeaderState(3), options, new Random(1));
    s.start(-40);
    const hs = s.runUntil(100);
    expect(times(hs, 'CheckQuorum')).toEqual([100]);
    expect(server(s.state, 0).state).toBe('Follower');
    expect(s.electionDeadline(0)).toBe(200);
  });

  it('prevote: a firing timer sends pre-votes and no term changes while they are refused', () => {
    const network = cutLinks(between([2], 3), 0, 10_000); // s3 hears nobody and nobody hears it
    const options = { ...FIXED, variants: variantFlags(['prevote']), network };
    const s = new Scheduler(stableLeaderState(3), options, new Random(1));
    s.start(-40);
    const hs = s.runUntil(500);
    expect(times(hs, 'Timeout').length).toBeGreaterThanOrEqual(4); // s3's timer keeps firing ...
    expect(times(hs, 'RequestPreVote').length).toBe(3 * times(hs, 'Timeout').length); // ... each a pre-vote round
    expect(times(hs, 'StartElection')).toEqual([]); // ... that never wins
    expect(server(s.state, 2).currentTerm).toBe(2);
    expect(server(s.state, 2).state).toBe('PreCandidate');
  });
});

describe('the availability scenarios', () => {
  it('give the same trials for the same seed, and other trials for another', () => {
    for (const scenario of SCENARIOS) {
      const options = { ...SMALL, trials: 2, variants: ['prevote'] };
      expect(runScenario(scenario, options)).toEqual(runScenario(scenario, options));
      expect(runScenario(scenario, options)).not.toEqual(runScenario(scenario, { ...options, seed: 4 }));
    }
  });

  it('rejoin: without prevote most trials are disrupted; with prevote almost none (thesis §9.6)', () => {
    const without = summary('rejoin', []);
    const withPreVote = summary('rejoin', ['prevote']);
    expect(without.disruptions).toBeGreaterThanOrEqual(10);
    expect(withPreVote.disruptions).toBeLessThanOrEqual(1);
    expect(without.downtimeMs.mean).toBeGreaterThan(100); // a new election: at least one timeout
    expect(withPreVote.downtimeMs.mean).toBeLessThan(without.downtimeMs.mean / 10);
    expect(without.unfinished + withPreVote.unfinished).toBe(0);
  });

  it('leader-minority: without check-quorum the old leader leads until the heal; with it, within two checks', () => {
    const without = summary('leader-minority', []);
    const withCheck = summary('leader-minority', ['check-quorum']);
    expect(without.downtimeMs.mean).toBe(SMALL.partition);
    expect(without.disruptions).toBe(SMALL.trials); // the majority always elected a second leader
    expect(withCheck.downtimeMs.max).toBeLessThanOrEqual(2 * SMALL.timeout.min);
    expect(withCheck.downtimeMs.max).toBeGreaterThan(SMALL.timeout.min - SMALL.heartbeat);
  });

  it('asymmetric: check-quorum ends the stale leadership; only with prevote too is the new leader left alone', () => {
    const options = { partition: 1500 };
    const none = summary('asymmetric', [], options);
    const checkQuorum = summary('asymmetric', ['check-quorum'], options);
    const both = summary('asymmetric', ['check-quorum', 'prevote'], options);
    expect(none.downtimeMs.mean).toBe(1500);
    expect(checkQuorum.downtimeMs.mean).toBeLessThan(1500);
    expect(checkQuorum.disruptions).toBeGreaterThan(SMALL.trials / 2);
    expect(both.disruptions).toBe(0);
    expect(both.downtimeMs.mean).toBeLessThan(checkQuorum.downtimeMs.mean);
  });
});

describe('the scenario figure', () => {
  it('has one disrupted bar and two downtime bars per configuration, in percent and ms', () => {
    const bars = [
      { label: 'no variant', trials: 8, disruptions: 6, meanMs: 200, p99Ms: 300 },
      { label: 'prevote', trials: 8, disruptions: 0, meanMs: 0, p99Ms: 0 },
    ];
    const rows = scenarioRows(bars);
    expect(rows.disrupted.map((r) => r.value)).toEqual([75, 0]);
    expect(rows.downtime.map((r) => `${r.label} ${r.measure} ${r.value}`)).toEqual([
      'no variant mean 200',
      'no variant p99 300',
      'prevote mean 0',
      'prevote p99 0',
    ]);
    expect(JSON.stringify(scenarioSpec(bars, 't'))).toContain('trials disrupted (%)');
  });

  it('compares every subset of the variants, none first', () => {
    expect(variantSubsets(['check-quorum', 'prevote'])).toEqual([
      [],
      ['check-quorum'],
      ['prevote'],
      ['check-quorum', 'prevote'],
    ]);
    expect(variantSubsets([])).toEqual([[]]);
  });
});
