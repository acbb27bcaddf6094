/**
 * A search run in worker threads, the way the CLI runs one: the process that prints the report never runs the
 * search itself, so it stays responsive to signals and outlives a search that runs out of heap.
 *
 * - `workers: 1` runs the one-worker search (bfs.ts) in one thread; more run the parallel search
 *   (parallel/coordinator.ts) with this thread as the coordinator. Both give the same counts and counterexample.
 * - `stop()` asks the threads to stop; they do within a few dozen states. If they have not after `graceMs`, they
 *   are terminated and the report is built from the last progress they posted.
 * - A thread that reaches its heap limit ends alone (Node reports ERR_WORKER_OUT_OF_MEMORY); before that, the
 *   memory watch (memoryWatch.ts) stops the search with exact partial counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { collisionProbability } from './fingerprint.js';
import { collectGarbage } from './parallel/collectGarbage.js';
import { allocateCells, STOP, STOP_MEMORY, STOP_REQUESTED, viewCells } from './parallel/cells.js';
import { parallelCheck, type CheckpointOptions, type WorkerPort } from './parallel/coordinator.js';
import type { CheckpointMeta } from './checkpoint.js';
import type { ExpandRequest, ExpandResult, MergeRequest, MergeResult } from './parallel/worker.js';
import type { ModelRecipe } from './recipe.js';
import type { Progress } from './reporter.js';
import type { SearchWorkerInput, SearchWorkerMessage, SearchWorkerRequest } from './searchWorker.js';
import type { CheckStats } from './stats.js';

export interface SearchOptions {
  readonly workers: number;
  /**
   * Use the parallel search (parallel/coordinator.ts) even with one worker: its frontier lives in buffers and
   * its fingerprints take 16 bytes a state at most, but the model needs `decode`. Implied by `workers` above 1.
   */
  readonly parallel?: boolean;
  /** Directory for the search's files (parent links); a fresh directory inside it is made and removed. */
  readonly workDir?: string;
  readonly invariants?: readonly string[];
  readonly maxStates?: number;
  /** Names of the model's bounds, in its order (the parallel search reports discards by name). */
  readonly boundNames: readonly string[];
  /** Names of the model's witnesses, in its order (the parallel search reports them by name). */
  readonly witnessNames?: readonly string[];
  /**
   * MiB of frontier the parallel search keeps in memory, over all workers; past it the frontier goes to files in
   * the work directory (parallel/worker.ts FrontierSpill). Default a quarter of the threads' heap limits.
   */
  readonly frontierMemoryMib?: number;
  /** Heap limit of each search thread in MiB; default this process's own limit. */
  readonly heapMib?: number;
  readonly onProgress?: (p: Progress) => void;
  /** Milliseconds between progress calls (default 3000). */
  readonly progressIntervalMs?: number;
  /** Milliseconds a stop may take before the threads are terminated (default 1500). */
  readonly graceMs?: number;
  /** Write checkpoints (checkpoint.ts); the parallel search only. */
  readonly checkpoint?: CheckpointOptions;
  /** Go on from this checkpoint (`readCheckpoint`'s answer, checked by the caller against the run). */
  readonly resume?: { readonly path: string; readonly meta: CheckpointMeta };
  /** Called after each checkpoint is written. */
  readonly onCheckpoint?: (stats: CheckStats) => void;
}

/** Why an incomplete search stopped; 'machine': the file system failed it (a full disk, a folder gone). */
export type StopCause = 'max-states' | 'interrupted' | 'memory' | 'machine';

/**
 * The one line of a failure of the machine (an errno error: ENOSPC, EIO, EACCES...), however it arrived: thrown
 * here, or as a search thread's message (its stack); undefined for anything else, which is a bug.
 */
export function machineFailure(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  const text = (e instanceof Error ? e.message : String(e)).replace(/^(\w*Error: )+/, '').split('\n')[0]!;
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) return text;
  return /^E[A-Z0-9]{2,}: /.test(text) ? text : undefined;
}

export type SearchOutcome =
  | { readonly kind: 'ok'; readonly stats: CheckStats }
  | {
      readonly kind: 'violation';
      readonly invariant: string;
      readonly path: readonly number[];
      readonly stats: CheckStats;
    }
  | {
      readonly kind: 'incomplete';
      readonly cause: StopCause;
      readonly reason: string;
      readonly stats: CheckStats;
      /** True when the threads had to be terminated: the counts are those of the last progress report. */
      readonly approximate: boolean;
    };

export interface Search {
  readonly done: Promise<SearchOutcome>;
  /** Asks the search to stop; `reason` becomes the incomplete result's reason. */
  stop(reason: string): void;
}

const WORKER_URL = new URL('./searchWorker.js', import.meta.url);

/**
 * The young generation of a parallel search thread, in MiB. Its states live in buffers and its successors die
 * young, so a scavenge finds almost nothing alive and a small young generation costs no time (L9, one worker:
 * the same CPU time). V8's default, picked from the heap limit, let each worker's heap reach 26 MiB at L9 (18
 * with this limit), and L9's peak with two workers fell from 346 to 317 MiB. The one-worker engine's thread
 * (bfs.ts, whose Immutable.js states live a whole level) keeps the default.
 */
const PARALLEL_YOUNG_MIB = 8;

/** Stats from a progress line, for a report when the threads could not give their own. */
function statsFromProgress(p: Progress | undefined, seconds: number): CheckStats {
  return {
    distinctStates: p?.distinctStates ?? 0,
    generatedStates: p?.generatedStates ?? 0,
    depth: p?.depth ?? 0,
    queueLeft: p?.queue ?? 0,
    seconds,
    actions: {},
    boundDiscards: {},
    storeBytes: 0,
    collisionProbability: collisionProbability(p?.distinctStates ?? 0, p?.generatedStates ?? 0),
  };
}

/** Starts the search of the model `recipe` builds. */
export function startSearch(recipe: ModelRecipe, options: SearchOptions): Search {
  // A resumed run's clock, like the coordinator's, starts where the checkpoint's stopped.
  const started = performance.now() - (options.resume?.meta.seconds ?? 0) * 1000;
  const n = Math.max(1, options.workers);
  const buffers = allocateCells(n);
  const cells = viewCells(buffers);
  const heapMib = options.heapMib ?? Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20);
  const interval = options.progressIntervalMs ?? 3000;
  const threads: Worker[] = [];
  let stopReason = 'interrupted';
  let lastProgress: Progress | undefined;
  let settle: (o: SearchOutcome) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  let settled = false;
  const seconds = (): number => (performance.now() - started) / 1000;

  const done = new Promise<SearchOutcome>((resolve, reject) => {
    settle = (o) => {
      if (settled) return;
      settled = true;
      for (const t of threads) void t.terminate();
      resolve(o);
    };
    fail = (e) => {
      if (settled) return;
      // A full disk or a folder gone is not a bug: the search ends incomplete, with what it had counted.
      const machine = machineFailure(e);
      if (machine !== undefined) {
        abandoned('machine', `the machine failed: ${machine}`);
        return;
      }
      settled = true;
      for (const t of threads) void t.terminate();
      reject(e);
    };
  });

  const stopCause = (): StopCause => (Atomics.load(cells.control, STOP) === STOP_MEMORY ? 'memory' : 'interrupted');
  const abandoned = (cause: StopCause, reason: string): void => {
    settle({ kind: 'incomplete', cause, reason, stats: statsFromProgress(lastProgress, seconds()), approximate: true });
  };
  const memoryReason = 'the search ran out of memory';

  // The search's own files (parent links, frontier past its budget), removed when it ends.
  let dir: string | undefined;
  const searchDir = (): string => {
    if (dir === undefined) {
      const made = mkdtempSync(join(options.workDir ?? tmpdir(), 'raft-check-'));
      dir = made;
      const remove = (): void => {
        rmSync(made, { recursive: true, force: true });
      };
      done.then(remove, remove);
    }
    return dir;
  };
  const frontierBytes = Math.floor(((options.frontierMemoryMib ?? (heapMib * n) / 4) * 2 ** 20) / n);

  const spawn = (id: number, mode: SearchWorkerInput['mode']): Worker => {
    const input: SearchWorkerInput = {
      mode,
      recipe,
      ...(options.invariants === undefined ? {} : { invariants: options.invariants }),
      ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
      cells: buffers,
      id,
      workers: n,
      progressIntervalMs: Math.min(interval, 500),
      ...(mode === 'parallel' ? { spill: { dir: searchDir(), budgetBytes: frontierBytes } } : {}),
    };
    const thread = new Worker(WORKER_URL, {
      workerData: input,
      resourceLimits: {
        maxOldGenerationSizeMb: heapMib,
        ...(mode === 'parallel' ? { maxYoungGenerationSizeMb: PARALLEL_YOUNG_MIB } : {}),
      },
    });
    thread.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') abandoned('memory', memoryReason);
      else fail(e);
    });
    thread.on('exit', (code) => {
      if (!settled && code !== 0) fail(new Error(`search thread ${id} exited with code ${code}`));
    });
    threads.push(thread);
    return thread;
  };

  if (n === 1 && options.parallel !== true && options.checkpoint === undefined && options.resume === undefined) {
    let nextReport = performance.now() + interval;
    const thread = spawn(0, 'single');
    thread.on('message', (m: SearchWorkerMessage) => {
      if (m.type === 'progress') {
        lastProgress = m.progress;
        if (options.onProgress !== undefined && performance.now() >= nextReport) {
          nextReport = performance.now() + interval;
          options.onProgress(m.progress);
        }
      } else if (m.type === 'done') {
        const o = m.outcome;
        if (o.kind !== 'incomplete') settle(o);
        else if (Atomics.load(cells.control, STOP) === 0) {
          settle({ kind: 'incomplete', cause: 'max-states', reason: o.reason, stats: o.stats, approximate: false });
        } else {
          const cause = stopCause();
          settle({ ...o, cause, reason: cause === 'memory' ? memoryReason : stopReason, approximate: false });
        }
      } else if (m.type === 'failed') {
        if (m.memory) abandoned('memory', memoryReason);
        else fail(new Error(m.message));
      }
    });
  } else {
    const ports = Array.from({ length: n }, (_, id) =>
      threadPort(spawn(id, 'parallel'), (m) => {
        if (m.memory) abandoned('memory', memoryReason);
        else fail(new Error(m.message));
      }),
    );
    let levelStats: CheckStats | undefined;
    let collectedAt = 0;
    // Until the first level ends, a resumed run stands where its checkpoint stopped.
    const meta = options.resume?.meta;
    const before = { distinctStates: meta?.links ?? 0, queueLeft: meta?.levelSize ?? 0, depth: meta?.depth ?? 0 };
    const timer = setInterval(() => {
      const generated = cells.generated.reduce((a, b) => a + b, 0);
      const at = levelStats ?? before;
      lastProgress = {
        generatedStates: generated,
        distinctStates: at.distinctStates,
        queue: at.queueLeft,
        depth: at.depth + 1,
        seconds: seconds(),
      };
      options.onProgress?.(lastProgress);
    }, interval);
    timer.unref();
    parallelCheck(ports, {
      linksFile: join(searchDir(), 'parents.bin'),
      ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
      boundNames: options.boundNames,
      ...(options.witnessNames === undefined ? {} : { witnessNames: options.witnessNames }),
      ...(options.checkpoint === undefined ? {} : { checkpoint: options.checkpoint }),
      ...(options.resume === undefined ? {} : { resume: options.resume }),
      ...(options.onCheckpoint === undefined ? {} : { onCheckpoint: options.onCheckpoint }),
      onLevel: (s) => {
        // This thread sees every table the workers outgrow (collectGarbage.ts says why they must be collected).
        if (s.storeBytes - collectedAt > 8 << 20) {
          collectedAt = s.storeBytes;
          // Once the next level's requests are out: the workers do not wait for it.
          setImmediate(collectGarbage);
        }
        levelStats = s;
        lastProgress = {
          generatedStates: s.generatedStates,
          distinctStates: s.distinctStates,
          queue: s.queueLeft,
          depth: s.depth,
          seconds: s.seconds,
        };
      },
    }).then(
      (o) => {
        clearInterval(timer);
        if (o.kind !== 'incomplete') settle(o);
        else if (!o.stopped)
          settle({ kind: 'incomplete', cause: 'max-states', reason: o.reason, stats: o.stats, approximate: false });
        else {
          const cause = stopCause();
          settle({
            kind: 'incomplete',
            cause,
            reason: cause === 'memory' ? memoryReason : stopReason,
            stats: o.stats,
            approximate: false,
          });
        }
      },
      (e: unknown) => {
        clearInterval(timer);
        fail(e instanceof Error ? e : new Error(String(e)));
      },
    );
  }

  return {
    done,
    stop(reason) {
      if (settled) return;
      stopReason = reason;
      Atomics.store(cells.control, STOP, STOP_REQUESTED);
      setTimeout(() => {
        abandoned('interrupted', reason);
      }, options.graceMs ?? 1500).unref();
    },
  };
}

/** What an expansion request hands over by transfer: the level's ranks, when it carries them. */
function ranksBuffer(request: ExpandRequest): ArrayBuffer[] {
  return request.ranks === undefined ? [] : [request.ranks.buffer as ArrayBuffer];
}

/** What a merge request hands over by transfer: its candidates. */
function inboxBuffers(request: MergeRequest): ArrayBuffer[] {
  return request.inbox.flatMap((r) => r.buffers);
}

/** A WorkerPort over a thread: one request at a time, answered in order. */
function threadPort(thread: Worker, onFailed: (m: { message: string; memory: boolean }) => void): WorkerPort {
  let pending: ((m: SearchWorkerMessage) => void) | undefined;
  thread.on('message', (m: SearchWorkerMessage) => {
    if (m.type === 'failed') onFailed(m);
    else pending?.(m);
  });
  const ask = <T>(
    request: SearchWorkerRequest,
    transfer: ArrayBuffer[],
    pick: (m: SearchWorkerMessage) => T | undefined,
  ): Promise<T> =>
    new Promise<T>((resolve) => {
      pending = (m) => {
        const value = pick(m);
        if (value !== undefined) resolve(value);
      };
      thread.postMessage(request, transfer);
    });
  return {
    expand: (request) =>
      ask<ExpandResult>({ type: 'expand', request }, ranksBuffer(request), (m) =>
        m.type === 'expanded' ? m.result : undefined,
      ),
    merge: (request) =>
      ask<MergeResult>({ type: 'merge', request }, inboxBuffers(request), (m) =>
        m.type === 'merged' ? m.result : undefined,
      ),
    mergeThenExpand: (merge, expand) =>
      ask({ type: 'mergeThenExpand', merge, expand }, [...inboxBuffers(merge), ...ranksBuffer(expand)], (m) =>
        m.type === 'stepped' ? { merged: m.merged, expanded: m.expanded } : undefined,
      ),
    save: (dir) =>
      ask<true>({ type: 'save', dir }, [], (m) => (m.type === 'saved' ? true : undefined)).then(() => undefined),
    restore: (dir) => ask({ type: 'restore', dir }, [], (m) => (m.type === 'restored' ? m.shard : undefined)),
  };
}
