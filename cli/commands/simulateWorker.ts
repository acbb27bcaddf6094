/**
 * The body of one `raft-check simulate --workers K` thread: it builds the model from the configuration it is sent,
 * runs its share of the walks (indexes first, first + K, ...) and posts its result. Workers share one Int32 cell,
 * the lowest violating walk index found so far, so that none starts a walk that could no longer be the answer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SimulateOptions, SimulateStats } from '../../checker/simulate.js';
import type { RaftConfig } from '../../spec/raft/config.js';
import { NO_VIOLATION, simulateRaft, type SimulationEngine } from './simulate.js';

/** What the main thread sends each worker. */
export interface WorkerInput {
  readonly config: RaftConfig;
  readonly bugs: readonly string[];
  readonly engine: SimulationEngine;
  readonly options: Omit<SimulateOptions, 'lowestViolation' | 'firstWalk' | 'walkStride' | 'collectFingerprints'>;
  readonly first: number;
  readonly stride: number;
  /** One Int32: the lowest violating walk index found, NO_VIOLATION when none. */
  readonly lowest: SharedArrayBuffer;
}

/** What a worker posts back: its violating walk (-1 when none) and its stats, fingerprints included. */
export interface WorkerOutput {
  readonly walk: number;
  readonly stats: SimulateStats;
}

/** Lowers the shared cell to `walk` unless it already holds a lower index. */
function recordViolation(cell: Int32Array, walk: number): void {
  for (;;) {
    const seen = Atomics.load(cell, 0);
    if (seen <= walk || Atomics.compareExchange(cell, 0, seen, walk) === seen) return;
  }
}

function run(input: WorkerInput): void {
  const cell = new Int32Array(input.lowest);
  const result = simulateRaft(input.engine, input.config, input.bugs, {
    ...input.options,
    firstWalk: input.first,
    walkStride: input.stride,
    collectFingerprints: true,
    lowestViolation: () => {
      const walk = Atomics.load(cell, 0);
      return walk === NO_VIOLATION ? Infinity : walk;
    },
  });
  if (result.kind === 'violation') recordViolation(cell, result.walk);
  // Only plain data crosses threads: the violating walk is replayed by the main thread from its index.
  const message: WorkerOutput = { walk: result.kind === 'violation' ? result.walk : -1, stats: result.stats };
  const fingerprints = result.stats.fingerprints;
  parentPort?.postMessage(message, fingerprints === undefined ? [] : [fingerprints.buffer as ArrayBuffer]);
}

if (parentPort !== null) run(workerData as WorkerInput);
