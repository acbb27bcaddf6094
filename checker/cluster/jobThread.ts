/**
 * The body of a job thread of a worker slot (slot.ts): a cluster job is a recipe (recipe.ts) whose function, called
 * with its arguments, answers a `JobOutcome`; the thread builds it, awaits it, and posts it back, its bytes by
 * transfer. `simulate --cluster` runs its shares of walks this way (harness/simulateShare.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelRecipe } from '../recipe.js';

/** What a job's function answers: plain data, and bytes that travel apart (in the run's stream). */
export interface JobOutcome {
  readonly value: unknown;
  readonly bytes?: Uint8Array;
}

export type JobMessage =
  { readonly type: 'done'; readonly outcome: JobOutcome } | { readonly type: 'failed'; readonly message: string };

async function run(recipe: ModelRecipe): Promise<void> {
  const module = (await import(recipe.module)) as Record<string, unknown>;
  const job = module[recipe.exportName];
  if (typeof job !== 'function') throw new Error(`${recipe.module} exports no function '${recipe.exportName}'`);
  const outcome = await (job as (args: unknown) => Promise<JobOutcome>)(recipe.args);
  const message: JobMessage = { type: 'done', outcome };
  parentPort?.postMessage(message, outcome.bytes === undefined ? [] : [outcome.bytes.buffer as ArrayBuffer]);
}

if (parentPort !== null) {
  run(workerData as ModelRecipe).catch((e: unknown) => {
    const message: JobMessage = { type: 'failed', message: e instanceof Error ? e.message : String(e) };
    parentPort?.postMessage(message);
  });
}
