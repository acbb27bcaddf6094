/**
 * The coordinator's side of one owner in a cluster run: a WorkerPort (parallel/coordinator.ts), so the search
 * itself, its ranks, merges and counts, is the one of one machine. Requests go to the slot serving the owner
 * (slot.ts); bulk data goes through the run's stream.
 *
 * Losing a slot costs its share of the level, not the run. The owner's durable point is the end of the last level:
 * its log (the states it stored in each level, in the stream) and its counters then. Every request since then is
 * kept; when the slot is lost, another slot adopts the owner, rebuilds it from the log, and is given the kept
 * requests again in order. Each request's answer depends only on the owner's state and the request, so the
 * answers are the lost slot's: the ones the search already used are dropped, the one it waits for is returned.
 * The candidates that other owners sent it stay in the stream until the level is over (they are its
 * unacknowledged work); the ones it sends again go under the new adoption's name.
 */
import type { WorkerPort } from '../parallel/coordinator.js';
import type { ExpandRequest, ExpandResult, MergeRequest, MergeResult, WorkerCounters } from '../parallel/worker.js';
import type { WordRuns } from '../parallel/words.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileSynced } from '../checkpoint.js';
import type { Membership } from './membership.js';
import type {
  ExpandReply,
  LogEntry,
  MergeReply,
  RunDescription,
  SlotEnvelope,
  SlotReply,
  SlotRequest,
} from './protocol.js';
import { encodeJson, subjects, type Blob, type Link } from './transport.js';

/** What the ports of one run share. */
export interface ClusterContext {
  readonly link: Link;
  readonly run: RunDescription;
  /** Names this coordinator's adoptions apart from an earlier coordinator's of the same run (a resume). */
  readonly attempt: string;
  readonly membership: Membership;
  /** Candidate blobs by handle: an outbox crosses parallel/coordinator.ts as `{ lengths: [handle] }`. */
  readonly blobs: Map<number, Blob>;
  readonly replies: Replies;
  readonly note: (line: string) => void;
}

/** The slot was lost (or refused) while a request was out. */
class SlotLost extends Error {}

/** Replies of every slot of the run, on one subscription, handed to whoever waits for them. */
export class Replies {
  private readonly waiting = new Map<string, (r: SlotReply) => void>();

  constructor(link: Link, runId: string) {
    link.nc.subscribe(subjects.replies(runId), {
      callback: (err, msg) => {
        if (err !== null) return;
        const r = msg.json<SlotReply>();
        this.waiting.get(`${r.owner}/${r.epoch}/${r.seq}`)?.(r);
      },
    });
  }

  on(owner: number, epoch: string, seq: number, handle: ((r: SlotReply) => void) | undefined): void {
    const key = `${owner}/${epoch}/${seq}`;
    if (handle === undefined) this.waiting.delete(key);
    else this.waiting.set(key, handle);
  }
}

let handles = 0;

/** One owner's port. */
export class ClusterPort implements WorkerPort {
  private slot: string | undefined;
  private epoch = '';
  private adoptions = 0;
  private seq = 0;
  /** The owner's log and its counters at the log's end: what a new slot rebuilds it from. */
  private log: LogEntry[] = [];
  private counters: WorkerCounters | undefined;
  /** Requests since the log's end, in order. */
  private history: SlotRequest[] = [];
  private level = -1;
  private expandSlice = 0;
  private mergeSlice = 0;

  constructor(
    readonly owner: number,
    private readonly ctx: ClusterContext,
  ) {}

  async expand(request: ExpandRequest): Promise<ExpandResult> {
    const { link, run } = this.ctx;
    if (request.level !== this.level) {
      // The level before is durable in every owner's log (parallelCheck starts a level once all merged the last).
      if (this.level >= 0) await this.forget(this.level);
      this.level = request.level;
      this.expandSlice = 0;
      this.mergeSlice = 0;
    }
    const r = request.ranks;
    const ranks =
      r === undefined
        ? undefined
        : await link.putBytes(
            subjects.ranks(run.runId, this.owner, request.level, this.ctx.attempt),
            new Uint8Array(r.buffer, r.byteOffset, r.byteLength),
          );
    const reply = (await this.call({
      op: 'expand',
      level: request.level,
      slice: this.expandSlice++,
      ranks,
      until: request.until,
    })) as ExpandReply;
    const outboxes: WordRuns[] = reply.outboxes.map((blob) => {
      // JSON carries an absent blob as null.
      if (blob == null) return { buffers: [], lengths: [] };
      const handle = handles++;
      this.ctx.blobs.set(handle, blob);
      return { buffers: [], lengths: [handle] };
    });
    return {
      outboxes,
      generated: reply.generated,
      fired: reply.fired,
      actions: reply.actions,
      boundDiscards: reply.boundDiscards,
      witnesses: reply.witnesses,
      violation: reply.violation ?? undefined,
      stopped: reply.stopped,
      slice: { ...reply.slice, marks: Int32Array.from(reply.slice.marks) },
    };
  }

  async merge(request: MergeRequest): Promise<MergeResult> {
    const inbox = request.inbox.map((runs) =>
      runs.lengths.length === 0 ? undefined : this.ctx.blobs.get(runs.lengths[0]!),
    );
    const reply = (await this.call({
      op: 'merge',
      level: this.level,
      slice: this.mergeSlice++,
      last: request.last !== false,
      inbox,
    })) as MergeReply;
    const bytes = await this.ctx.link.getBytes(reply.keys);
    const keys = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    if (reply.log != null) {
      // The level's end: the owner is durable here, and what led to it is not needed again.
      this.log.push({ level: this.level, blob: reply.log.blob });
      this.counters = reply.log.counters;
      this.history = [];
    }
    return {
      keys,
      count: reply.count,
      shard: undefined,
      shardBytes: reply.shardBytes,
      newStates: reply.newStates,
      frontierBytes: 0,
      represented: reply.represented ?? undefined,
    };
  }

  /** Its part of a checkpoint: its log's place in the stream and its counters (the states stay in the stream). */
  save(dir: string): Promise<void> {
    const part = { runId: this.ctx.run.runId, log: this.log, counters: this.counters };
    writeFileSynced(join(dir, `owner-${this.owner}.json`), Buffer.from(JSON.stringify(part)));
    return Promise.resolve();
  }

  /** Takes back its part of a checkpoint; the owner is rebuilt by the slot that adopts it. */
  restore(dir: string): Promise<SharedArrayBuffer[]> {
    const part = JSON.parse(readFileSync(join(dir, `owner-${this.owner}.json`), 'utf8')) as {
      log: LogEntry[];
      counters: WorkerCounters | undefined;
    };
    this.log = part.log;
    this.counters = part.counters;
    this.history = [];
    this.level = -1;
    return Promise.resolve([]);
  }

  /** Tells the slot it is done with this run. */
  release(): void {
    if (this.slot === undefined) return;
    this.send(this.slot, { op: 'release' }, ++this.seq);
  }

  /** The level's candidates to this owner, its ranks and keys, once the level is over. */
  private async forget(level: number): Promise<void> {
    const { link, run } = this.ctx;
    await link.purge(run.runId, subjects.levelCandidates(run.runId, level, this.owner));
    await link.purge(run.runId, subjects.levelKeys(run.runId, level, this.owner));
    await link.purge(run.runId, subjects.levelRanks(run.runId, this.owner, level));
  }

  /** A request, kept for a replay, answered by whichever slot serves the owner by then. */
  private async call(request: SlotRequest): Promise<unknown> {
    this.history.push(request);
    for (;;) {
      try {
        if (this.slot === undefined) await this.adopt();
        return await this.ask(request);
      } catch (e) {
        if (!(e instanceof SlotLost)) throw e;
      }
    }
  }

  /** A new slot for the owner: rebuilt from the log, then given the requests since, but the last, again. */
  private async adopt(): Promise<void> {
    const { membership, note } = this.ctx;
    const lost = this.slot;
    this.slot = undefined;
    const slot = await membership.claim();
    if (slot === undefined) throw new Error('the run was stopped while waiting for a worker');
    this.slot = slot;
    this.epoch = `${this.ctx.attempt}x${this.adoptions++}`;
    this.seq = 0;
    if (lost !== undefined || this.history.length > 1 || this.log.length > 0)
      note(
        `owner ${this.owner}: worker slot ${slot} takes over (log of ${this.log.length} levels, ${this.history.length - 1} requests to redo)`,
      );
    await this.ask({ op: 'adopt', run: this.ctx.run, log: this.log, counters: this.counters });
    for (const r of this.history.slice(0, -1)) await this.ask(r);
  }

  private send(slot: string, request: SlotRequest, seq: number): void {
    const env: SlotEnvelope = { ...request, runId: this.ctx.run.runId, owner: this.owner, epoch: this.epoch, seq };
    this.ctx.link.nc.publish(subjects.slot(slot), encodeJson(env));
  }

  /** One request to the current slot; SlotLost if the slot goes (or refuses) before it answers. */
  private ask(request: SlotRequest): Promise<unknown> {
    const slot = this.slot!;
    const seq = ++this.seq;
    const epoch = this.epoch;
    const { replies, membership } = this.ctx;
    return new Promise((resolve, reject) => {
      let connected = membership.isConnected;
      const done = (): void => {
        clearInterval(timer);
        replies.on(this.owner, epoch, seq, undefined);
      };
      const timer = setInterval(() => {
        // Back after the server restarted: the request may be lost, so it goes again (the slot answers once).
        if (!connected && membership.isConnected) this.send(slot, request, seq);
        connected = membership.isConnected;
        if (membership.lost(slot)) {
          done();
          membership.drop(slot);
          this.ctx.note(`owner ${this.owner}: worker slot ${slot} lost`);
          this.slot = undefined;
          reject(new SlotLost());
        }
      }, 250);
      replies.on(this.owner, epoch, seq, (r) => {
        done();
        if (r.refused === true) {
          membership.drop(slot);
          this.ctx.note(`owner ${this.owner}: worker slot ${slot} refused the run: ${r.error ?? ''}`);
          this.slot = undefined;
          reject(new SlotLost());
        } else if (r.error !== undefined) reject(new Error(`worker slot ${slot}, owner ${this.owner}: ${r.error}`));
        else resolve(r.result);
      });
      this.send(slot, request, seq);
    });
  }
}
