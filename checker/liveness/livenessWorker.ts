/**
 * The body of a liveness thread (started by startLiveness.ts): builds the problem its recipe names, checks it
 * and posts the verdicts with their lassos as positions (plain data; the caller replays them). It stops when the
 * shared stop cell is set, or with a memory report when its heap plus its graph's buffers near the limit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { heapNearlyFull } from '../memoryWatch.js';
import { buildModel, type ModelRecipe } from '../recipe.js';
import type { Progress } from '../reporter.js';
import { checkLiveness, type LivenessStats } from './checkLiveness.js';
import type { EdgeStoreOptions } from './edgeStore.js';
import type { LassoPath } from './lasso.js';
import type { LivenessProblem } from './problem.js';

export interface LivenessWorkerInput {
  readonly recipe: ModelRecipe;
  readonly maxStates?: number;
  /** Int32 cell: 0 run, 1 stop requested. */
  readonly stop: SharedArrayBuffer;
  readonly progressIntervalMs: number;
  readonly edges?: EdgeStoreOptions;
}

/** A verdict as plain data. */
export type VerdictData =
  | { readonly property: string; readonly kind: 'holds' }
  | { readonly property: string; readonly kind: 'violated'; readonly lasso: LassoPath }
  | { readonly property: string; readonly kind: 'brokenStep'; readonly path: readonly number[] };

export type LivenessWorkerMessage =
  | { readonly type: 'progress'; readonly progress: Progress }
  | { readonly type: 'done'; readonly verdicts: readonly VerdictData[]; readonly stats: LivenessStats }
  | {
      readonly type: 'incomplete';
      readonly cause: 'max-states' | 'interrupted' | 'memory';
      readonly reason: string;
      readonly distinctStates: number;
      readonly generatedStates: number;
    }
  | { readonly type: 'failed'; readonly message: string };

const input = workerData as LivenessWorkerInput;
const port = parentPort!;
const stop = new Int32Array(input.stop);

async function run(): Promise<void> {
  const problem = (await buildModel(input.recipe)) as unknown as LivenessProblem<unknown, unknown>;
  let cause: 'interrupted' | 'memory' | undefined;
  const result = checkLiveness(
    problem.model,
    problem.properties,
    problem.fairness,
    {
      ...(input.maxStates === undefined ? {} : { maxStates: input.maxStates }),
      progressIntervalMs: input.progressIntervalMs,
      ...(input.edges === undefined ? {} : { edges: input.edges }),
      onProgress: (progress) => {
        port.postMessage({ type: 'progress', progress } satisfies LivenessWorkerMessage);
      },
      shouldStop: () => {
        if (Atomics.load(stop, 0) !== 0) cause = 'interrupted';
        else if (heapNearlyFull()) cause = 'memory';
        return cause;
      },
    },
    problem.steps ?? [],
  );
  if (result.kind === 'incomplete') {
    const message: LivenessWorkerMessage = {
      type: 'incomplete',
      cause: cause ?? 'max-states',
      reason: result.reason,
      distinctStates: result.distinctStates,
      generatedStates: result.generatedStates,
    };
    port.postMessage(message);
    return;
  }
  const verdicts = result.verdicts.map((v): VerdictData =>
    v.kind === 'holds'
      ? v
      : v.kind === 'violated'
        ? { property: v.property, kind: 'violated', lasso: v.lasso }
        : { property: v.property, kind: 'brokenStep', path: v.path },
  );
  port.postMessage({ type: 'done', verdicts, stats: result.stats } satisfies LivenessWorkerMessage);
}

run().catch((e: unknown) => {
  port.postMessage({
    type: 'failed',
    message: e instanceof Error ? e.message : String(e),
  } satisfies LivenessWorkerMessage);
});
