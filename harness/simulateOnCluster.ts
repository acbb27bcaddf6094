/**
 * `simulate --cluster URL`: the walks split into K shares (walks first, first + K, ...), each share a job
 * (checker/cluster/jobs.ts) that some worker slot of the cluster runs, in place of a thread (simulateInWorkers.ts).
 * The result does not depend on K nor on which slot ran what: the lowest violating walk index wins and is replayed
 * here. Unlike threads, the shares do not tell each other the lowest violation found so far, so with --walks each
 * runs its whole share (or up to its own violation).
 */
import { runClusterJobs, type JobsOptions } from '../checker/cluster/jobs.js';
import type { JobOutcome } from '../checker/cluster/jobThread.js';
import type { SimulateOptions, SimulateStats } from '../checker/simulate.js';
import type { RaftConfig } from '../spec/raft/config.js';
import { loadInvariants, simulateRaft, type RaftSimulation, type SimulationEngine } from './simulateRaft.js';
import { joinShares, shareOptions, type ExtraInvariants } from './simulateInWorkers.js';
import type { WorkerInput, WorkerOutput } from './workerProtocol.js';

/** A share as a job's arguments: a thread's input without the shared cell and progress. */
export type ShareArgs = Omit<WorkerInput, 'lowest' | 'progress'>;

/** A share's outcome: its violating walk (-1: none) and stats; its fingerprints travel as bytes. */
interface ShareValue {
  readonly walk: number;
  readonly stats: Omit<SimulateStats, 'fingerprints'>;
}

/** One share, run by a worker slot's job thread (checker/cluster/jobThread.ts). */
export async function simulateShare(args: ShareArgs): Promise<JobOutcome> {
  const extra = args.extraInvariants === undefined ? [] : await loadInvariants(args.extraInvariants);
  const result = simulateRaft(
    args.engine,
    args.config,
    args.bugs,
    { ...args.options, firstWalk: args.first, walkStride: args.stride, collectFingerprints: true },
    extra,
  );
  const { fingerprints, ...stats } = result.stats;
  const value: ShareValue = { walk: result.kind === 'violation' ? result.walk : -1, stats };
  return fingerprints === undefined
    ? { value }
    : { value, bytes: new Uint8Array(fingerprints.buffer, fingerprints.byteOffset, fingerprints.byteLength) };
}

export async function simulateOnCluster(
  cluster: JobsOptions,
  shares: number,
  engine: SimulationEngine,
  config: RaftConfig,
  bugs: readonly string[],
  options: SimulateOptions,
  extra?: ExtraInvariants,
): Promise<RaftSimulation> {
  const started = performance.now();
  const shared = shareOptions(options);
  const jobs = Array.from({ length: shares }, (_, first) => {
    const args: ShareArgs = {
      config,
      bugs,
      engine,
      options: shared,
      ...(extra === undefined ? {} : { extraInvariants: extra.recipe }),
      first,
      stride: shares,
    };
    return { module: new URL('./simulateOnCluster.js', import.meta.url).href, exportName: 'simulateShare', args };
  });
  const outcomes = await runClusterJobs(jobs, cluster).done;
  const parts: WorkerOutput[] = outcomes.map((o) => {
    const value = o.value as ShareValue;
    const bytes = o.bytes ?? new Uint8Array(0);
    const fingerprints = new Int32Array(bytes.slice().buffer);
    return { walk: value.walk, stats: { ...value.stats, fingerprints } };
  });
  return joinShares(parts, started, engine, config, bugs, options, extra);
}
