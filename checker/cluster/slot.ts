/**
 * A worker slot of a cluster run: what `raft-check worker` runs, one per thread it offers. A slot announces
 * itself in the bucket (a heartbeat), and when the coordinator gives it an owner ('adopt') it starts a search
 * thread (searchWorker.ts, the same as on one machine) for that owner, rebuilds the owner from its log if the
 * owner served before (a lost slot's, a resumed run's), and answers expand and merge requests: candidates, ranks
 * and keys go through the run's stream (transport.ts), the replies are small.
 *
 * Requests of one adoption are numbered; a repeated number (resent after the server came back) gets the same
 * reply again and is not done twice. A request of an older adoption is ignored.
 */
import { Worker } from 'node:worker_threads';
import { hostname } from 'node:os';
import { allocateCells, STOP, STOP_REQUESTED, viewCells, type SharedCells } from '../parallel/cells.js';
import type { ExpandRequest, ExpandResult, MergeResult, WorkerCounters } from '../parallel/worker.js';
import type { WordRuns } from '../parallel/words.js';
import type { SearchWorkerInput, SearchWorkerMessage, SearchWorkerRequest } from '../searchWorker.js';
import { buildModel, type ModelRecipe } from '../recipe.js';
import { modelDigest } from './modelDigest.js';
import type { JobMessage, JobOutcome } from './jobThread.js';
import {
  HEARTBEAT_MS,
  type ExpandReply,
  type JobReply,
  type MergeReply,
  type RunDescription,
  type SlotBeat,
  type SlotEnvelope,
  type SlotReply,
} from './protocol.js';
import { decodeJson, encodeJson, subjects, type Link } from './transport.js';
import type { Subscription } from '@nats-io/transport-node';

const WORKER_URL = new URL('../searchWorker.js', import.meta.url);
const JOB_URL = new URL('./jobThread.js', import.meta.url);

export interface SlotOptions {
  readonly version: string;
  /** Where a run's relative recipe module is resolved: this installation's root (a URL ending in '/'). */
  readonly moduleRoot: string;
  /** Called once when the slot is refused (other version, other model): it serves nothing more. */
  readonly onRefused: (reason: string) => void;
  /** Lines worth telling the user (an owner adopted, a run ended). */
  readonly onNote?: (line: string) => void;
}

/** A run's recipe with its module resolved against this installation. */
export function localRecipe(recipe: ModelRecipe, moduleRoot: string): ModelRecipe {
  return /^[a-z]+:/.test(recipe.module) ? recipe : { ...recipe, module: new URL(recipe.module, moduleRoot).href };
}

/** One search thread and one request at a time to it. */
class Thread {
  private pending: ((m: SearchWorkerMessage) => void) | undefined;
  private failed: Error | undefined;
  readonly cells: SharedCells;

  constructor(input: Omit<SearchWorkerInput, 'cells'>) {
    const buffers = allocateCells(input.workers);
    this.cells = viewCells(buffers);
    this.worker = new Worker(WORKER_URL, {
      workerData: { ...input, cells: buffers } satisfies SearchWorkerInput,
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    this.worker.on('message', (m: SearchWorkerMessage) => {
      if (m.type === 'failed') this.fail(new Error(m.message));
      else this.pending?.(m);
    });
    this.worker.on('error', (e) => {
      this.fail(e);
    });
  }

  private readonly worker: Worker;
  private reject: ((e: Error) => void) | undefined;

  private fail(e: Error): void {
    this.failed = e;
    this.reject?.(e);
  }

  ask(request: SearchWorkerRequest, transfer: ArrayBuffer[] = []): Promise<SearchWorkerMessage> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.pending = resolve;
      this.reject = reject;
      this.worker.postMessage(request, transfer);
    });
  }

  end(): void {
    void this.worker.terminate();
  }
}

/** Serves one run's owner at a time, as the coordinator asks. */
export class Slot {
  private epoch = '';
  private runId = '';
  private owner = -1;
  private owners = 0;
  private thread: Thread | undefined;
  private lastSeq = -1;
  private lastReply: SlotReply | undefined;
  private busySeq = -1;
  private queue: Promise<void> = Promise.resolve();
  private stopSub: Subscription | undefined;
  private readonly requests: Subscription;
  private readonly beat: ReturnType<typeof setInterval>;
  private refused = false;
  /** The run's bucket entry and when it last changed (its coordinator refreshes it: runKey in coordinator.ts). */
  private runSeen = { revision: 0, at: 0 };

  constructor(
    private readonly link: Link,
    readonly id: string,
    private readonly options: SlotOptions,
  ) {
    this.requests = link.nc.subscribe(subjects.slot(id), {
      callback: (err, msg) => {
        if (err !== null) return;
        const env = decodeJson(msg.data) as SlotEnvelope;
        this.receive(env);
      },
    });
    const beat = (): void => {
      const value: SlotBeat = {
        version: options.version,
        host: hostname(),
        pid: process.pid,
        ...(this.runId === '' ? {} : { runId: this.runId, owner: this.owner }),
      };
      void link.kv.put(`slot.${id}`, JSON.stringify(value)).catch(() => undefined);
      void this.watchRun();
    };
    beat();
    this.beat = setInterval(beat, HEARTBEAT_MS);
  }

  /** Leaves the cluster: no more heartbeats, the thread ends. */
  async close(): Promise<void> {
    clearInterval(this.beat);
    this.requests.unsubscribe();
    this.release();
    // Gone from the bucket at once (not LOST_MS later), unless the server is gone too.
    await Promise.race([
      this.link.kv.delete(`slot.${this.id}`).catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 1000)),
    ]);
  }

  /** A run whose coordinator stopped refreshing its entry for 10 s is over for this slot: it becomes free. */
  private async watchRun(): Promise<void> {
    if (this.runId === '') return;
    const entry = await this.link.kv.get(`run.${this.runId}`).catch(() => null);
    const revision = entry?.revision ?? -1;
    const now = Date.now();
    if (revision !== this.runSeen.revision) this.runSeen = { revision, at: now };
    else if (now - this.runSeen.at > 10_000) {
      this.options.onNote?.(`run ${this.runId}: its coordinator is gone; this slot is free again`);
      this.release();
    }
  }

  private release(): void {
    this.endJob();
    this.thread?.end();
    this.thread = undefined;
    this.stopSub?.unsubscribe();
    this.stopSub = undefined;
    this.runId = '';
    this.owner = -1;
    this.epoch = '';
  }

  private receive(env: SlotEnvelope): void {
    if (this.refused) return;
    if (env.op === 'refuse') {
      this.refuse(env.reason);
      return;
    }
    if (env.op !== 'adopt' && env.op !== 'job' && (env.epoch !== this.epoch || env.runId !== this.runId)) return;
    // An adoption or a job starts a sequence of its own (a slot serves runs one after another).
    if (env.op !== 'adopt' && env.op !== 'job' && env.seq <= this.lastSeq) {
      // Asked again (the server restarted): the same reply once it is done.
      if (env.seq === this.lastSeq && this.lastReply !== undefined) this.reply(env.runId, this.lastReply);
      return;
    }
    if (env.seq === this.busySeq && env.epoch === this.epoch) return;
    this.busySeq = env.seq;
    this.queue = this.queue.then(() => this.serve(env));
  }

  private refuse(reason: string): void {
    if (this.refused) return;
    this.refused = true;
    this.release();
    this.options.onRefused(reason);
  }

  private reply(runId: string, reply: SlotReply): void {
    this.link.nc.publish(subjects.replies(runId), encodeJson(reply));
  }

  private async serve(env: SlotEnvelope): Promise<void> {
    let reply: SlotReply;
    const base = { slot: this.id, owner: env.owner, seq: env.seq, epoch: env.epoch };
    try {
      if (env.op === 'adopt') {
        const why = await this.adopt(env);
        if (why !== undefined) {
          this.reply(env.runId, { ...base, error: why, refused: true });
          this.refuse(why);
          return;
        }
        reply = { ...base, result: true };
      } else if (env.op === 'job') {
        if (env.version !== this.options.version) {
          const why = `the coordinator runs raft-check ${env.version}, this worker ${this.options.version}`;
          this.reply(env.runId, { ...base, error: why, refused: true });
          this.refuse(why);
          return;
        }
        reply = { ...base, result: await this.job(env) };
      } else if (env.op === 'expand') reply = { ...base, result: await this.expand(env) };
      else if (env.op === 'merge') reply = { ...base, result: await this.merge(env) };
      else {
        this.release();
        reply = { ...base, result: true };
      }
    } catch (e) {
      reply = { ...base, error: e instanceof Error ? e.message : String(e) };
    }
    if (env.epoch === this.epoch || env.op === 'release') {
      this.lastSeq = env.seq;
      this.lastReply = reply;
    }
    this.reply(env.runId, reply);
  }

  /** Takes an owner: checks the run, starts a thread, rebuilds the owner from its log. Answers why not, if not. */
  private async adopt(env: Extract<SlotEnvelope, { op: 'adopt' }>): Promise<string | undefined> {
    const run = env.run;
    if (run.version !== this.options.version)
      return `the coordinator runs raft-check ${run.version}, this worker ${this.options.version}`;
    const recipe = localRecipe(run.recipe, this.options.moduleRoot);
    const digest = modelDigest(await buildModel(recipe));
    if (digest !== run.digest) return 'this worker builds another model than the coordinator (same flags, other code)';
    this.release();
    this.runId = run.runId;
    this.owner = env.owner;
    this.owners = run.owners;
    this.epoch = env.epoch;
    this.runSeen = { revision: 0, at: Date.now() };
    const thread = new Thread({
      mode: 'parallel',
      recipe,
      ...(run.invariants === undefined ? {} : { invariants: run.invariants }),
      id: env.owner,
      workers: run.owners,
      progressIntervalMs: 500,
    });
    this.thread = thread;
    this.stopSub = this.link.nc.subscribe(subjects.stop(run.runId), {
      callback: () => {
        Atomics.store(thread.cells.control, STOP, STOP_REQUESTED);
      },
    });
    for (const entry of env.log) {
      const level = await this.link.getRuns(entry.blob);
      await thread.ask({ type: 'absorb', level }, level.buffers);
    }
    if (env.counters !== undefined) await thread.ask({ type: 'counters', counters: env.counters });
    this.options.onNote?.(`run ${run.runId}: owner ${env.owner} of ${run.owners} (log of ${env.log.length} levels)`);
    return undefined;
  }

  /** Runs a job (jobThread.ts) in a thread of its own; a stop of its run ends the thread. */
  private async job(env: Extract<SlotEnvelope, { op: 'job' }>): Promise<JobReply> {
    this.release();
    this.runId = env.runId;
    this.owner = env.owner;
    this.epoch = env.epoch;
    this.runSeen = { revision: 0, at: Date.now() };
    const worker = new Worker(JOB_URL, { workerData: localRecipe(env.job, this.options.moduleRoot) });
    const outcome = await new Promise<JobOutcome>((resolve, reject) => {
      this.endJob = () => {
        void worker.terminate();
        reject(new Error('stopped'));
      };
      this.stopSub = this.link.nc.subscribe(subjects.stop(env.runId), {
        callback: () => {
          this.endJob();
        },
      });
      worker.on('message', (m: JobMessage) => {
        if (m.type === 'done') resolve(m.outcome);
        else reject(new Error(m.message));
      });
      worker.on('error', reject);
    }).finally(() => {
      this.endJob = () => undefined;
      void worker.terminate();
      // Free for any run again: a job's run may give it another job, or none.
      this.release();
    });
    const bytes =
      outcome.bytes === undefined
        ? undefined
        : await this.link.putBytes(subjects.jobBytes(env.runId, env.owner, env.epoch), outcome.bytes);
    return { value: outcome.value, bytes };
  }

  /** Ends the job under way, if any (release calls it: its run is over). */
  private endJob: () => void = () => undefined;

  private need(): Thread {
    if (this.thread === undefined) throw new Error('no owner adopted');
    return this.thread;
  }

  private async expand(env: Extract<SlotEnvelope, { op: 'expand' }>): Promise<ExpandReply> {
    const thread = this.need();
    const ranks = env.ranks == null ? undefined : new Int32Array((await this.link.getBytes(env.ranks)).buffer);
    const request: ExpandRequest = {
      level: env.level,
      // No other owner's tables here: only this owner's own filter its successors (worker.ts prepare).
      shards: Array.from({ length: this.owners }, () => []),
      ...(ranks === undefined ? {} : { ranks }),
      ...(env.until == null ? {} : { until: env.until }),
    };
    const m = await thread.ask({ type: 'expand', request }, ranks === undefined ? [] : [ranks.buffer as ArrayBuffer]);
    if (m.type !== 'expanded') throw new Error(`unexpected answer ${m.type} to expand`);
    const r: ExpandResult = m.result;
    const outboxes = await Promise.all(
      r.outboxes.map(async (runs, o) =>
        runs.lengths.some((l) => l > 0)
          ? this.link.putRuns(subjects.candidates(this.runId, env.level, o, env.slice, this.owner, this.epoch), runs)
          : undefined,
      ),
    );
    return {
      generated: r.generated,
      fired: r.fired,
      actions: r.actions,
      boundDiscards: r.boundDiscards,
      witnesses: r.witnesses,
      violation: r.violation,
      stopped: r.stopped,
      slice: { ...r.slice, marks: Array.from(r.slice.marks) },
      outboxes,
    };
  }

  private async merge(env: Extract<SlotEnvelope, { op: 'merge' }>): Promise<MergeReply> {
    const thread = this.need();
    const inbox: WordRuns[] = await Promise.all(
      // JSON carries an absent blob as null.
      env.inbox.map(async (blob) => (blob == null ? { buffers: [], lengths: [] } : this.link.getRuns(blob))),
    );
    const m = await thread.ask(
      { type: 'merge', request: { inbox, last: env.last } },
      inbox.flatMap((r) => r.buffers),
    );
    if (m.type !== 'merged') throw new Error(`unexpected answer ${m.type} to merge`);
    const r: MergeResult = m.result;
    const keys = await this.link.putBytes(
      subjects.keys(this.runId, env.level, this.owner, env.slice, this.epoch),
      new Uint8Array(r.keys.buffer, r.keys.byteOffset, r.keys.byteLength),
    );
    let log: MergeReply['log'];
    if (env.last) {
      const share = await thread.ask({ type: 'share' });
      if (share.type !== 'share') throw new Error(`unexpected answer ${share.type} to share`);
      const counters: WorkerCounters = share.counters;
      const blob = await this.link.putRuns(subjects.log(this.runId, this.owner, env.level, this.epoch), share.frontier);
      log = { blob, counters };
    }
    return {
      keys,
      count: r.count,
      shardBytes: r.shardBytes,
      newStates: r.newStates,
      represented: r.represented,
      log,
    };
  }
}

/** A description's recipe, its module made relative to `moduleRoot` when it lies under it (see localRecipe). */
export function portableRecipe(recipe: ModelRecipe, moduleRoot: string): ModelRecipe {
  return recipe.module.startsWith(moduleRoot) ? { ...recipe, module: recipe.module.slice(moduleRoot.length) } : recipe;
}

export type { RunDescription };
