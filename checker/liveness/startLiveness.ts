/**
 * A liveness run in a worker thread, as the CLI runs it: the process that prints the report stays responsive to
 * signals and outlives a thread that runs out of heap. The behaviour graph is built by that one thread (its
 * fair-cycle search needs the whole graph at once), so there is no `--workers` for it.
 */
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ModelRecipe } from '../recipe.js';
import type { Progress } from '../reporter.js';
import type { LivenessStats } from './checkLiveness.js';
import type { EdgeStoreOptions } from './edgeStore.js';
import type { LivenessWorkerInput, LivenessWorkerMessage, VerdictData } from './livenessWorker.js';

export interface LivenessRunOptions {
  readonly maxStates?: number;
  /** Heap limit of the thread in MiB (its graph's buffers count against it); default this process's. */
  readonly heapMib?: number;
  readonly onProgress?: (p: Progress) => void;
  readonly progressIntervalMs?: number;
  /** Milliseconds a stop may take before the thread is terminated (default 1500). */
  readonly graceMs?: number;
  /** Where the behaviour graph's edges go: memory up to a threshold, then files (edgeStore.ts). */
  readonly edges?: EdgeStoreOptions;
}

export type LivenessOutcome =
  | { readonly kind: 'done'; readonly verdicts: readonly VerdictData[]; readonly stats: LivenessStats }
  | {
      readonly kind: 'incomplete';
      readonly cause: 'max-states' | 'interrupted' | 'memory';
      readonly reason: string;
      readonly distinctStates: number;
      readonly generatedStates: number;
      readonly seconds: number;
    };

export interface LivenessRun {
  readonly done: Promise<LivenessOutcome>;
  /** Asks the run to stop; `reason` becomes the incomplete result's reason. */
  stop(reason: string): void;
}

const WORKER_URL = new URL('./livenessWorker.js', import.meta.url);

/** Starts checking the liveness problem (problem.ts) that `recipe` builds. */
export function startLiveness(recipe: ModelRecipe, options: LivenessRunOptions = {}): LivenessRun {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const stopCell = new SharedArrayBuffer(4);
  const heapMib = options.heapMib ?? Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20);
  const interval = options.progressIntervalMs ?? 3000;
  let last: Progress | undefined;
  let reason = 'interrupted';
  let settle: (o: LivenessOutcome) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  let settled = false;
  const input: LivenessWorkerInput = {
    recipe,
    ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
    stop: stopCell,
    progressIntervalMs: interval,
    ...(options.edges === undefined ? {} : { edges: options.edges }),
  };
  const thread = new Worker(WORKER_URL, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: heapMib } });
  const done = new Promise<LivenessOutcome>((resolve, reject) => {
    settle = (o) => {
      if (settled) return;
      settled = true;
      void thread.terminate();
      resolve(o);
    };
    fail = (e) => {
      if (settled) return;
      settled = true;
      void thread.terminate();
      reject(e);
    };
  });
  const abandoned = (cause: 'interrupted' | 'memory', why: string): void => {
    settle({
      kind: 'incomplete',
      cause,
      reason: why,
      distinctStates: last?.distinctStates ?? 0,
      generatedStates: last?.generatedStates ?? 0,
      seconds: seconds(),
    });
  };
  thread.on('message', (m: LivenessWorkerMessage) => {
    switch (m.type) {
      case 'progress':
        last = m.progress;
        options.onProgress?.(m.progress);
        return;
      case 'done':
        settle({ kind: 'done', verdicts: m.verdicts, stats: m.stats });
        return;
      case 'incomplete':
        settle({
          ...m,
          kind: 'incomplete',
          reason: m.cause === 'interrupted' ? reason : m.cause === 'memory' ? 'the run ran out of memory' : m.reason,
          seconds: seconds(),
        });
        return;
      case 'failed':
        fail(new Error(m.message));
        return;
    }
  });
  thread.on('error', (e: Error & { code?: string }) => {
    if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') abandoned('memory', 'the run ran out of memory');
    else fail(e);
  });
  thread.on('exit', (code) => {
    if (!settled && code !== 0) fail(new Error(`liveness thread exited with code ${code}`));
  });
  return {
    done,
    stop: (why) => {
      reason = why;
      Atomics.store(new Int32Array(stopCell), 0, 1);
      setTimeout(() => {
        abandoned('interrupted', why);
      }, options.graceMs ?? 1500).unref();
    },
  };
}
