// election-timing with --variant membership: the timed cluster is the first configuration s1..sK (no configuration
// changes happen); the servers outside it are never sent anything and never time out.
import { describe, expect, it } from 'vitest';
import { initialState, server } from '../../spec/raft/state.js';
import { runExperiment, schedulerOptions, type ExperimentOptions } from '../../timing/experiment.js';
import { Random, trialSeed } from '../../timing/random.js';
import { runScenario, summarizeScenario, type ScenarioOptions } from '../../timing/scenario.js';
import { findScenario } from '../../timing/scenarios.js';
import { Scheduler, type Happening } from '../../timing/scheduler.js';
import { stableLeaderState } from '../../timing/stableLeader.js';

const REJOIN: ScenarioOptions = {
  servers: 4,
  initialMembers: 3,
  variants: ['membership'],
  timeout: { min: 150, max: 300 },
  heartbeat: 75,
  link: { latency: { min: 10, max: 20 }, loss: 0 },
  trials: 10,
  seed: 3,
  limit: 60_000,
  partition: 700,
};
const NON_MEMBER = 3; // s4
const REJOINER = 2; // s3, the last member

/** Every happening of rejoin's trial `k`, run as runScenarioTrial runs it, up to four maximum timeouts after the heal. */
function rejoinTrial(options: ScenarioOptions, k: number): { happened: Happening[]; scheduler: Scheduler } {
  const random = new Random(trialSeed(options.seed, k));
  const faultAt = random.uniform(0, options.heartbeat);
  const healAt = faultAt + options.partition;
  const network = findScenario('rejoin')!.network(options.servers, 3, faultAt, healAt);
  const start = stableLeaderState(options.servers, options.initialMembers);
  const scheduler = new Scheduler(start, { ...schedulerOptions(options), network }, random);
  scheduler.start(-options.heartbeat);
  return { happened: scheduler.runUntil(healAt + 4 * options.timeout.max), scheduler };
}

const actor = (h: Happening): number | undefined =>
  'i' in h.action ? h.action.i : h.action.kind === 'Receive' ? h.action.m.dest : undefined;

describe('election-timing with membership', () => {
  it('builds the stable leader within the configuration: the non-member keeps its initial state', () => {
    const s = stableLeaderState(4, 3);
    expect(server(s, 0).state).toBe('Leader');
    expect(server(s, 0).commitIndex).toBe(3);
    expect([1, 2].map((j) => server(s, j).log.size)).toEqual([3, 1]); // s2 up to date; s3 lags (it can join a majority, not win one)
    expect(server(s, NON_MEMBER).equals(server(initialState(4), NON_MEMBER))).toBe(true);
    expect(s.messages.size).toBe(0);
  });

  it('rejoin: the last member is cut off and times out; the non-member never times out, is elected or is sent to', () => {
    for (const variants of [['membership'], ['membership', 'prevote'], ['membership', 'check-quorum']]) {
      for (let k = 0; k < 4; k++) {
        const { happened, scheduler } = rejoinTrial({ ...REJOIN, variants }, k);
        expect(happened.filter((h) => actor(h) === NON_MEMBER)).toEqual([]);
        expect(happened.some((h) => h.action.kind === 'Receive' && h.action.m.source === NON_MEMBER)).toBe(false);
        expect(happened.filter((h) => h.action.kind === 'Timeout' && h.action.i === REJOINER).length).toBeGreaterThan(
          1,
        );
        expect(scheduler.electionDeadline(NON_MEMBER)).toBeUndefined();
        expect(server(scheduler.state, NON_MEMBER).equals(server(initialState(4), NON_MEMBER))).toBe(true);
      }
    }
  });

  it('rejoin: without prevote the rejoining member disrupts; with prevote it does not; same seed, same figures', () => {
    const run = (variants: string[]) =>
      summarizeScenario(runScenario(findScenario('rejoin')!, { ...REJOIN, variants }));
    const plain = run(['membership']);
    expect(plain.disruptions).toBe(REJOIN.trials);
    expect(run(['membership', 'prevote']).disruptions).toBe(0);
    expect(run(['membership'])).toEqual(plain);
    expect(summarizeScenario(runScenario(findScenario('rejoin')!, { ...REJOIN, seed: 4 }))).not.toEqual(plain);
  });

  it('an idle non-member changes nothing: 4 servers with members s1..s3 give the figures of 3 servers without', () => {
    const { timeout, heartbeat, link, trials, seed, limit, partition } = REJOIN;
    const three: ScenarioOptions = { timeout, heartbeat, link, trials, seed, limit, partition, servers: 3 };
    for (const name of ['rejoin', 'asymmetric']) {
      const scenario = findScenario(name)!;
      const withMembership = runScenario(scenario, { ...REJOIN, variants: ['check-quorum', 'membership'] });
      expect(withMembership).toEqual(runScenario(scenario, { ...three, variants: ['check-quorum'] }));
    }
    expect(runExperiment(REJOIN).trials).toEqual(runExperiment(three).trials);
  });

  it('the leader-crash experiment elects the up-to-date member s2, never the non-member', () => {
    const options: ExperimentOptions = { ...REJOIN, trials: 30 };
    const winners = new Set(runExperiment(options).trials.map((t) => t.winner));
    // Of the survivors s2, s3 (s4 is outside), only the up-to-date s2 can win the votes of a majority of three.
    expect([...winners]).toEqual([1]);
  });
});
