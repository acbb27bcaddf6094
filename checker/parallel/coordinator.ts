/**
 * The parallel breadth-first search: N workers (worker.ts), each owning the fingerprints that hash to it, explore
 * one level at a time, a slice of parents at a time in two phases (expand, then merge), and this coordinator
 * hands each worker its next phase as soon as what that phase needs is there (a merge of slice k needs every
 * worker's expansion of slice k); only the end of a level waits for every worker.
 *
 * Why levels and ranks: one worker explores its frontier in discovery order, so its first violation is the
 * successor with the smallest (parent's place in its level, successor position) among violations at the lowest
 * depth, and the path to each state goes through its first discovery in that order. Here every state carries
 * its global rank, its place in that same order; a candidate's key is (parent rank, position); each owner keeps
 * the smallest key of every new fingerprint; and the coordinator merges the owners' sorted keys into the next
 * level's ranks. So the frontier, the parent links, the counts and the counterexample are those of one worker,
 * whatever the number of workers and whatever the threads' timing.
 *
 * What the coordinator does per level is a merge of sorted key lists (cheap next to generating successors);
 * no lock is taken anywhere: shards are read by all in expand and written by their owner alone in merge.
 *
 * At a violation the counterexample is exact: the workers still expand every slice up to the violating parent's
 * (a smaller violation can only be there), and the smallest key found wins. So are the counts: the workers may
 * have explored past the violating parent before they heard of it, but each expansion reports its slice's own
 * counts and, per parent, those before it (sliceCounts.ts), and the coordinator counts what one worker counts
 * when it stops: the parents ranked before the violating one, that parent's successors up to the violating one,
 * and the states ranked in the levels before. `maxStates` is checked at the end of a level.
 */
import type { CheckStats } from '../stats.js';
import { tableCollisionProbability } from '../fingerprintTable.js';
import { DiskParentLinks } from '../diskParentLinks.js';
import { ParentLinks } from '../parentLinks.js';
import type { ExpandRequest, ExpandResult, MergeRequest, MergeResult } from './worker.js';
import type { WordRuns } from './words.js';
import { countsBefore, type Counters } from './sliceCounts.js';
import {
  bytesOf,
  CHECKPOINT_FORMAT,
  clearCheckpoints,
  commitCheckpoint,
  linksFile,
  readWords,
  stageCheckpoint,
  writeFileSynced,
  type CheckpointMeta,
} from '../checkpoint.js';
import { dirname, join, resolve } from 'node:path';

/** How the coordinator talks to one worker, in this thread (tests) or in another (searchWorker.ts). */
export interface WorkerPort {
  expand(request: ExpandRequest): Promise<ExpandResult>;
  merge(request: MergeRequest): Promise<MergeResult>;
  /** A merge, then at once an expansion (the next slice of the same level); optional, saves a round trip. */
  mergeThenExpand?(
    merge: MergeRequest,
    expand: ExpandRequest,
  ): Promise<{ merged: MergeResult; expanded: ExpandResult }>;
  /** Writes the worker's part of a checkpoint into a directory (checkpoint.ts); needed for `checkpoint`. */
  save?(dir: string): Promise<void>;
  /** Takes back the worker's part of a checkpoint; answers its tables' memory. Needed for `resume`. */
  restore?(dir: string): Promise<SharedArrayBuffer[]>;
}

/** Checkpoints (checkpoint.ts): where, how often, and what run they belong to. */
export interface CheckpointOptions {
  readonly dir: string;
  /** Milliseconds between checkpoints, each at the end of a level (0: after every level). */
  readonly everyMs: number;
  readonly identity: string;
}

export interface ParallelOptions {
  readonly maxStates?: number;
  /** Names of the model's bounds, in the model's order (for the discards report). */
  readonly boundNames: readonly string[];
  /** Names of the model's witnesses, in the model's order (for the witnesses report); none when absent. */
  readonly witnessNames?: readonly string[];
  /** Where the parent links go; in memory when absent. */
  readonly linksFile?: string;
  /** Called after each level. */
  readonly onLevel?: (stats: CheckStats) => void;
  readonly checkpoint?: CheckpointOptions;
  /** A checkpoint directory (checkpoint.ts `readCheckpoint`'s path, already checked) to go on from. */
  readonly resume?: { readonly path: string; readonly meta: CheckpointMeta };
  /** Called after each checkpoint is written. */
  readonly onCheckpoint?: (stats: CheckStats) => void;
  /** Parents per slice of a level (default SLICE_PARENTS; tests make it small to cut levels in many slices). */
  readonly sliceParents?: number;
}

/** What a parallel search ends with: a path instead of a trace (states stay in the workers). */
export type ParallelOutcome =
  | { readonly kind: 'ok'; readonly stats: CheckStats }
  | { readonly kind: 'violation'; readonly invariant: string; readonly path: number[]; readonly stats: CheckStats }
  | { readonly kind: 'incomplete'; readonly reason: string; readonly stopped: boolean; readonly stats: CheckStats };

/** Runs the search over `ports`; the workers share cells (cells.ts) that the caller set up. */
export async function parallelCheck(ports: readonly WorkerPort[], options: ParallelOptions): Promise<ParallelOutcome> {
  const resume = options.resume;
  // A resumed run's clock starts where the checkpoint's stopped.
  const started = performance.now() - (resume?.meta.seconds ?? 0) * 1000;
  if ((options.checkpoint !== undefined || resume !== undefined) && options.linksFile === undefined) {
    throw new Error('parallelCheck: checkpoints need the parent links on disk (linksFile)');
  }
  const links =
    options.linksFile === undefined
      ? new ParentLinks()
      : new DiskParentLinks(
          options.linksFile,
          resume === undefined ? undefined : { file: linksFile(dirname(resume.path)), size: resume.meta.links },
        );
  try {
    return await search(ports, options, links, started);
  } finally {
    if (links instanceof DiskParentLinks) links.close();
  }
}

async function search(
  ports: readonly WorkerPort[],
  options: ParallelOptions,
  links: ParentLinks | DiskParentLinks,
  started: number,
): Promise<ParallelOutcome> {
  const n = ports.length;
  let shards: SharedArrayBuffer[][] = [];
  // The sub-tables change version by version; each worker is sent them when its version is older.
  let shardsVersion = 1;
  const shardsSeen = new Array<number>(n).fill(0);
  let shardBytes: number[] = new Array<number>(n).fill(0);
  let ranks: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(n).fill(undefined);
  let levelStart = 0;
  let levelSize = 0;
  let depth = 0;
  // Each worker's latest expansion (its totals since the start).
  const last: ExpandResult[] = [];
  let represented: number | undefined;
  const newStates = new Map<string, number>();
  // Per witness, the shortest behaviour length any worker saw, taken only from levels that every worker finished
  // (a level cut short by a violation or a stop would make the figure depend on the threads' timing).
  const witnessNames = options.witnessNames;
  const witnessLengths = new Array<number>(witnessNames?.length ?? 0).fill(0);
  let startLevel = 0;
  const resume = options.resume;
  if (resume !== undefined) {
    const m = resume.meta;
    startLevel = m.level;
    depth = m.depth;
    levelStart = m.levelStart;
    levelSize = m.levelSize;
    shardBytes = [...m.shardBytes];
    for (const [name, count] of m.newStates) newStates.set(name, count);
    m.witnessLengths.forEach((length, k) => {
      if (k < witnessLengths.length) witnessLengths[k] = length;
    });
    ranks = ports.map((_, w) => readWords(join(resume.path, `ranks-${w}.bin`)));
    shards = await Promise.all(ports.map((p) => needed(p.restore?.bind(p), 'restore')(resume.path)));
    if (n === 1) shardsSeen.fill(shardsVersion);
  }
  const checkpoint = options.checkpoint;
  let lastCheckpoint = performance.now();
  // Links already in the checkpoint directory's links file that are this run's (checkpoint.ts).
  let savedLinks: number | undefined =
    resume !== undefined && checkpoint !== undefined && resolve(dirname(resume.path)) === resolve(checkpoint.dir)
      ? resume.meta.links
      : undefined;
  const save = async (level: number): Promise<void> => {
    if (checkpoint === undefined || !(links instanceof DiskParentLinks)) return;
    // A checkpoint left there by another run names links this run is about to overwrite: it goes first.
    if (savedLinks === undefined) clearCheckpoints(checkpoint.dir);
    const dir = stageCheckpoint(checkpoint.dir);
    await Promise.all(ports.map((p) => needed(p.save?.bind(p), 'save')(dir)));
    links.appendTo(linksFile(checkpoint.dir), savedLinks ?? 0);
    savedLinks = links.size;
    ranks.forEach((r, w) => {
      writeFileSynced(join(dir, `ranks-${w}.bin`), bytesOf(r ?? new Int32Array(0)));
    });
    const s = stats(levelSize);
    commitCheckpoint(checkpoint.dir, {
      format: CHECKPOINT_FORMAT,
      identity: checkpoint.identity,
      workers: n,
      level,
      depth,
      levelStart,
      levelSize,
      links: links.size,
      seconds: s.seconds,
      newStates: [...newStates],
      shardBytes,
      witnessLengths,
    });
    lastCheckpoint = performance.now();
    options.onCheckpoint?.(s);
  };

  /**
   * The stats, from each worker's counters (`counted`, its latest expansion's by default) and the states ranked
   * (`ranked`, all of them by default).
   */
  const stats = (
    queueLeft: number,
    counted: readonly Counted[] = last,
    ranked: Ranked = { distinct: links.size, newStates, represented },
  ): CheckStats => {
    const generated = counted.reduce((sum, r) => sum + r.generated, 0);
    // Order action kinds as one worker registers them: by the level, then the key, at which each first fired.
    const first = new Map<string, { level: number; key: number; fired: number }>();
    for (const r of counted) {
      r.actions.forEach((a, k) => {
        const seen = first.get(a.name);
        const fired = r.fired[k] ?? 0;
        // A kind a worker met only past a violation is not counted (one worker stops before meeting it).
        if (fired === 0) return;
        if (seen === undefined) first.set(a.name, { level: a.level, key: a.key, fired });
        else {
          seen.fired += fired;
          if (a.level < seen.level || (a.level === seen.level && a.key < seen.key)) {
            seen.level = a.level;
            seen.key = a.key;
          }
        }
      });
    }
    const actions: CheckStats['actions'] = {};
    [...first]
      .sort(([, x], [, y]) => x.level - y.level || x.key - y.key)
      .forEach(([name, a]) => (actions[name] = { fired: a.fired, distinct: ranked.newStates.get(name) ?? 0 }));
    const boundDiscards: CheckStats['boundDiscards'] = {};
    options.boundNames.forEach((name, k) => {
      boundDiscards[name] = counted.reduce((sum, r) => sum + (r.boundDiscards[k] ?? 0), 0);
    });
    return {
      distinctStates: ranked.distinct,
      generatedStates: generated,
      depth,
      queueLeft,
      seconds: (performance.now() - started) / 1000,
      actions,
      boundDiscards,
      // The links cost a fixed buffer in memory (on disk) or 6 bytes a state (in memory).
      storeBytes: shardBytes.reduce((a, b) => a + b, 0) + (links instanceof ParentLinks ? links.bytes : 0),
      collisionProbability: tableCollisionProbability(links.size),
      fingerprintBits: 95,
      ...(witnessNames === undefined
        ? {}
        : {
            witnesses: Object.fromEntries(witnessNames.map((name, k) => [name, witnessLengths[k]! || null])),
          }),
      ...(ranked.represented === undefined ? {} : { representedStates: ranked.represented }),
    };
  };

  const sliceParents = Math.max(1, options.sliceParents ?? SLICE_PARENTS);
  for (let level = startLevel; ; level++) {
    // The level in slices of parents by rank (SLICE_PARENTS says why); one worker takes it whole.
    const slices = n === 1 ? 1 : Math.max(1, Math.ceil(levelSize / sliceParents));
    const parentBase = levelStart;
    const nextStart = links.size;
    const nextRanks: Int32Array[][] = ports.map(() => []);
    let total = 0;
    // What was ranked before this level: one worker stops at a violation before it ranks any of the level's states.
    const before: Ranked = { distinct: nextStart, newStates: new Map(newStates), represented };
    const request = (slice: number, w: number): ExpandRequest => {
      const r = slice === 0 ? ranks[w] : undefined;
      const sendShards = shardsSeen[w]! < shardsVersion;
      shardsSeen[w] = shardsVersion;
      return {
        level,
        ...(sendShards ? { shards: [...shards] } : {}),
        ...(r === undefined ? {} : { ranks: r }),
        ...(slice === slices - 1 ? {} : { until: (slice + 1) * sliceParents }),
      };
    };
    /** A slice's merged states: their counts, then their ranks and parent links, in key order. */
    const rank = (merged: readonly MergeResult[]): void => {
      if (merged[0]?.represented !== undefined) represented = merged.reduce((sum, m) => sum + (m.represented ?? 0), 0);
      merged.forEach((m) => {
        for (const [sender, action, count] of m.newStates) {
          // Action indices only grow, so the latest results name every index an earlier slice used.
          const name = last[sender]!.actions[action]!.name;
          newStates.set(name, (newStates.get(name) ?? 0) + count);
        }
      });
      const sliceRanks = mergeRanks(
        merged.map((m) => m.keys),
        total,
        parentBase,
        links,
      );
      sliceRanks.forEach((r, w) => nextRanks[w]!.push(r));
      total += merged.reduce((sum, m) => sum + m.count, 0);
    };

    // Each worker goes at its own pace through the level: it expands slice after slice, and merges slice k once
    // every worker has expanded it, up to AHEAD slices expanded and not yet merged (a worker that a slower core
    // or a pause held back does not hold the others at every slice). Merges follow slice order on every worker,
    // and slices are ranked in order once every worker merged them, so the results are those of lockstep.
    const expandedBy = new Array<number>(n).fill(0);
    const mergedBy = new Array<number>(n).fill(0);
    const busy = new Array<boolean>(n).fill(false);
    const outboxes: WordRuns[][][] = Array.from({ length: slices }, () => []);
    const merged: MergeResult[][] = Array.from({ length: slices }, () => []);
    // Each worker's expansion of each slice not yet ranked (its counts, for a violation there).
    const expansions: ExpandResult[][] = Array.from({ length: slices }, () => []);
    const mergedCount = new Array<number>(slices).fill(0);
    let ranked = 0;
    // How the level ends, set by the workers' answers (a violation, a stop, a failure); none: it ran through.
    const end: {
      best: ExpandResult['violation'];
      stopped: boolean;
      failure: { readonly error: unknown } | undefined;
    } = { best: undefined, stopped: false, failure: undefined };
    // No expansion of this slice or later: past a violation's slice, nothing can hold a smaller one.
    let expandLimit = slices;
    let inFlight = 0;
    let wake: (() => void) | undefined;

    const expanded = (w: number, slice: number, r: ExpandResult): void => {
      last[w] = r;
      expansions[slice]![w] = r;
      outboxes[slice]![w] = r.outboxes;
      expandedBy[w] = slice + 1;
      const v = r.violation;
      if (
        v !== undefined &&
        (end.best === undefined ||
          v.parentRank < end.best.parentRank ||
          (v.parentRank === end.best.parentRank && v.position < end.best.position))
      ) {
        end.best = v;
        expandLimit = Math.min(expandLimit, Math.max(0, Math.floor(v.parentRank / sliceParents) + 1));
      }
      if (r.stopped) end.stopped = true;
    };
    const mergedSlice = (w: number, slice: number, m: MergeResult): void => {
      merged[slice]![w] = m;
      mergedBy[w] = slice + 1;
      // One worker reads only its own tables, so it never sends them.
      if (m.shard !== undefined && n > 1) {
        shards[w] = m.shard;
        shardsVersion++;
      }
      shardBytes[w] = m.shardBytes;
      mergedCount[slice]!++;
      while (ranked < slices && mergedCount[ranked] === n) {
        rank(merged[ranked]!);
        merged[ranked] = [];
        outboxes[ranked] = [];
        expansions[ranked] = [];
        ranked++;
      }
    };
    const start = <T>(w: number, work: Promise<T>, done: (result: T) => void): void => {
      busy[w] = true;
      inFlight++;
      work.then(
        (result) => {
          busy[w] = false;
          inFlight--;
          // What `done` throws (a full disk under the parent links) ends the level as a failure, not as an
          // unhandled rejection that would crash the process and leave its files behind.
          try {
            if (end.failure === undefined) done(result);
          } catch (error) {
            end.failure ??= { error };
          }
          wake?.();
        },
        (error: unknown) => {
          busy[w] = false;
          inFlight--;
          end.failure ??= { error };
          wake?.();
        },
      );
    };
    const inbox = (w: number, slice: number): MergeRequest => ({
      inbox: outboxes[slice]!.map((o) => o[w]!),
      last: slice === slices - 1,
    });
    const schedule = (): void => {
      // A violation, a stop or a failure ends the level: no more merges, and expansions only below the violation.
      const ending = end.best !== undefined || end.stopped || end.failure !== undefined;
      for (let w = 0; w < n; w++) {
        if (busy[w]) continue;
        const m = mergedBy[w]!;
        const e = expandedBy[w]!;
        const canMerge = !ending && m < slices && expandedBy.every((x) => x > m);
        // Past a violation no merge comes to free a worker's place ahead: it expands on up to the violating slice,
        // every slice of which it must expand (a smaller violation can be there, and the counts need it).
        const canExpand =
          !end.stopped &&
          end.failure === undefined &&
          e < expandLimit &&
          (end.best !== undefined || e - m - (canMerge ? 1 : 0) < AHEAD);
        const port = ports[w]!;
        if (canMerge && canExpand) {
          start(w, mergeThenExpand(port, inbox(w, m), request(e, w)), (both) => {
            mergedSlice(w, m, both.merged);
            expanded(w, e, both.expanded);
          });
        } else if (canMerge) {
          start(w, port.merge(inbox(w, m)), (result) => {
            mergedSlice(w, m, result);
          });
        } else if (canExpand) {
          start(w, port.expand(request(e, w)), (result) => {
            expanded(w, e, result);
          });
        }
      }
    };
    for (;;) {
      schedule();
      if (inFlight === 0) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (end.failure !== undefined) throw end.failure.error;
    const best = end.best;
    if (best !== undefined) {
      const path =
        best.parentRank < 0 ? [best.position] : [...links.pathTo(levelStart + best.parentRank), best.position];
      depth = Math.max(depth, path.length);
      const slice = Math.min(slices - 1, Math.max(0, Math.floor(best.parentRank / sliceParents)));
      // Every worker expanded the violating slice (schedule), unless a stop came too; then its latest counts.
      const counted = ports.flatMap((_, w) => {
        const r = expansions[slice]![w] ?? last[w];
        return r === undefined ? [] : [{ ...countsBefore(r, r.slice, best.parentRank + 1), actions: r.actions }];
      });
      return { kind: 'violation', invariant: best.invariant, path, stats: stats(levelSize, counted, before) };
    }
    if (end.stopped) {
      return { kind: 'incomplete', reason: 'stopped', stopped: true, stats: stats(levelSize) };
    }
    // Witnesses from levels every worker finished (a level cut short would make them depend on timing).
    for (const r of last) {
      r.witnesses.forEach((length, k) => {
        if (length !== 0 && (witnessLengths[k] === 0 || length < witnessLengths[k]!)) witnessLengths[k] = length;
      });
    }
    if (total === 0) break;
    levelStart = nextStart;
    levelSize = total;
    ranks = nextRanks.map(concatWords);
    depth++;
    options.onLevel?.(stats(total));
    if (checkpoint !== undefined && performance.now() - lastCheckpoint >= checkpoint.everyMs) await save(level + 1);
    if (options.maxStates !== undefined && links.size >= options.maxStates) {
      return {
        kind: 'incomplete',
        reason: `stopped at ${links.size} distinct states (--max-states)`,
        stopped: false,
        stats: stats(total),
      };
    }
  }
  return { kind: 'ok', stats: stats(0) };
}

/**
 * Parents per slice of a level. A level is expanded and merged a slice at a time, each slice's candidates merged
 * a slice or two after they are made (AHEAD), so what waits in the outboxes is a few slices', not a level's: at
 * L9 a level's candidates were 32 MiB. Slices follow ranks, so keys stay in order across them, and a candidate
 * of a later slice that an earlier one stored is dropped by the table lookup in expand, or else in merge (its
 * first copy has the smaller key). A slice's boundaries depend on ranks alone, not on the workers. Why 2^15:
 * since a worker expands the next slice while others still merge, two slices' buffers can be alive at once
 * (three since AHEAD is 2). L9, two workers: 2^15 peaked at 318–322 MiB, 2^16 at 327–329 MiB (376 before
 * results had one shape, worker.ts), with no difference in time that this machine could show; with AHEAD 2,
 * 2^15 peaks at 312–321 MiB.
 */
export const SLICE_PARENTS = 1 << 15;

/**
 * Slices a worker may have expanded and not yet merged. With 1, every slice is a barrier: all wait for the
 * slowest worker's expansion. With 2 a worker that finished early expands the next slice meanwhile, which keeps
 * one more slice of candidates in memory.
 */
const AHEAD = 2;

/** A port's merge and then its expansion of the next slice, in one request when the port can. */
function mergeThenExpand(
  port: WorkerPort,
  merge: MergeRequest,
  expand: ExpandRequest,
): Promise<{ merged: MergeResult; expanded: ExpandResult }> {
  if (port.mergeThenExpand !== undefined) return port.mergeThenExpand(merge, expand);
  return port.merge(merge).then(async (merged) => ({ merged, expanded: await port.expand(expand) }));
}

/** A worker's counters since the start of the search, as its expansion of a slice reports them. */
type Counted = Counters & Pick<ExpandResult, 'actions'>;

/** What the ranked states count: the distinct states, the new states by action kind, `represents`' sum. */
interface Ranked {
  readonly distinct: number;
  readonly newStates: ReadonlyMap<string, number>;
  readonly represented: number | undefined;
}

/** The arrays one after the other, in one array. */
function concatWords(parts: readonly Int32Array[]): Int32Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Int32Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A port's optional method, or an error naming it (a port made for tests may lack it). */
function needed<T>(method: ((dir: string) => Promise<T>) | undefined, name: string): (dir: string) => Promise<T> {
  if (method === undefined) throw new Error(`parallelCheck: a worker port without ${name} cannot checkpoint`);
  return method;
}

/**
 * Merges the workers' sorted key lists (`keys[w]`: (parent rank, position) pairs) into one order; adds each
 * state's parent link in that order (parent ranks count from `parentBase`) and returns, per worker, the global
 * rank of each of its new states, counting from `base`.
 */
function mergeRanks(
  keys: readonly Int32Array[],
  base: number,
  parentBase: number,
  links: { add(parent: number, position: number): unknown },
): Int32Array[] {
  const n = keys.length;
  const ranks = keys.map((k) => new Int32Array(k.length / 2));
  const at = new Int32Array(n);
  const total = base + keys.reduce((sum, k) => sum + k.length / 2, 0);
  for (let rank = base; rank < total; rank++) {
    let best = -1;
    let bestKey = Infinity;
    for (let w = 0; w < n; w++) {
      const i = at[w]!;
      const list = keys[w]!;
      if (2 * i >= list.length) continue;
      const key = list[2 * i]! * 65536 + list[2 * i + 1]!;
      if (key < bestKey) {
        bestKey = key;
        best = w;
      }
    }
    const i = at[best]!;
    const list = keys[best]!;
    const parentRank = list[2 * i]!;
    links.add(parentRank < 0 ? -1 : parentBase + parentRank, list[2 * i + 1]!);
    ranks[best]![i] = rank;
    at[best] = i + 1;
  }
  return ranks;
}
