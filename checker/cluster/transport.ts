/**
 * What a cluster run (coordinator.ts, slot.ts) shares through one NATS server with JetStream, and nothing else:
 *
 * - the KV bucket `raftcheck`: `slot.<id>`, each worker slot's heartbeat (membership: a slot whose key has not
 *   changed for a few seconds is gone), and `run.<runId>`, the run's description (model recipe, version, digest);
 * - one stream per run, `RC_<runId>`, file-backed, for the data: frontier candidates, ranks, keys and each
 *   owner's log of stored states, in messages of at most one frontier buffer (256 KiB), each on a subject of its
 *   own and read back by subject;
 * - core subjects for requests (`rc.slot.<id>`), replies (`rc.coord.<runId>`) and the stop broadcast.
 *
 * A batch of bytes is a "blob": a subject prefix and a number of parts, part k on `<prefix>.<k>`.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { WordRuns } from '../parallel/words.js';
import { CHUNK_WORDS } from '../parallel/words.js';

/** A batch of bytes in the run's stream. */
export interface Blob {
  readonly prefix: string;
  readonly parts: number;
}

/** Bytes a message carries at most: one frontier buffer. */
export const PART_BYTES = CHUNK_WORDS * 4;

export const BUCKET = 'raftcheck';

export function streamName(runId: string): string {
  return `RC_${runId}`;
}

/** Subjects of one run. */
export const subjects = {
  data: (runId: string): string => `rc.${runId}.d`,
  candidates: (runId: string, level: number, owner: number, slice: number, sender: number, epoch: string): string =>
    `rc.${runId}.d.c.${level}.${owner}.${slice}.${sender}.${epoch}`,
  levelCandidates: (runId: string, level: number, owner: number): string => `rc.${runId}.d.c.${level}.${owner}.>`,
  ranks: (runId: string, owner: number, level: number, epoch: string): string =>
    `rc.${runId}.d.r.${owner}.${level}.${epoch}`,
  levelRanks: (runId: string, owner: number, level: number): string => `rc.${runId}.d.r.${owner}.${level}.>`,
  keys: (runId: string, level: number, owner: number, slice: number, epoch: string): string =>
    `rc.${runId}.d.k.${level}.${owner}.${slice}.${epoch}`,
  levelKeys: (runId: string, level: number, owner: number): string => `rc.${runId}.d.k.${level}.${owner}.>`,
  log: (runId: string, owner: number, level: number, epoch: string): string =>
    `rc.${runId}.d.f.${owner}.${level}.${epoch}`,
  jobBytes: (runId: string, job: number, epoch: string): string => `rc.${runId}.d.j.${job}.${epoch}`,
  slot: (slotId: string): string => `rc.slot.${slotId}`,
  replies: (runId: string): string => `rc.coord.${runId}`,
  stop: (runId: string): string => `rc.${runId}.stop`,
};

/** Bytes and messages this process sent into the stream (the bench's transport figures). */
export const sent = { bytes: 0, messages: 0 };

/** A connection to the cluster's NATS server and what a run uses of it. */
export class Link {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly kv: KV,
    readonly url: string,
  ) {}

  /** Connects, retrying for ever while the server is away (a restart), and opens the bucket. */
  static async open(url: string, name: string): Promise<Link> {
    const nc = await connect({
      servers: url,
      name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: 5000,
    });
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc, { timeout: 10_000 });
    const kv = await new Kvm(js).create(BUCKET, { history: 1 });
    return new Link(nc, js, jsm, kv, url);
  }

  /** Creates the run's stream (or finds it). */
  async ensureStream(runId: string): Promise<void> {
    const name = streamName(runId);
    try {
      await this.jsm.streams.info(name);
    } catch {
      await this.jsm.streams.add({ name, subjects: [`${subjects.data(runId)}.>`], max_msg_size: PART_BYTES + 4096 });
    }
  }

  /** Drains and closes; closes outright if the server does not answer within 2 s (it may be gone). */
  async close(): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)));
    await Promise.race([this.nc.drain().catch(() => undefined), late]);
    clearTimeout(timer);
    if (!this.nc.isClosed()) await this.nc.close();
  }

  /** Publishes `chunks` (each at most PART_BYTES) as the parts of a blob under `prefix`. */
  async putChunks(prefix: string, chunks: readonly Uint8Array[]): Promise<Blob> {
    await Promise.all(
      chunks.map(async (c, k) => {
        await retrying(() => this.js.publish(`${prefix}.${k}`, c));
        sent.bytes += c.byteLength;
        sent.messages++;
      }),
    );
    return { prefix, parts: chunks.length };
  }

  /** Publishes `bytes` as a blob, cut into parts. */
  async putBytes(prefix: string, bytes: Uint8Array): Promise<Blob> {
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < bytes.byteLength; at += PART_BYTES) chunks.push(bytes.subarray(at, at + PART_BYTES));
    return this.putChunks(prefix, chunks);
  }

  /** Publishes word runs (frontier records) as a blob, one part per buffer (records never straddle buffers). */
  async putRuns(prefix: string, runs: WordRuns): Promise<Blob> {
    const chunks = runs.buffers
      .map((b, k) => new Uint8Array(b, 0, runs.lengths[k]! * 4))
      .filter((c) => c.byteLength > 0)
      .flatMap((c) => (c.byteLength <= PART_BYTES ? [c] : splitRecords(c)));
    return this.putChunks(prefix, chunks);
  }

  /** The parts of a blob, in order. */
  async getChunks(blob: Blob): Promise<Uint8Array[]> {
    return Promise.all(
      Array.from({ length: blob.parts }, async (_, k) => {
        const subject = `${blob.prefix}.${k}`;
        const streamOf = blob.prefix.split('.')[1]!;
        const m = await retrying(() => this.jsm.streams.getMessage(streamName(streamOf), { last_by_subj: subject }));
        if (m === null) throw new Error(`the cluster's stream has lost ${subject}`);
        return m.data;
      }),
    );
  }

  /** A blob's bytes, in one buffer. */
  async getBytes(blob: Blob): Promise<Uint8Array> {
    const chunks = await this.getChunks(blob);
    const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }

  /** A blob of word runs, back as runs in buffers of the frontier's size. */
  async getRuns(blob: Blob): Promise<WordRuns> {
    const chunks = await this.getChunks(blob);
    const buffers = chunks.map((c) => {
      const buffer = new ArrayBuffer(Math.max(PART_BYTES, c.byteLength));
      new Uint8Array(buffer).set(c);
      return buffer;
    });
    return { buffers, lengths: chunks.map((c) => c.byteLength / 4) };
  }

  /** Drops the messages of a subject filter (a level's candidates once the level is durable). */
  async purge(runId: string, filter: string): Promise<void> {
    await retrying(() => this.jsm.streams.purge(streamName(runId), { filter }));
  }
}

/**
 * A buffer longer than a message (one record longer than a frontier buffer would need this; states are far
 * smaller) cut at record boundaries: each record is its length word, then its words or packed bytes.
 */
function splitRecords(bytes: Uint8Array): Uint8Array[] {
  const words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const out: Uint8Array[] = [];
  let start = 0;
  let at = 0;
  while (at < words.length) {
    const length = words[at]!;
    const next = at + 1 + (length < 0 ? (-length + 3) >> 2 : length);
    if ((next - start) * 4 > PART_BYTES && at > start) {
      out.push(bytes.subarray(start * 4, at * 4));
      start = at;
    }
    at = next;
  }
  if (at > start) out.push(bytes.subarray(start * 4, at * 4));
  return out;
}

/** How long a JetStream call is retried while the server is away before the error stands. */
export const OUTAGE_MS = 120_000;

/** `call`, retried every half second while it fails, for OUTAGE_MS (the server restarting, a slow reply). */
export async function retrying<T>(call: () => Promise<T>): Promise<T> {
  const until = Date.now() + OUTAGE_MS;
  for (;;) {
    try {
      return await call();
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** JSON as bytes, and back. */
export function encodeJson(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export function decodeJson(bytes: Uint8Array): unknown {
  return JSON.parse(new TextDecoder().decode(bytes));
}
