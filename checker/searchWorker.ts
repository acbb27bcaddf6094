/**
 * The body of a search thread (started by search.ts). In `single` mode it runs the one-worker search (bfs.ts) on
 * the model its recipe builds and posts the outcome; in `parallel` mode it is one ParallelWorker and answers the
 * coordinator's expand and merge requests. Only plain data crosses back: paths, counts, word buffers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { check } from './bfs.js';
import { heapNearlyFull } from './memoryWatch.js';
import { collectGarbage } from './parallel/collectGarbage.js';
import { STOP, STOP_MEMORY, viewCells, type SharedCellBuffers } from './parallel/cells.js';
import {
  ParallelWorker,
  type ExpandRequest,
  type FrontierSpill,
  type ExpandResult,
  type MergeRequest,
  type MergeResult,
  type WorkerCounters,
} from './parallel/worker.js';
import type { WordRuns } from './parallel/words.js';
import type { Progress } from './reporter.js';
import { buildModel, type ModelRecipe } from './recipe.js';
import type { CheckStats } from './stats.js';

export interface SearchWorkerInput {
  readonly mode: 'single' | 'parallel';
  readonly recipe: ModelRecipe;
  readonly invariants?: readonly string[];
  readonly maxStates?: number;
  readonly cells: SharedCellBuffers;
  /** Parallel mode: this worker's index and the number of workers. */
  readonly id: number;
  readonly workers: number;
  readonly progressIntervalMs: number;
  /** Parallel mode: where the frontier goes past its memory budget (worker.ts FrontierSpill). */
  readonly spill?: FrontierSpill;
}

/** The one-worker outcome, as plain data. */
export type SingleOutcome =
  | { readonly kind: 'ok'; readonly stats: CheckStats }
  | {
      readonly kind: 'violation';
      readonly invariant: string;
      readonly path: readonly number[];
      readonly stats: CheckStats;
    }
  | { readonly kind: 'incomplete'; readonly reason: string; readonly stats: CheckStats };

export type SearchWorkerMessage =
  | { readonly type: 'progress'; readonly progress: Progress }
  | { readonly type: 'done'; readonly outcome: SingleOutcome }
  | { readonly type: 'expanded'; readonly result: ExpandResult }
  | { readonly type: 'merged'; readonly result: MergeResult }
  | { readonly type: 'stepped'; readonly merged: MergeResult; readonly expanded: ExpandResult }
  | { readonly type: 'saved' }
  | { readonly type: 'restored'; readonly shard: SharedArrayBuffer[] }
  | { readonly type: 'share'; readonly frontier: WordRuns; readonly counters: WorkerCounters }
  | { readonly type: 'absorbed' }
  | { readonly type: 'failed'; readonly message: string; readonly memory: boolean };

export type SearchWorkerRequest =
  | { readonly type: 'expand'; readonly request: ExpandRequest }
  | { readonly type: 'merge'; readonly request: MergeRequest }
  | { readonly type: 'mergeThenExpand'; readonly merge: MergeRequest; readonly expand: ExpandRequest }
  | { readonly type: 'save'; readonly dir: string }
  | { readonly type: 'restore'; readonly dir: string }
  /** A cluster's worker (cluster/slot.ts): the level's share to log, and a rebuild from that log. */
  | { readonly type: 'share' }
  | { readonly type: 'absorb'; readonly level: WordRuns }
  | { readonly type: 'counters'; readonly counters: WorkerCounters };

/** The reason bfs.ts is given when the shared stop cell is set. */
export const STOPPED = 'stopped';

function post(message: SearchWorkerMessage, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

async function run(input: SearchWorkerInput): Promise<void> {
  const model = await buildModel(input.recipe);
  const cells = viewCells(input.cells);
  if (input.mode === 'single') {
    let ticks = 0;
    const result = check(model, {
      ...(input.invariants === undefined ? {} : { invariants: input.invariants }),
      ...(input.maxStates === undefined ? {} : { maxStates: input.maxStates }),
      progressIntervalMs: input.progressIntervalMs,
      reporter: {
        progress: (progress) => {
          post({ type: 'progress', progress });
        },
      },
      shouldStop: () => {
        if (Atomics.load(cells.control, STOP) !== 0) return STOPPED;
        if ((++ticks & 63) === 0 && heapNearlyFull()) {
          Atomics.store(cells.control, STOP, STOP_MEMORY);
          return STOPPED;
        }
        return undefined;
      },
    });
    const outcome: SingleOutcome =
      result.kind === 'violation'
        ? { kind: 'violation', invariant: result.invariant, path: result.path, stats: result.stats }
        : result;
    post({ type: 'done', outcome });
    return;
  }
  const worker = new ParallelWorker(
    model,
    input.id,
    input.workers,
    cells,
    input.invariants,
    heapNearlyFull,
    collectGarbage,
    input.spill,
  );
  parentPort?.on('message', (message: SearchWorkerRequest) => {
    try {
      if (message.type === 'expand') {
        const result = worker.expand(message.request);
        post({ type: 'expanded', result }, outboxBuffers(result));
      } else if (message.type === 'merge') {
        const result = worker.merge(message.request);
        post({ type: 'merged', result }, [keysBuffer(result)]);
      } else if (message.type === 'mergeThenExpand') {
        const merged = worker.merge(message.merge);
        const expanded = worker.expand(message.expand);
        post({ type: 'stepped', merged, expanded }, [keysBuffer(merged), ...outboxBuffers(expanded)]);
      } else if (message.type === 'save') {
        worker.save(message.dir);
        post({ type: 'saved' });
      } else if (message.type === 'restore') {
        post({ type: 'restored', shard: worker.restore(message.dir) });
      } else if (message.type === 'share') {
        const frontier = worker.frontierCopy();
        post({ type: 'share', frontier, counters: worker.counters() }, frontier.buffers);
      } else if (message.type === 'absorb') {
        worker.absorb(message.level);
        post({ type: 'absorbed' });
      } else {
        worker.setCounters(message.counters);
        post({ type: 'absorbed' });
      }
    } catch (e) {
      fail(e);
    }
  });
}

/** What an expansion's result hands over by transfer: its candidates and its slice's marks. */
function outboxBuffers(result: ExpandResult): ArrayBuffer[] {
  // The marks are a buffer of their own (sliceCounts.ts): a few MiB a slice that need not be copied.
  return [...result.outboxes.flatMap((o) => o.buffers), result.slice.marks.buffer as ArrayBuffer];
}

/** What a merge's result hands over by transfer: its keys. */
function keysBuffer(result: MergeResult): ArrayBuffer {
  return result.keys.buffer as ArrayBuffer;
}

function fail(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  // A typed array that cannot be allocated is a RangeError; it is memory, not a bug.
  const memory = e instanceof RangeError && /alloc|memory|Invalid typed array length/i.test(message);
  post({ type: 'failed', message: e instanceof Error && !memory ? (e.stack ?? message) : message, memory });
}

if (parentPort !== null) run(workerData as SearchWorkerInput).catch(fail);
