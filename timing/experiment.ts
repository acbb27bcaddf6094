/**
 * The leader-crash experiment of the Raft paper's §9.3 (its Figure 16): how long a cluster is without a leader
 * after its stable leader crashes.
 *
 * One trial: the cluster starts in `stableLeaderState` at time 0, when the leader broadcasts a heartbeat (the
 * paper's "synchronized broadcast of heartbeat RPCs" before the crash). The followers' timers were last reset one
 * heartbeat interval earlier, by the previous heartbeat; the new one resets them again when it arrives. The leader
 * crashes at a moment drawn uniformly from [0, heartbeat). The trial ends at the first BecomeLeader after the
 * crash; its downtime is the time from the crash to that moment. (The paper's benchmark stopped its clock when
 * the other servers received the new leader's first heartbeat, one more one-way latency.)
 *
 * An election round is a term that some server entered by timing out after the crash (with a variant whose
 * module says so, by its `elect` action instead: prevote's StartElection, on winning its pre-vote); a split vote is a round in
 * which nobody became leader (so the winner's round is the only round that is not one). A split vote is contested
 * when two or more servers stood in it; in the others a lone candidate lost, because its log was too short for
 * the up-to-date servers' votes (or, with --loss, because requests or answers were lost). A trial that has not
 * elected a leader `limit` ms after the crash is given up: it counts as unfinished with downtime `limit`.
 */
import { server, type ClusterState } from '../spec/raft/state.js';
import type { ServerId } from '../spec/raft/types.js';
import type { LinkOptions } from './link.js';
import { Random, trialSeed } from './random.js';
import type { MsRange } from './range.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';
import { LEADER, stableLeaderState } from './stableLeader.js';
import { firstServers, hasConfiguration } from './timedSpec.js';
import { summarize, type Summary } from './stats.js';
import { variantFlags } from '../spec/raft/variants.js';

export interface ExperimentOptions {
  readonly servers: number;
  readonly timeout: MsRange;
  readonly heartbeat: number;
  readonly link: LinkOptions;
  readonly trials: number;
  readonly seed: number;
  /** Simulated milliseconds after the crash at which a trial without a leader is given up. */
  readonly limit: number;
  /** The protocol variants that are on (docs/variants.md); none by default. */
  readonly variants?: readonly string[];
  /**
   * With a variant that gives servers a configuration (membership): the first one is s1..sK (K at least 3);
   * absent without one.
   */
  readonly initialMembers?: number;
}

export interface TrialResult {
  /** When the leader crashed, in [0, heartbeat); its last heartbeat went out at 0. */
  readonly crashAt: number;
  /** The new leader, or undefined when unfinished. */
  readonly winner: ServerId | undefined;
  /** Milliseconds from the crash to the new leader (the limit when unfinished). */
  readonly downtime: number;
  /** Election rounds after the crash in which nobody won. */
  readonly splitVotes: number;
  /** Those of them in which two or more servers stood. */
  readonly contestedSplitVotes: number;
  /** Election rounds after the crash, the winning one included. */
  readonly rounds: number;
  readonly finished: boolean;
  /** True when a follower timed out before the crash, so the leader was not stable (only with odd settings). */
  readonly disrupted: boolean;
}

export interface ExperimentResult {
  readonly trials: readonly TrialResult[];
}

/**
 * The first configuration's size with a variant on that gives servers a configuration (membership), else
 * undefined (a --plot run's subsets without it carry the flag's K but time every server).
 */
export function initialMembersOf(options: ExperimentOptions): number | undefined {
  return hasConfiguration(options.variants) ? options.initialMembers : undefined;
}

/** The scheduler's options for an experiment (or scenario) without its network: variants and configuration. */
export function schedulerOptions(options: ExperimentOptions): SchedulerOptions {
  const initialMembers = initialMembersOf(options);
  return {
    timeout: options.timeout,
    heartbeat: options.heartbeat,
    link: options.link,
    variants: variantFlags(options.variants),
    ...(initialMembers === undefined ? {} : { initialMembers: firstServers(initialMembers) }),
  };
}

/** Trial number `trial` of the experiment, starting from `start` (the stable-leader state). */
export function runTrial(options: ExperimentOptions, trial: number, start: ClusterState): TrialResult {
  const random = new Random(trialSeed(options.seed, trial));
  const crashAt = random.uniform(0, options.heartbeat);
  const scheduler = new Scheduler(start, schedulerOptions(options), random);
  scheduler.start(-options.heartbeat);
  scheduler.crash(LEADER, crashAt);
  const rounds = new Map<number, Set<ServerId>>(); // term -> the servers that stood in it
  let disrupted = false;
  const startsRound = scheduler.electionStart;
  const giveUp = crashAt + options.limit;
  const result = (downtime: number, winner: ServerId | undefined, term: number | undefined): TrialResult => {
    const lost = [...rounds].filter(([t]) => t !== term);
    return {
      crashAt,
      winner,
      downtime,
      splitVotes: lost.length,
      contestedSplitVotes: lost.filter(([, candidates]) => candidates.size > 1).length,
      rounds: rounds.size,
      finished: winner !== undefined,
      disrupted,
    };
  };
  for (let happened = scheduler.step(); happened !== undefined; happened = scheduler.step()) {
    if (scheduler.now > giveUp) break;
    for (const h of happened) {
      if (h.action.kind === 'Timeout' || h.action.kind === startsRound) {
        // A Timeout starts a round, or with an `elect` action (prevote's) a pre-vote round, and that action the round.
        if (h.time < crashAt) disrupted = true;
        else if (h.action.kind === startsRound) {
          const i = (h.action as { readonly i: ServerId }).i; // Timeout's or the `elect` action's server
          const term = server(h.state, i).currentTerm;
          rounds.set(term, (rounds.get(term) ?? new Set()).add(i));
        }
      } else if (h.action.kind === 'BecomeLeader' && h.time >= crashAt) {
        return result(h.time - crashAt, h.action.i, server(h.state, h.action.i).currentTerm);
      }
    }
  }
  return result(options.limit, undefined, undefined);
}

/** Every trial of the experiment, in order. */
export function runExperiment(options: ExperimentOptions): ExperimentResult {
  return { trials: [...experimentTrials(options)] };
}

/** The trials of an experiment one at a time, so that a caller can stop between two (an interrupt). */
export function* experimentTrials(options: ExperimentOptions): Generator<TrialResult> {
  const start = stableLeaderState(options.servers, initialMembersOf(options));
  for (let k = 0; k < options.trials; k++) yield runTrial(options, k, start);
}

/** The figures a run reports. */
export interface ExperimentSummary {
  readonly trials: number;
  readonly downtimeMs: Summary;
  readonly splitVotes: number;
  readonly contestedSplitVotes: number;
  readonly electionRounds: number;
  readonly unfinished: number;
  readonly disrupted: number;
}

/** Downtime statistics and split-vote counts over every trial. */
export function summarizeExperiment(result: ExperimentResult): ExperimentSummary {
  const t = result.trials;
  const total = (f: (r: TrialResult) => number): number => t.reduce((sum, r) => sum + f(r), 0);
  return {
    trials: t.length,
    downtimeMs: summarize(t.map((r) => r.downtime)),
    splitVotes: total((r) => r.splitVotes),
    contestedSplitVotes: total((r) => r.contestedSplitVotes),
    electionRounds: total((r) => r.rounds),
    unfinished: total((r) => (r.finished ? 0 : 1)),
    disrupted: total((r) => (r.disrupted ? 1 : 0)),
  };
}
