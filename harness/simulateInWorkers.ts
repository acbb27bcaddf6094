/**
 * A simulation split among worker threads, each taking every K-th walk. The result does not depend on K: only the
 * lowest violating walk index crosses threads, and that walk is replayed here (it depends on nothing else).
 */
import { Worker } from 'node:worker_threads';
import { mergeStats, type SimulateOptions, type SimulateProgress } from '../checker/simulate.js';
import type { RaftConfig } from '../spec/raft/config.js';
import type { RaftInvariant } from '../spec/raft/invariants.js';
import { InvariantThrew } from '../spec/raft/stateView.js';
import { replayWalk, type InvariantsRecipe, type RaftSimulation, type SimulationEngine } from './simulateRaft.js';
import { NO_VIOLATION, type WorkerInput, type WorkerMessage, type WorkerOutput } from './workerProtocol.js';

/**
 * Workers run compiled JavaScript: from dist/ the worker sits beside this file; run from the TypeScript sources
 * (tests), it is taken from dist/, so build first.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('../dist/harness/simulateWorker.js', here)
    : new URL('./simulateWorker.js', here);
}

/** Live workers, so that an interrupted run can stop them. */
const running = new Set<Worker>();

/** Set once an interrupt stops the workers: their exits are then ours, not failures. */
let stopping = false;

/** Stops every worker of runs under way (for an interrupt). */
export function stopWorkers(): Promise<void> {
  stopping = true;
  return Promise.all([...running].map((w) => w.terminate())).then(() => undefined);
}

/**
 * The progress of a run on several workers: walks and steps summed, and the next walk index below which every
 * walk has run without a violation (the lowest of the workers').
 */
export function combineProgress(parts: readonly SimulateProgress[], seconds: number): SimulateProgress {
  return {
    walks: parts.reduce((n, p) => n + p.walks, 0),
    steps: parts.reduce((n, p) => n + p.steps, 0),
    nextWalk: Math.min(...parts.map((p) => p.nextWalk)),
    seconds,
  };
}

/** A user's invariants: loaded in this thread (to replay the violating walk), and how workers load them. */
export interface ExtraInvariants {
  readonly loaded: readonly RaftInvariant[];
  readonly recipe: InvariantsRecipe;
}

/**
 * Runs the simulation on `workers` threads, each taking every workers-th walk; the result does not depend on it.
 * `onProgress`, when given, receives the combined progress whenever a worker reports (about every second).
 * `extra` invariants are checked after the built-in ones; one that throws ends the run with its InvariantThrew.
 */
export async function simulateInWorkers(
  workers: number,
  engine: SimulationEngine,
  config: RaftConfig,
  bugs: readonly string[],
  options: SimulateOptions,
  onProgress?: (progress: SimulateProgress) => void,
  extra?: ExtraInvariants,
): Promise<RaftSimulation> {
  const started = performance.now();
  const lowest = new SharedArrayBuffer(4);
  new Int32Array(lowest)[0] = NO_VIOLATION;
  const shared = shareOptions(options);
  const parts: SimulateProgress[] = Array.from({ length: workers }, (_, first) => ({
    walks: 0,
    steps: 0,
    nextWalk: first,
    seconds: 0,
  }));
  const outputs = await Promise.all(
    Array.from(
      { length: workers },
      (_, first) =>
        new Promise<WorkerOutput>((resolve, reject) => {
          const input: WorkerInput = {
            config,
            bugs,
            engine,
            options: shared,
            ...(extra === undefined ? {} : { extraInvariants: extra.recipe }),
            progress: onProgress !== undefined,
            first,
            stride: workers,
            lowest,
          };
          const worker = new Worker(workerUrl(), { workerData: input });
          running.add(worker);
          worker.on('message', (message: WorkerMessage) => {
            if (message.type === 'output') {
              resolve(message.output);
              return;
            }
            if (message.type === 'threw') {
              reject(new InvariantThrew(message.invariant, message.reason, message.state));
              void stopWorkers();
              return;
            }
            parts[first] = message.progress;
            onProgress?.(combineProgress(parts, (performance.now() - started) / 1000));
          });
          worker.once('error', reject);
          worker.once('exit', (code) => {
            running.delete(worker);
            // A worker terminated by stopWorkers exits with code 1: the interrupt reports, this run never ends.
            if (code !== 0 && !stopping) reject(new Error(`simulate: worker ${first} exited with code ${code}`));
          });
        }),
    ),
  );
  return joinShares(outputs, started, engine, config, bugs, options, extra);
}

/** What every share of a run is given of its options (the rest says which walks are the share's). */
export function shareOptions(options: SimulateOptions): WorkerInput['options'] {
  const { seed, walks, seconds, maxDepth, uniform, invariants } = options;
  return {
    seed,
    ...(walks === undefined ? {} : { walks }),
    ...(seconds === undefined ? {} : { seconds }),
    ...(maxDepth === undefined ? {} : { maxDepth }),
    ...(uniform === undefined ? {} : { uniform }),
    ...(invariants === undefined ? {} : { invariants }),
  };
}

/** The run's result from its shares' outputs: stats merged, the lowest violating walk replayed here. */
export function joinShares(
  outputs: readonly WorkerOutput[],
  started: number,
  engine: SimulationEngine,
  config: RaftConfig,
  bugs: readonly string[],
  options: SimulateOptions,
  extra?: ExtraInvariants,
): RaftSimulation {
  const stats = mergeStats(
    outputs.map((o) => o.stats),
    (performance.now() - started) / 1000,
  );
  const found = outputs.map((o) => o.walk).filter((w) => w >= 0);
  if (found.length === 0) return { kind: 'ok', stats };
  const walk = Math.min(...found);
  const replayed = replayWalk(engine, config, bugs, options, walk, extra?.loaded);
  if (replayed.invariant === undefined) throw new Error(`simulate: walk ${walk} did not violate on replay`);
  return { kind: 'violation', invariant: replayed.invariant, walk, path: replayed.path, stats };
}
