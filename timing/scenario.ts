/**
 * The availability scenarios of the timed simulator (docs/variants.md, "measured in time"): network faults on a
 * cluster with a stable leader, each run over seeded trials with and without the variants, reported the same
 * way: how many trials were disrupted, and how many milliseconds of leader downtime each trial had.
 *
 * Every trial starts from the §9.3 stable-leader state (stableLeader.ts) at time 0, when the leader broadcasts a
 * heartbeat, with the followers' timers last reset one heartbeat earlier (as experiment.ts does). The fault
 * begins at a moment drawn uniformly from [0, heartbeat) and lasts `partition` ms. What "disrupted" and
 * "downtime" mean is each scenario's own (its `disruption` and `downtime` texts, printed with the figures).
 */
import type { ClusterState } from '../spec/raft/state.js';
import { initialMembersOf, schedulerOptions, type ExperimentOptions } from './experiment.js';
import type { Network } from './partition.js';
import { Random, trialSeed } from './random.js';
import { Scheduler } from './scheduler.js';
import { stableLeaderState } from './stableLeader.js';
import { summarize, type Summary } from './stats.js';

export interface ScenarioOptions extends ExperimentOptions {
  /** How long the fault lasts, in milliseconds. */
  readonly partition: number;
}

/** One trial of a scenario. */
export interface ScenarioTrial {
  /** When the fault began. */
  readonly faultAt: number;
  readonly disrupted: boolean;
  /** The scenario's downtime of this trial in milliseconds (0 when there was none). */
  readonly downtime: number;
  /** False when the trial was given up at the limit without a leader (its downtime then counts up to there). */
  readonly finished: boolean;
}

/** A trial's setting: its scheduler (started, fault in place), the fault's times, and the options. */
export interface TrialSetting {
  readonly scheduler: Scheduler;
  readonly faultAt: number;
  readonly healAt: number;
  readonly options: ScenarioOptions;
}

/** A scenario: its fault, and how a trial is watched and judged. */
export interface Scenario {
  readonly name: string;
  /** One line: the fault. */
  readonly description: string;
  /** What makes a trial disrupted. */
  readonly disruption: string;
  /** What a trial's downtime measures. */
  readonly downtime: string;
  /** The fault, given the cluster size, its first `members` servers (the configuration), when it begins and ends. */
  network(servers: number, members: number, faultAt: number, healAt: number): Network;
  /** Runs a trial to its end and judges it. */
  watch(setting: TrialSetting): Omit<ScenarioTrial, 'faultAt'>;
}

/** How many servers the configuration has: membership's initial members, or every server. */
export function membersOf(options: ExperimentOptions): number {
  return initialMembersOf(options) ?? options.servers;
}

/** Trial number `trial` of `scenario`, starting from `start` (the stable-leader state). */
export function runScenarioTrial(
  scenario: Scenario,
  options: ScenarioOptions,
  trial: number,
  start: ClusterState,
): ScenarioTrial {
  const random = new Random(trialSeed(options.seed, trial));
  const faultAt = random.uniform(0, options.heartbeat);
  const healAt = faultAt + options.partition;
  const network = scenario.network(options.servers, membersOf(options), faultAt, healAt);
  const scheduler = new Scheduler(start, { ...schedulerOptions(options), network }, random);
  scheduler.start(-options.heartbeat);
  return { faultAt, ...scenario.watch({ scheduler, faultAt, healAt, options }) };
}

/** Every trial of `scenario`, in order, one at a time (so that a command can stop between two). */
export function* scenarioTrials(scenario: Scenario, options: ScenarioOptions): Generator<ScenarioTrial> {
  const start = stableLeaderState(options.servers, initialMembersOf(options));
  for (let k = 0; k < options.trials; k++) yield runScenarioTrial(scenario, options, k, start);
}

/** Every trial of `scenario`, in order. */
export function runScenario(scenario: Scenario, options: ScenarioOptions): ScenarioTrial[] {
  return [...scenarioTrials(scenario, options)];
}

/** The figures a scenario run reports. */
export interface ScenarioSummary {
  readonly trials: number;
  readonly disruptions: number;
  /** Over every trial, those without downtime counting 0. */
  readonly downtimeMs: Summary;
  readonly unfinished: number;
}

export function summarizeScenario(trials: readonly ScenarioTrial[]): ScenarioSummary {
  return {
    trials: trials.length,
    disruptions: trials.filter((t) => t.disrupted).length,
    downtimeMs: summarize(trials.map((t) => t.downtime)),
    unfinished: trials.filter((t) => !t.finished).length,
  };
}
