/**
 * One worker of the parallel breadth-first search (see coordinator.ts for the whole algorithm). It owns the
 * fingerprints whose owner word falls to it, the frontier states it stored, and runs two phases per level:
 *
 * - expand: for each of its frontier states in rank order, every successor. One whose fingerprint some shard
 *   already holds (an earlier level) is dropped; so is one this worker sent lately (recentSends.ts; its
 *   first copy has the smaller key). The rest go to their owner as candidates: (parent rank, position, action,
 *   fingerprint, encoding). Shards are only read in this phase, with no lock: another worker may still be
 *   merging into its own (coordinator.ts overlaps the two), and a lookup that misses what is being added
 *   (fingerprintTable.ts) only sends a candidate that the owner's merge drops.
 * - merge: its candidates from every worker, taken in key order (each sender's are already sorted, so this is
 *   a merge of sorted runs); the first of each fingerprint is new and joins its next frontier. Only the owner
 *   writes its shard, and only in this phase.
 *
 * Invariants are checked in expand, on successors that are not in an earlier level (a violating state could not
 * be there: it would have been caught), and on every bound-breaking successor, as the one-worker search does.
 */
import { selectInvariants } from '../bfs.js';
import { Encoding } from '../encoding.js';
import { fingerprint, FINGERPRINT_WORDS, hashWords } from '../fingerprint.js';
import type { Invariant, Model } from '../model.js';
import { FingerprintTable } from '../fingerprintTable.js';
import { RECENT_BITS, RecentSends } from './recentSends.js';
import { LOWEST_RANK, recordViolation, STOP, STOP_MEMORY, type SharedCells } from './cells.js';
import { WitnessWatch } from '../witnessWatch.js';
import { recycle, WordWriter, CHUNK_WORDS, type WordRuns } from './words.js';
import { bytesOf, writeFileSynced } from '../checkpoint.js';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { readAll, writeAll } from '../fileBytes.js';
import { join } from 'node:path';
import { SliceCounter, type Counters, type SliceCounts } from './sliceCounts.js';

/** Candidate record layout, in words. */
const C_PARENT = 0;
const C_POSITION = 1;
const C_ACTION = 2;
const C_FP = 3;
const C_LENGTH = 7;
const C_WORDS = 8;
/**
 * Bytes of its own outgrown tables that make a worker ask for a full collection. Only its own: the other workers'
 * tables grow at the same pace (fingerprints are uniform), so their stale views go at the same collections, and
 * counting them too made each of N workers collect N times as often (L9, two workers: 87 collections, 0.7 s).
 */
const GARBAGE_LIMIT = 8 << 20;

const RELEASED = new ArrayBuffer(0);
const RELEASED_WORDS = new Int32Array(0);

/** The action index of an initial state's candidate. */
const INITIAL = 0xffff;

/** (parent rank, position) pairs appended in order, in one Int32Array that doubles (no boxed numbers). */
class KeyList {
  private words = new Int32Array(1 << 12);
  length = 0;

  push(parent: number, position: number): void {
    if (this.length + 2 > this.words.length) {
      const wider = new Int32Array(this.words.length * 2);
      wider.set(this.words);
      this.words = wider;
    }
    this.words[this.length++] = parent;
    this.words[this.length++] = position;
  }

  /** The pairs, in a buffer of their own (it is transferred); the list starts again empty. */
  take(): Int32Array {
    const out = this.words.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

/**
 * Whether every word is a byte: then a state travels and waits in the frontier as bytes, a quarter of its
 * size (a record's length is negative for packed bytes). Flat Raft states are all small numbers.
 */
function fitsInBytes(words: Int32Array, length: number): boolean {
  for (let k = 0; k < length; k++) if (words[k]! >>> 0 > 255) return false;
  return true;
}

/** Sub-tables per worker (see fingerprintTable.ts: growing one copies a small table). */
export const SUBTABLES = 64;

/**
 * The worker that owns a fingerprint: from word 1, which the tables do not store (their slots come from word 0);
 * its low bits pick the sub-table.
 */
export function ownerOf(fp: Int32Array, offset: number, workers: number): number {
  return Math.floor(((fp[offset + 1]! >>> 0) * workers) / 2 ** 32);
}

function subtableOf(fp: Int32Array, offset: number): number {
  return fp[offset + 1]! & (SUBTABLES - 1);
}

export interface ExpandRequest {
  /** 0 for the initial states (worker 0 alone lists them), then the level being expanded. */
  readonly level: number;
  /**
   * Every worker's sub-tables, by worker (empty while the initial states are listed); absent when none changed
   * since the last request (posting a SharedArrayBuffer costs, and 64 a worker were posted every level).
   */
  readonly shards?: readonly (readonly SharedArrayBuffer[])[];
  /**
   * Global ranks of this worker's frontier states, in the order it stored them: given with a level's first
   * slice (absent at level 0), and kept for the level's other slices.
   */
  readonly ranks?: Int32Array;
  /**
   * Expand only the parents of rank below this (a slice of the level), and stop there; the next request of the
   * same level goes on from that parent. Absent: to the level's end.
   */
  readonly until?: number;
}

/** An action kind as this worker met it: where it first fired, so the coordinator can order kinds as one worker. */
export interface ActionSeen {
  readonly name: string;
  readonly level: number;
  readonly key: number;
}

/**
 * Results have one shape, every field present (undefined when it does not apply): an object built with
 * conditional spreads gets a map that a full collection drops once the object is posted, and the optimized code
 * that built it goes with it (L9, two workers: the expansion was recompiled at every collection, about 50 times
 * per worker, 60 ms of compiling each, running slow meanwhile).
 */
export interface ExpandResult {
  /** Candidates by owner. */
  readonly outboxes: WordRuns[];
  /** Totals since the start of the search. */
  readonly generated: number;
  readonly fired: number[];
  readonly actions: ActionSeen[];
  readonly boundDiscards: number[];
  /**
   * Per witness of the model, the length of the shortest behaviour this worker saw reach it (0: none); the
   * coordinator takes the least over workers, for the levels every worker finished.
   */
  readonly witnesses: number[];
  /** The lowest violation this worker found in this level. */
  readonly violation:
    { readonly parentRank: number; readonly position: number; readonly invariant: string } | undefined;
  readonly stopped: boolean;
  /** This expansion's own counts, and per parent those before it (sliceCounts.ts: exact counts at a violation). */
  readonly slice: SliceCounts;
}

export interface MergeRequest {
  /** This worker's candidates, by sender. */
  readonly inbox: readonly WordRuns[];
  /** False for a slice that is not the level's last: the next frontier is not complete yet. Default true. */
  readonly last?: boolean;
  // (The worker empties the inbox's buffer lists as it merges them, so their memory can go.)
}

export interface MergeResult {
  /** (parent rank, position) of each new state, in key order: the order this worker stored them. */
  readonly keys: Int32Array;
  readonly count: number;
  /**
   * The worker's sub-tables, when one grew since the last merge (undefined otherwise, and always with one
   * worker: no one else reads them).
   */
  readonly shard: SharedArrayBuffer[] | undefined;
  readonly shardBytes: number;
  /** New states by (sender, sender's action index). */
  readonly newStates: [number, number, number][];
  /** Bytes of frontier this worker holds now. */
  readonly frontierBytes: number;
  /** With a model's `represents`: its sum over the states this worker has stored, since the start. */
  readonly represented: number | undefined;
}

/**
 * Where a worker's frontier goes when it outgrows its memory budget: the frontier being built is written out, a
 * buffer at a time, to a file in `dir` whenever more than `budgetBytes` of it is in memory, and read back a
 * buffer at a time as the next level expands it. Same records, same order: only where they wait changes.
 */
export interface FrontierSpill {
  readonly dir: string;
  readonly budgetBytes: number;
}

/** A frontier file: buffer k of the frontier is at byte `offsets[k]` (-1: that buffer is in memory). */
interface SpillFile {
  readonly fd: number;
  readonly path: string;
  readonly offsets: number[];
  at: number;
}

/** A worker's counters since the start of the search, as plain data. */
export interface WorkerCounters {
  readonly generated: number;
  readonly fired: number[];
  readonly actions: ActionSeen[];
  readonly boundDiscards: number[];
  readonly represented: number;
}

/** A worker's counters and the shapes of its files in a checkpoint. */
interface WorkerCheckpoint extends WorkerCounters {
  /** Bytes and size of each sub-table, in order. */
  readonly tables: [number, number][];
  /** Words used and bytes of each frontier buffer. */
  readonly frontier: number[];
  readonly frontierBuffers: number[];
}

export class ParallelWorker<S, A> {
  private readonly invariants: Invariant<S>[];
  private tables = Array.from({ length: SUBTABLES }, () => new FingerprintTable(256, true));
  /** Every owner's tables as this worker reads them; undefined for an owner it cannot read (another machine). */
  private views: (FingerprintTable[] | undefined)[] = [];
  private frontier: WordRuns = { buffers: [], lengths: [] };
  private readonly encoding = new Encoding();
  private readonly fp = new Int32Array(FINGERPRINT_WORDS);
  private generated = 0;
  private readonly fired: number[] = [];
  private readonly actions: ActionSeen[] = [];
  private readonly actionIndex = new Map<string, number>();
  private readonly boundDiscards: number[];
  private readonly witnesses: WitnessWatch<S, A> | undefined;
  /** Per action index, the witnesses its steps still ask. */
  private readonly watching: (readonly number[])[] = [];
  private readonly decode: (words: Int32Array) => S;
  /**
   * One worker owns every fingerprint, so no candidate can come from anyone else: it adds each successor to
   * its tables as it meets it and builds its next frontier in expand, the way bfs.ts does, and merge only hands
   * it over. Same states, same order (successors are met in key order), no candidate copies, no level set.
   */
  private readonly direct: boolean;
  private readonly nextFrontier = new WordWriter();
  private readonly nextKeys = new KeyList();
  private nextCounts: number[] = [];

  constructor(
    private readonly model: Model<S, A>,
    private readonly id: number,
    private readonly workers: number,
    private readonly cells: SharedCells,
    invariantNames?: readonly string[],
    /** Asked every few thousand parents; true asks every worker to stop (the caller sets the reason). */
    private readonly lowOnMemory: (sharedBytes: number) => boolean = () => false,
    /** A full garbage collection (collectGarbage.ts), run when enough outgrown tables wait to be freed. */
    private readonly collect: () => void = () => undefined,
    /** Frontier to disk past a memory budget; in memory, whatever its size, when absent. */
    private readonly spill?: FrontierSpill,
  ) {
    if (model.decode === undefined) throw new Error('parallel check: the model has no decode, which workers need');
    this.decode = model.decode;
    this.invariants = selectInvariants(model.invariants, invariantNames);
    this.boundDiscards = new Array<number>(model.bounds.length).fill(0);
    this.witnesses = model.witnesses === undefined ? undefined : new WitnessWatch(model.witnesses);
    this.direct = workers === 1;
    this.recent = new RecentSends(this.direct ? 1 : RECENT_BITS);
  }

  /** The request's fields are read here, once, so that the hot code below takes only numbers and arrays. */
  expand(request: ExpandRequest): ExpandResult {
    this.prepare(request.shards);
    return this.expandSlice(request.level, request.ranks, request.until ?? Infinity);
  }

  merge(request: MergeRequest): MergeResult {
    if (this.direct) return this.handOver();
    const inbox = request.inbox;
    return this.mergeRuns(
      inbox.map((r) => r.buffers),
      inbox.map((r) => r.lengths),
      request.last !== false,
    );
  }

  /** The other workers' tables as they are now, and this worker's outboxes, before a slice is expanded. */
  private prepare(shards: readonly (readonly SharedArrayBuffer[])[] | undefined): void {
    if (shards !== undefined) {
      // Views of other workers' tables that grew are garbage now; they go with this worker's next collection.
      this.views = shards.map((tables, k) =>
        k === this.id
          ? this.tables
          : tables.length === 0
            ? undefined
            : tables.map((b, j) => (this.views[k]?.[j]?.buffer === b ? this.views[k][j] : FingerprintTable.view(b))),
      );
    }
    if (FingerprintTable.outgrownBytes - this.outgrownSeen > GARBAGE_LIMIT) {
      this.collect();
      this.outgrownSeen = FingerprintTable.outgrownBytes;
    }
    this.out = Array.from({ length: this.workers }, () => new WordWriter());
  }

  private expandSlice(level: number, levelRanks: Int32Array | undefined, until: number): ExpandResult {
    this.violation = undefined;
    this.parentRank = -1;
    this.parent = undefined;
    this.position = 0;
    this.level = level;
    // Level L expands the states L states into their behaviours.
    this.stepLength = level + 1;
    this.lastName = '';
    this.lastIndex = 0;
    const cells = this.cells;
    let stopped = false;
    let parentRank: number;
    const visit = this.visit;
    const counter = this.sliceCounter;
    counter.begin(this.counted());

    if (level === 0) {
      if (this.id === 0) {
        const inits = this.model.initialStates();
        for (let k = 0; k < inits.length && this.found() === undefined; k++) {
          this.generated++;
          if (this.admit(inits[k]!, k)) this.send(k, INITIAL);
        }
      }
    } else {
      if (levelRanks !== undefined) {
        // A new level: its frontier is what the last merge completed.
        this.cursor = { buffers: this.frontier.buffers, lengths: this.frontier.lengths, ranks: levelRanks };
        this.frontier = { buffers: [], lengths: [] };
        closeSpill(this.cursorFile);
        this.cursorFile = this.frontierFile;
        this.frontierFile = undefined;
        this.cursorBuffer = 0;
        this.cursorAt = 0;
        this.cursorIndex = 0;
      }
      const { buffers, lengths, ranks } = this.cursor;
      let i = this.cursorIndex;
      let b = this.cursorBuffer;
      let at = this.cursorAt;
      const file = this.cursorFile;
      outer: for (; b < buffers.length; b++, at = 0) {
        if (file !== undefined && file.offsets[b]! >= 0) {
          buffers[b] = readSpilled(file, b, lengths[b]!);
          file.offsets[b] = -1;
        }
        const buffer = buffers[b]!;
        const chunk = new Int32Array(buffer);
        const bytes = new Uint8Array(buffer);
        const used = lengths[b]!;
        for (; at < used; i++) {
          parentRank = ranks[i]!;
          this.parentRank = parentRank;
          // The slice ends here; the next request goes on from this parent.
          if (parentRank >= until) break outer;
          const length = chunk[at]!;
          const body = length < 0 ? (-length + 3) >> 2 : length;
          if ((i & 63) === 0) {
            if (Atomics.load(cells.control, STOP) !== 0) {
              stopped = true;
              break outer;
            }
            cells.generated[this.id] = this.generated;
            if ((i & 4095) === 0 && this.lowOnMemory(this.tableBytes()))
              Atomics.store(cells.control, STOP, STOP_MEMORY);
          }
          // A violation at a lower rank is the answer whatever this parent holds.
          if (parentRank > Atomics.load(cells.control, LOWEST_RANK)) break outer;
          if (!this.direct) counter.mark(parentRank, this.generated, this.fired, this.boundDiscards);
          visit(
            this.decode(
              length < 0 ? this.unpack(bytes, (at + 1) * 4, -length) : chunk.subarray(at + 1, at + 1 + length),
            ),
          );
          if (this.found() !== undefined) break outer;
          at += 1 + body;
        }
        // Expanded states are not needed again: their buffer is reused.
        buffers[b] = RELEASED;
        recycle(buffer);
      }
      this.cursorIndex = i;
      this.cursorBuffer = b;
      this.cursorAt = at;
    }
    cells.generated[this.id] = this.generated;
    const outboxes = this.out.map((w) => w.finish());
    const violation = this.found();
    return {
      outboxes,
      generated: this.generated,
      fired: [...this.fired],
      actions: [...this.actions],
      boundDiscards: [...this.boundDiscards],
      witnesses: this.witnesses === undefined ? [] : [...this.witnesses.lengths],
      violation,
      stopped,
      slice: counter.end(this.counted()),
    };
  }

  // What expand's callbacks share. The callbacks are made once (in the constructor), not per call, so the spec's
  // call sites see the same targets every slice.
  private out: WordWriter[] = [];
  private violation: ExpandResult['violation'];
  private parentRank = -1;
  private parent: S | undefined;
  private position = 0;
  private level = 0;
  private stepLength = 1;
  private lastName = '';
  private lastIndex = 0;

  /** The violation the callbacks found in this expansion, if any (read through a call: they set it). */
  private found(): ExpandResult['violation'] {
    return this.violation;
  }

  /** Bounds, dedup and invariants of one successor (or initial state); true when it is a candidate. */
  private admit(state: S, pos: number): boolean {
    const bounds = this.model.bounds;
    let inBounds = true;
    for (let k = 0; k < bounds.length; k++) {
      if (!bounds[k]!.holds(state)) {
        this.boundDiscards[k]!++;
        inBounds = false;
      }
    }
    const fp = this.fp;
    if (inBounds) {
      const encoding = this.encoding;
      encoding.reset();
      this.model.encode(state, encoding);
      fingerprint(encoding, fp);
      if (this.direct) {
        if (!this.tables[subtableOf(fp, 0)]!.add(fp, 0)) return false;
      }
      // The recent sends first: a repeat is then one probe in a table a core's cache holds, where the full
      // tables (kept 90% full, where a miss probes long) are out of cache.
      else {
        if (this.recent.seen(fp)) return false;
        // No tables yet while the initial states are listed.
        const tables = this.views[ownerOf(fp, 0, this.workers)];
        if (tables?.[subtableOf(fp, 0)]!.has(fp, 0) === true) return false;
      }
    }
    for (const inv of this.invariants) {
      if (!inv.holds(state)) {
        this.violation = { parentRank: this.parentRank, position: pos, invariant: inv.name };
        recordViolation(this.cells, this.parentRank, pos);
        return false;
      }
    }
    // Direct mode stored it in admit; otherwise its owner counts it in merge.
    const represents = this.model.represents;
    if (inBounds && this.direct && represents !== undefined) this.represented += represents(state);
    return inBounds;
  }

  /** Sends the state just admitted (its encoding and fingerprint are in the scratch buffers) to its owner. */
  private send(pos: number, action: number): void {
    const encoding = this.encoding;
    const length = encoding.length;
    const words = encoding.words;
    const packed = fitsInBytes(words, length);
    if (this.direct) {
      this.store(words, length, packed);
      this.nextKeys.push(this.parentRank, pos);
      if (action !== INITIAL) this.nextCounts[action] = (this.nextCounts[action] ?? 0) + 1;
      return;
    }
    const fp = this.fp;
    const writer = this.out[ownerOf(fp, 0, this.workers)]!;
    const body = packed ? (length + 3) >> 2 : length;
    const chunk = writer.reserve(C_WORDS + body);
    const at = writer.at;
    chunk[at + C_PARENT] = this.parentRank;
    chunk[at + C_POSITION] = pos;
    chunk[at + C_ACTION] = action;
    chunk[at + C_FP] = fp[0]!;
    chunk[at + C_FP + 1] = fp[1]!;
    chunk[at + C_FP + 2] = fp[2]!;
    chunk[at + C_FP + 3] = fp[3]!;
    chunk[at + C_LENGTH] = packed ? -length : length;
    if (packed) {
      const bytes = writer.bytes;
      const from = (at + C_WORDS) * 4;
      for (let k = 0; k < length; k++) bytes[from + k] = words[k]!;
    } else for (let k = 0; k < length; k++) chunk[at + C_WORDS + k] = words[k]!;
    writer.commit(C_WORDS + body);
  }

  private readonly consider = (action: A, successor: S): void => {
    const pos = this.position++;
    if (this.violation !== undefined) return;
    this.generated++;
    const name = this.model.actionName(action);
    let a = this.lastIndex;
    if (name !== this.lastName) {
      a = this.actionIndex.get(name) ?? this.register(name, this.level, this.parentRank * 65536 + pos);
      this.lastName = name;
      this.lastIndex = a;
    }
    this.fired[a]!++;
    const watched = this.watching[a]!;
    if (watched.length !== 0) this.witnesses!.check(watched, this.parent!, action, successor, this.stepLength);
    if (this.admit(successor, pos)) this.send(pos, a);
  };

  private readonly visit = (state: S): void => {
    this.position = 0;
    this.parent = state;
    const model = this.model;
    if (model.forEachSuccessor !== undefined) model.forEachSuccessor(state, this.consider);
    else for (const t of model.next(state)) this.consider(t.action, t.state);
  };

  /** Merges each sender's candidates: `buffers[s]` and their used `lengths[s]` (emptied as they are read). */
  private mergeRuns(buffers: ArrayBuffer[][], lengths: number[][], lastSlice: boolean): MergeResult {
    const senders = buffers.length;
    // One cursor per sender: which buffer, where in it.
    const buffer = new Int32Array(senders);
    const offset = new Int32Array(senders);
    const chunks = buffers.map((list) => list.map((b) => new Int32Array(b)));
    const next = this.nextFrontier;
    const keys = this.nextKeys;
    // New states by sender and action index, in a typed array that grows (a Map cost a hash per new state).
    let counts = new Float64Array(senders * 64);
    for (;;) {
      let best = -1;
      let bestKey = Infinity;
      for (let s = 0; s < senders; s++) {
        if (buffer[s]! >= chunks[s]!.length) continue;
        const c = chunks[s]![buffer[s]!]!;
        const key = c[offset[s]! + C_PARENT]! * 65536 + c[offset[s]! + C_POSITION]!;
        if (key < bestKey) {
          bestKey = key;
          best = s;
        }
      }
      if (best < 0) break;
      const c = chunks[best]![buffer[best]!]!;
      const at = offset[best]!;
      const length = c[at + C_LENGTH]!;
      const body = length < 0 ? (-length + 3) >> 2 : length;
      if (this.tables[subtableOf(c, at + C_FP)]!.add(c, at + C_FP)) {
        const target = next.reserve(1 + body);
        const to = next.at;
        target[to] = length;
        // A loop, not set(subarray): a record is a few words, and a view per record is an allocation.
        for (let k = 0; k < body; k++) target[to + 1 + k] = c[at + C_WORDS + k]!;
        next.commit(1 + body);
        if (next.completeWords * 4 > this.spillBudget) this.spillOut(next.drain());
        keys.push(c[at + C_PARENT]!, c[at + C_POSITION]!);
        if (this.model.represents !== undefined) this.represented += this.model.represents(this.stateAt(c, at));
        const action = c[at + C_ACTION]!;
        if (action !== INITIAL) {
          const k = action * senders + best;
          if (k >= counts.length) counts = widen(counts, k);
          counts[k]!++;
        }
      }
      offset[best] = at + C_WORDS + body;
      if (offset[best]! >= lengths[best]![buffer[best]!]!) {
        // A merged buffer of candidates is not needed again.
        recycle(buffers[best]![buffer[best]!]!);
        chunks[best]![buffer[best]!] = RELEASED_WORDS;
        buffers[best]![buffer[best]!] = RELEASED;
        offset[best] = 0;
        buffer[best] = buffer[best]! + 1;
      }
    }
    if (lastSlice) this.finishFrontier();
    const count = keys.length / 2;
    const newStates: [number, number, number][] = [];
    counts.forEach((n, k) => {
      if (n !== 0) newStates.push([k % senders, Math.floor(k / senders), n]);
    });
    return {
      keys: keys.take(),
      count,
      shard: this.changedShard(),
      shardBytes: this.tableBytes(),
      newStates,
      frontierBytes: this.frontier.buffers.reduce((sum, b) => sum + b.byteLength, 0),
      represented: this.model.represents === undefined ? undefined : this.represented,
    };
  }

  /** A frontier record (length, then the words or their bytes) in the next frontier. */
  private store(words: Int32Array, length: number, packed: boolean): void {
    const body = packed ? (length + 3) >> 2 : length;
    const next = this.nextFrontier;
    const target = next.reserve(1 + body);
    const to = next.at;
    target[to] = packed ? -length : length;
    if (packed) {
      const bytes = next.bytes;
      const from = (to + 1) * 4;
      for (let k = 0; k < length; k++) bytes[from + k] = words[k]!;
    } else for (let k = 0; k < length; k++) target[to + 1 + k] = words[k]!;
    next.commit(1 + body);
    if (next.completeWords * 4 > this.spillBudget) this.spillOut(next.drain());
  }

  /** Bytes of frontier a worker keeps in memory before the rest goes to disk. */
  private get spillBudget(): number {
    return this.spill?.budgetBytes ?? Infinity;
  }

  /** Writes `runs` to the frontier file being built (made on first use) and gives their buffers back. */
  private spillOut(runs: WordRuns): void {
    if (this.building === undefined) {
      const path = join(this.spill!.dir, `frontier-${this.id}-${this.spills++}.bin`);
      this.building = { file: { fd: openSync(path, 'w+'), path, offsets: [], at: 0 }, buffers: [], lengths: [] };
    }
    const { file, buffers, lengths } = this.building;
    runs.buffers.forEach((buffer, k) => {
      const bytes = new Uint8Array(buffer, 0, runs.lengths[k]! * 4);
      writeAll(file.fd, bytes, file.at);
      file.offsets.push(file.at);
      file.at += bytes.byteLength;
      buffers.push(RELEASED);
      lengths.push(runs.lengths[k]!);
      recycle(buffer);
    });
  }

  /** The next frontier is complete: its spilled buffers first, then those still in memory. */
  private finishFrontier(): void {
    let rest = this.nextFrontier.finish();
    // What is left goes out too when it is over the budget (with a budget of 0, the whole frontier).
    if (rest.lengths.reduce((a, b) => a + b, 0) * 4 > this.spillBudget) {
      this.spillOut(rest);
      rest = { buffers: [], lengths: [] };
    }
    const built = this.building;
    this.building = undefined;
    if (built === undefined) {
      this.frontier = rest;
      return;
    }
    rest.buffers.forEach(() => built.file.offsets.push(-1));
    this.frontier = { buffers: [...built.buffers, ...rest.buffers], lengths: [...built.lengths, ...rest.lengths] };
    this.frontierFile = built.file;
  }

  /** The frontier's buffers with those on disk read back (for a checkpoint). */
  private frontierInMemory(): ArrayBuffer[] {
    const file = this.frontierFile;
    return this.frontier.buffers.map((b, k) =>
      file !== undefined && file.offsets[k]! >= 0 ? readSpilled(file, k, this.frontier.lengths[k]!) : b,
    );
  }

  /** Direct mode's merge: the frontier and keys expand built. */
  private handOver(): MergeResult {
    this.finishFrontier();
    const keys = this.nextKeys.take();
    const newStates: [number, number, number][] = [];
    this.nextCounts.forEach((n, action) => newStates.push([0, action, n]));
    this.nextCounts = [];
    return {
      keys,
      count: keys.length / 2,
      shard: undefined,
      shardBytes: this.tableBytes(),
      newStates,
      frontierBytes: this.frontier.buffers.reduce((sum, b) => sum + b.byteLength, 0),
      represented: this.model.represents === undefined ? undefined : this.represented,
    };
  }

  private sentBuffers: ArrayBufferLike[] = [];

  /** The sub-tables when one has a new buffer since the last time they were sent, else undefined. */
  private changedShard(): SharedArrayBuffer[] | undefined {
    if (this.sentBuffers.length === this.tables.length && this.tables.every((t, j) => t.buffer === this.sentBuffers[j]))
      return undefined;
    this.sentBuffers = this.tables.map((t) => t.buffer);
    return this.tables.map((t) => t.buffer as SharedArrayBuffer);
  }

  /**
   * Writes what this worker holds between levels into the checkpoint directory `dir` (checkpoint.ts): its
   * tables' slots, its frontier records and its counters.
   */
  save(dir: string): void {
    const frontierWords = this.frontierInMemory().map((b, k) => new Int32Array(b, 0, this.frontier.lengths[k]));
    writeFileSynced(join(dir, `tables-${this.id}.bin`), ...this.tables.map((t) => t.slots));
    writeFileSynced(join(dir, `frontier-${this.id}.bin`), ...frontierWords.map(bytesOf));
    const state: WorkerCheckpoint = {
      ...this.counters(),
      tables: this.tables.map((t) => [t.bytes, t.size]),
      frontier: this.frontier.lengths,
      frontierBuffers: this.frontier.buffers.map((b) => b.byteLength),
    };
    writeFileSynced(join(dir, `worker-${this.id}.json`), Buffer.from(JSON.stringify(state)));
  }

  /** Takes back what `save` wrote into `dir`; returns the tables' new memory, for the other workers' views. */
  restore(dir: string): SharedArrayBuffer[] {
    const state = JSON.parse(readFileSync(join(dir, `worker-${this.id}.json`), 'utf8')) as WorkerCheckpoint;
    this.setCounters(state);
    const slots = readFileSync(join(dir, `tables-${this.id}.bin`));
    let at = 0;
    state.tables.forEach(([bytes, size], j) => {
      this.tables[j] = FingerprintTable.restore(slots.subarray(at, at + bytes), size, true);
      at += bytes;
    });
    const records = readFileSync(join(dir, `frontier-${this.id}.bin`));
    at = 0;
    const buffers = state.frontier.map((words, k) => {
      const buffer = new ArrayBuffer(Math.max(state.frontierBuffers[k]!, CHUNK_WORDS * 4));
      new Uint8Array(buffer).set(records.subarray(at, at + words * 4));
      at += words * 4;
      return buffer;
    });
    this.frontier = { buffers, lengths: [...state.frontier] };
    closeSpill(this.frontierFile);
    this.frontierFile = undefined;
    this.sentBuffers = [];
    return this.tables.map((t) => t.buffer as SharedArrayBuffer);
  }

  /** The counts since the start, as the slice counter reads them. */
  private counted(): Counters {
    return { generated: this.generated, fired: this.fired, boundDiscards: this.boundDiscards };
  }

  /** The counters since the start (a checkpoint's, or a cluster's log of a level: cluster/slot.ts). */
  counters(): WorkerCounters {
    return {
      generated: this.generated,
      fired: [...this.fired],
      actions: [...this.actions],
      boundDiscards: [...this.boundDiscards],
      represented: this.represented,
    };
  }

  setCounters(c: WorkerCounters): void {
    this.generated = c.generated;
    this.fired.splice(0, this.fired.length, ...c.fired);
    this.actions.splice(0, this.actions.length, ...c.actions);
    this.actionIndex.clear();
    this.actions.forEach((a, k) => this.actionIndex.set(a.name, k));
    this.watching.splice(0, this.watching.length, ...this.actions.map((a) => this.witnesses?.forAction(a.name) ?? []));
    this.boundDiscards.splice(0, this.boundDiscards.length, ...c.boundDiscards);
    this.represented = c.represented;
  }

  /**
   * Copies of the frontier's records, between levels (after a level's last merge): this worker's share of the
   * level, which a cluster logs so that a replacement can rebuild the worker (`rebuild`).
   */
  frontierCopy(): WordRuns {
    const buffers = this.frontierInMemory().map((b, k) => b.slice(0, this.frontier.lengths[k]! * 4));
    return { buffers, lengths: [...this.frontier.lengths] };
  }

  /**
   * Rebuilds, one level at a time and oldest first, a worker that a cluster lost (cluster/slot.ts), on a fresh
   * worker: `level` is the records it stored in that level (their fingerprints go into its tables, and they
   * become its frontier); `setCounters` then gives it its counters of the last level. Same tables' contents,
   * same frontier, same counters as the lost worker at that level's end: the search goes on from there.
   */
  absorb(level: WordRuns): void {
    const fp = this.fp;
    level.buffers.forEach((buffer, b) => {
      const chunk = new Int32Array(buffer);
      const bytes = new Uint8Array(buffer);
      const used = level.lengths[b]!;
      for (let at = 0; at < used;) {
        const length = chunk[at]!;
        const words = length < 0 ? this.unpack(bytes, (at + 1) * 4, -length) : chunk.subarray(at + 1, at + 1 + length);
        hashWords(words, words.length, fp);
        this.tables[subtableOf(fp, 0)]!.add(fp, 0);
        at += 1 + (length < 0 ? (-length + 3) >> 2 : length);
      }
    });
    // Buffers of the pool's size: expand recycles them.
    this.frontier = {
      buffers: level.buffers.map((b) => {
        const own = new ArrayBuffer(Math.max(b.byteLength, CHUNK_WORDS * 4));
        new Uint8Array(own).set(new Uint8Array(b));
        return own;
      }),
      lengths: [...level.lengths],
    };
  }

  private tableBytes(): number {
    let bytes = 0;
    for (const t of this.tables) bytes += t.bytes;
    return bytes;
  }

  /** The frontier being expanded, slice by slice, and where the last slice stopped in it. */
  private cursor: WordRuns & { ranks: Int32Array } = { buffers: [], lengths: [], ranks: new Int32Array(0) };
  private cursorBuffer = 0;
  /** The file of the frontier being expanded, of the complete next one, and of the one being built. */
  private cursorFile: SpillFile | undefined;
  private frontierFile: SpillFile | undefined;
  private building: { file: SpillFile; buffers: ArrayBuffer[]; lengths: number[] } | undefined;
  private spills = 0;
  private cursorAt = 0;
  private cursorIndex = 0;
  private scratch = new Int32Array(256);
  private scratchViews: Int32Array[] = [];
  private represented = 0;
  /** What this worker sent lately (recentSends.ts); one entry in direct mode, which sends nothing. */
  private readonly recent: RecentSends;
  private outgrownSeen = 0;
  private readonly sliceCounter = new SliceCounter();

  /** The `count` words packed as bytes at `bytes[from..]`, in a scratch buffer valid until the next call. */
  private unpack(bytes: Uint8Array, from: number, count: number): Int32Array {
    if (this.scratch.length < count) {
      this.scratch = new Int32Array(count * 2);
      this.scratchViews = [];
    }
    const words = this.scratch;
    for (let k = 0; k < count; k++) words[k] = bytes[from + k]!;
    // One view per length, kept: a state's words are read through it until the next unpack.
    return (this.scratchViews[count] ??= words.subarray(0, count));
  }

  /** The state of the candidate at `c[at..]`, decoded (valid until the next unpack). */
  private stateAt(c: Int32Array, at: number): S {
    const length = c[at + C_LENGTH]!;
    const words =
      length < 0
        ? this.unpack(new Uint8Array(c.buffer, c.byteOffset), (at + C_WORDS) * 4, -length)
        : c.subarray(at + C_WORDS, at + C_WORDS + length);
    return this.decode(words);
  }

  private register(name: string, level: number, key: number): number {
    this.actionIndex.set(name, this.actions.length);
    this.actions.push({ name, level, key });
    this.fired.push(0);
    this.watching.push(this.witnesses?.forAction(name) ?? []);
    return this.actions.length - 1;
  }
}

/** `counts` copied into an array long enough for index `k`. */
function widen(counts: Float64Array, k: number): Float64Array<ArrayBuffer> {
  const wider = new Float64Array(Math.max(counts.length * 2, k + 1));
  wider.set(counts);
  return wider;
}

/** Buffer `k` of a frontier file, `words` long, read back into a buffer of its own. */
function readSpilled(file: SpillFile, k: number, words: number): ArrayBuffer {
  const buffer = new ArrayBuffer(Math.max(words, CHUNK_WORDS) * 4);
  const bytes = new Uint8Array(buffer, 0, words * 4);
  readAll(file.fd, bytes, file.offsets[k]!, `frontier file ${file.path}`);
  return buffer;
}

/** Closes and deletes a frontier file that has been read. */
function closeSpill(file: SpillFile | undefined): void {
  if (file === undefined) return;
  closeSync(file.fd);
  rmSync(file.path, { force: true });
}
