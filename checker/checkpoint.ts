/**
 * Checkpoints of the parallel search, so that a run killed outright (SIGKILL, power loss) can go on from where it
 * was instead of starting again.
 *
 * When: at the end of a breadth-first level, when the workers are idle and everything is in one consistent
 * place: each worker's fingerprint tables, frontier and counters, the coordinator's parent links, ranks and
 * totals. Mid-level there is no such moment (a worker with one thread adds successors to its tables as it meets
 * them), and a level of a large run takes seconds, so waiting for its end costs little.
 *
 * What: the tables as their raw slots (a table is its memory), the frontier records as they sit in their
 * buffers, the parent links up to the level's end, and one `meta.json` that names the run it belongs to (format,
 * version, model flags, invariants, number of workers). A resume recreates exactly the search's state, so it
 * ends with the counts and counterexample of a run never interrupted.
 *
 * The parent links grow with the run (6 bytes a state) and never change once written, so they are not copied
 * into each checkpoint: they live in one append-only file, `DIR/parents.bin`, beside the checkpoints, and a
 * checkpoint's `links` says how many of its first records are its own. Each checkpoint appends what was added
 * since the previous one (diskParentLinks.ts `appendTo`); records past the committed count (a checkpoint that
 * crashed before its commit) are cut by the next one.
 *
 * How, atomically: everything goes into `DIR/next`, each file synced; then `DIR/current` becomes `DIR/old`,
 * `DIR/next` becomes `DIR/current`, and `DIR/old` is removed. A crash at any point leaves either `current` (the
 * new checkpoint or the previous one) or, between the two renames, only `old` (the previous one): `readCheckpoint`
 * takes `current`, else `old`. A half-written `next` is never read.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeAll } from './fileBytes.js';

/** Bumped whenever what a checkpoint holds changes: an older one is refused. */
export const CHECKPOINT_FORMAT = 3;

/** What `meta.json` holds. */
export interface CheckpointMeta {
  readonly format: number;
  /** What the run explores (version, model, invariants); a resume must present the same. */
  readonly identity: string;
  readonly workers: number;
  /** The level the search expands next. */
  readonly level: number;
  readonly depth: number;
  /** Id of the first state of the frontier, and how many states it has. */
  readonly levelStart: number;
  readonly levelSize: number;
  /** The first records of `DIR/parents.bin` (`linksFile`) that belong to this checkpoint. */
  readonly links: number;
  /** Seconds the search had run when the checkpoint was written. */
  readonly seconds: number;
  /** New states by action name. */
  readonly newStates: readonly (readonly [string, number])[];
  readonly shardBytes: readonly number[];
  /** Per witness of the model, the shortest length seen so far (0: not reached). */
  readonly witnessLengths: readonly number[];
}

export type CheckpointRead =
  | { readonly ok: true; readonly path: string; readonly meta: CheckpointMeta }
  | { readonly ok: false; readonly error: string };

/** The checkpoint in `dir` (its `current`, else its `old`), or why there is none to resume from. */
export function readCheckpoint(dir: string): CheckpointRead {
  const path = [join(dir, 'current'), join(dir, 'old')].find((p) => existsSync(join(p, 'meta.json')));
  if (path === undefined) return { ok: false, error: `${dir} holds no checkpoint (no current/meta.json)` };
  let meta: CheckpointMeta;
  try {
    meta = JSON.parse(readFileSync(join(path, 'meta.json'), 'utf8')) as CheckpointMeta;
  } catch (e) {
    return {
      ok: false,
      error: `${path}/meta.json is not readable JSON (${e instanceof Error ? e.message : String(e)})`,
    };
  }
  if (meta.format !== CHECKPOINT_FORMAT) {
    return {
      ok: false,
      error: `the checkpoint in ${dir} has format ${String(meta.format)}, this raft-check reads ${CHECKPOINT_FORMAT}`,
    };
  }
  return { ok: true, path, meta };
}

/**
 * Why `meta` cannot be resumed by a run of `identity` with `workers` workers; undefined when it can. The
 * identities are JSON objects; the first setting that differs is named, down to the field inside an object
 * (`model.maxTerm: 2, now 3`).
 */
export function checkpointMismatch(meta: CheckpointMeta, identity: string, workers: number): string | undefined {
  if (meta.identity !== identity) {
    const [where, theirs, ours] = firstDifference(JSON.parse(meta.identity), JSON.parse(identity), '');
    return `the checkpoint was written for a different run (${where || 'identity'}: ${show(theirs)}, now ${show(ours)}); resume with the flags and files it was written with`;
  }
  if (meta.workers !== workers) {
    return `the checkpoint was written with --workers ${meta.workers} (fingerprints are split between workers); resume with --workers ${meta.workers}`;
  }
  return undefined;
}

const show = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));

/** The path of the first field where two JSON values differ, with both values there. */
function firstDifference(a: unknown, b: unknown, at: string): [string, unknown, unknown] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    for (const k of Object.keys({ ...a, ...b })) {
      if (JSON.stringify(a[k]) !== JSON.stringify(b[k]))
        return firstDifference(a[k], b[k], at === '' ? k : `${at}.${k}`);
    }
  }
  return [at, a, b];
}

/** The append-only parent links of the checkpoints in `dir` (see the module comment). */
export function linksFile(dir: string): string {
  return join(dir, 'parents.bin');
}

/** Removes the checkpoints in `dir` (a fresh run writing there: its links file is about to be cut). */
export function clearCheckpoints(dir: string): void {
  for (const sub of ['current', 'old', 'next']) rmSync(join(dir, sub), { recursive: true, force: true });
}

/** The staging directory a checkpoint is written into before `commitCheckpoint`; emptied first. */
export function stageCheckpoint(dir: string): string {
  const next = join(dir, 'next');
  rmSync(next, { recursive: true, force: true });
  // Not recursive: `dir` exists, and a recursive mkdir loops forever where mkdir says ENOENT (/proc/self).
  mkdirSync(next);
  return next;
}

/** Makes the staged checkpoint the current one (see the module comment for why this order). */
export function commitCheckpoint(dir: string, meta: CheckpointMeta): void {
  const next = join(dir, 'next');
  writeFileSynced(join(next, 'meta.json'), Buffer.from(JSON.stringify(meta)));
  const current = join(dir, 'current');
  const old = join(dir, 'old');
  rmSync(old, { recursive: true, force: true });
  if (existsSync(current)) renameSync(current, old);
  renameSync(next, current);
  rmSync(old, { recursive: true, force: true });
  syncDirectory(dir);
}

/** Writes the byte views in order into a new file at `path` and syncs it. */
export function writeFileSynced(path: string, ...parts: readonly Uint8Array[]): void {
  const fd = openSync(path, 'w');
  try {
    for (const part of parts) {
      writeAll(fd, part, null);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** An Int32Array's bytes, for `writeFileSynced`. */
export function bytesOf(words: Int32Array): Uint8Array {
  return new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
}

/** The whole file at `path` as words. */
export function readWords(path: string): Int32Array {
  const bytes = readFileSync(path);
  const words = new Int32Array(bytes.byteLength >> 2);
  bytesOf(words).set(bytes.subarray(0, words.byteLength));
  return words;
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
