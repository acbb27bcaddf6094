/**
 * The body of one simulation worker thread (see simulateInWorkers.ts): it builds the model from the configuration
 * it is sent, runs its share of the walks (indexes first, first + K, ...) and posts its result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RaftInvariant } from '../spec/raft/invariants.js';
import { InvariantThrew } from '../spec/raft/stateView.js';
import { loadInvariants, simulateRaft, type RaftSimulation } from './simulateRaft.js';
import { NO_VIOLATION, type WorkerInput, type WorkerMessage, type WorkerOutput } from './workerProtocol.js';

/** Lowers the shared cell to `walk` unless it already holds a lower index. */
function recordViolation(cell: Int32Array, walk: number): void {
  for (;;) {
    const seen = Atomics.load(cell, 0);
    if (seen <= walk || Atomics.compareExchange(cell, 0, seen, walk) === seen) return;
  }
}

async function run(input: WorkerInput): Promise<void> {
  const cell = new Int32Array(input.lowest);
  const extra = input.extraInvariants === undefined ? [] : await loadInvariants(input.extraInvariants);
  let result: RaftSimulation;
  try {
    result = simulate(input, cell, extra);
  } catch (e) {
    if (!(e instanceof InvariantThrew)) throw e;
    const reason = e.reason instanceof Error ? e.reason.message : String(e.reason);
    const message: WorkerMessage = { type: 'threw', invariant: e.invariant, reason, state: e.state };
    parentPort?.postMessage(message);
    return;
  }
  if (result.kind === 'violation') recordViolation(cell, result.walk);
  // Only plain data crosses threads: the violating walk is replayed by the main thread from its index.
  const output: WorkerOutput = { walk: result.kind === 'violation' ? result.walk : -1, stats: result.stats };
  const message: WorkerMessage = { type: 'output', output };
  const fingerprints = result.stats.fingerprints;
  parentPort?.postMessage(message, fingerprints === undefined ? [] : [fingerprints.buffer as ArrayBuffer]);
}

function simulate(input: WorkerInput, cell: Int32Array, extra: readonly RaftInvariant[]): RaftSimulation {
  return simulateRaft(
    input.engine,
    input.config,
    input.bugs,
    {
      ...input.options,
      firstWalk: input.first,
      walkStride: input.stride,
      collectFingerprints: true,
      ...(input.progress
        ? {
            onProgress: (progress) => {
              const message: WorkerMessage = { type: 'progress', progress };
              parentPort?.postMessage(message);
            },
          }
        : {}),
      lowestViolation: () => {
        const walk = Atomics.load(cell, 0);
        return walk === NO_VIOLATION ? Infinity : walk;
      },
    },
    extra,
  );
}

if (parentPort !== null) await run(workerData as WorkerInput);
