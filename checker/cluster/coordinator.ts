/**
 * A search spread over worker slots on any number of machines, through one NATS server with JetStream
 * (transport.ts): the parallel search of one machine (parallel/coordinator.ts) with each owner of fingerprints
 * served by a slot (slot.ts) through a ClusterPort (port.ts). Same ranks, same merges: the counts, depth and
 * counterexample are one worker's, whatever the number of slots and machines. docs/adr/006 explains the design.
 *
 * The run is described in the bucket (`run.<runId>`, refreshed every second: slots of a run whose coordinator
 * is gone free themselves); its data lives in the stream `RC_<runId>`, removed when the run ends unless a
 * checkpoint may still need it (`--checkpoint`: a resumed coordinator rebuilds the owners from it).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parallelCheck } from '../parallel/coordinator.js';
import { buildModel, type ModelRecipe } from '../recipe.js';
import type { Progress } from '../reporter.js';
import type { Search, SearchOptions, SearchOutcome } from '../search.js';
import type { CheckStats } from '../stats.js';
import { Membership } from './membership.js';
import { modelDigest } from './modelDigest.js';
import { ClusterPort, Replies, type ClusterContext } from './port.js';
import type { RunDescription } from './protocol.js';
import { portableRecipe } from './slot.js';
import { encodeJson, sent, streamName, subjects, type Blob, type Link } from './transport.js';

export interface ClusterOptions {
  readonly link: Link;
  /** Fingerprint owners: slots the run uses at once (more slots wait as spares). */
  readonly owners: number;
  readonly version: string;
  /** This installation's root, against which the recipe's module is made relative (slot.ts localRecipe). */
  readonly moduleRoot: string;
  /** Lines for the user: slots waited for, lost, taken over; the server lost and back. */
  readonly note: (line: string) => void;
}

/** The transport figures of a finished cluster run (the bench's). */
export interface ClusterFigures {
  readonly coordinatorBytes: number;
  readonly coordinatorMessages: number;
}

export const clusterFigures = (): ClusterFigures => ({
  coordinatorBytes: sent.bytes,
  coordinatorMessages: sent.messages,
});

export function startClusterSearch(recipe: ModelRecipe, options: SearchOptions, cluster: ClusterOptions): Search {
  const { link } = cluster;
  let stopReason: string | undefined;
  let membership: Membership | undefined;
  let runId = '';
  const started = performance.now() - (options.resume?.meta.seconds ?? 0) * 1000;
  // Read through a call: stop() sets it while the run awaits.
  const stoppedFor = (): string | undefined => stopReason;

  const run = async (): Promise<SearchOutcome> => {
    runId =
      options.resume === undefined
        ? `r${randomBytes(6).toString('hex')}`
        : (JSON.parse(readFileSync(join(options.resume.path, 'owner-0.json'), 'utf8')) as { runId: string }).runId;
    const digest = modelDigest(await buildModel(recipe));
    const description: RunDescription = {
      runId,
      version: cluster.version,
      recipe: portableRecipe(recipe, cluster.moduleRoot),
      invariants: options.invariants,
      owners: cluster.owners,
      digest,
    };
    await link.ensureStream(runId);
    if (options.resume !== undefined) await checkLogs(link, options.resume.path, cluster.owners);
    const refresh = (): void => {
      void link.kv.put(`run.${runId}`, JSON.stringify({ ...description, at: Date.now() })).catch(() => undefined);
    };
    refresh();
    const refresher = setInterval(refresh, 1000);
    const m = new Membership(link, runId, cluster.version, cluster.note);
    membership = m;
    await m.start();
    const ctx: ClusterContext = {
      link,
      run: description,
      attempt: randomBytes(3).toString('hex'),
      membership: m,
      blobs: new Map<number, Blob>(),
      replies: new Replies(link, runId),
      note: cluster.note,
    };
    const ports = Array.from({ length: cluster.owners }, (_, o) => new ClusterPort(o, ctx));
    const dir = mkdtempSync(join(options.workDir ?? tmpdir(), 'raft-check-'));
    let complete = false;
    let nextProgress = performance.now();
    try {
      await m.await(cluster.owners, (have) => {
        cluster.note(`waiting for ${cluster.owners} worker slots (${have} so far): raft-check worker ${link.url}`);
      });
      const early = stoppedFor();
      if (early !== undefined) return stoppedBeforeStart(early, seconds(started));
      const outcome = await parallelCheck(ports, {
        linksFile: join(dir, 'parents.bin'),
        ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
        boundNames: options.boundNames,
        ...(options.witnessNames === undefined ? {} : { witnessNames: options.witnessNames }),
        ...(options.checkpoint === undefined ? {} : { checkpoint: options.checkpoint }),
        ...(options.resume === undefined ? {} : { resume: options.resume }),
        ...(options.onCheckpoint === undefined ? {} : { onCheckpoint: options.onCheckpoint }),
        onLevel: (s) => {
          // A progress line at most every progressIntervalMs, as on one machine.
          if (performance.now() < nextProgress) return;
          nextProgress = performance.now() + (options.progressIntervalMs ?? 3000);
          options.onProgress?.(progressOf(s));
        },
      });
      complete = outcome.kind !== 'incomplete';
      if (outcome.kind !== 'incomplete') return outcome;
      if (!outcome.stopped)
        return {
          kind: 'incomplete',
          cause: 'max-states',
          reason: outcome.reason,
          stats: outcome.stats,
          approximate: false,
        };
      return {
        kind: 'incomplete',
        cause: 'interrupted',
        reason: stoppedFor() ?? 'stopped',
        stats: outcome.stats,
        approximate: false,
      };
    } finally {
      clearInterval(refresher);
      for (const p of ports) p.release();
      m.close();
      rmSync(dir, { recursive: true, force: true });
      await link.kv.delete(`run.${runId}`).catch(() => undefined);
      // A checkpoint names the states in the stream: they stay until a run ends complete.
      if (complete || options.checkpoint === undefined)
        await link.jsm.streams.delete(streamName(runId)).catch(() => undefined);
    }
  };

  const done = run().catch((e: unknown): SearchOutcome => {
    const message = e instanceof Error ? e.message : String(e);
    // The server gone for good, or a slot's error: the run stops; a checkpoint, if any, is where to go on from.
    return {
      kind: 'incomplete',
      cause: 'interrupted',
      reason: `the cluster run failed: ${message}`,
      stats: emptyStats(seconds(started)),
      approximate: true,
    };
  });

  return {
    done,
    stop(reason) {
      if (stopReason !== undefined) return;
      stopReason = reason;
      if (runId !== '') link.nc.publish(subjects.stop(runId), encodeJson({ reason }));
      membership?.close();
    },
  };
}

/** Every owner's log in the checkpoint must still be in the stream (the server kept its store). */
async function checkLogs(link: Link, dir: string, owners: number): Promise<void> {
  for (let o = 0; o < owners; o++) {
    const part = JSON.parse(readFileSync(join(dir, `owner-${o}.json`), 'utf8')) as { log: { blob: Blob }[] };
    for (const { blob } of part.log) {
      if (blob.parts > 0) await link.getChunks({ prefix: blob.prefix, parts: 1 });
    }
  }
}

function seconds(started: number): number {
  return (performance.now() - started) / 1000;
}

function progressOf(s: CheckStats): Progress {
  return {
    generatedStates: s.generatedStates,
    distinctStates: s.distinctStates,
    queue: s.queueLeft,
    depth: s.depth,
    seconds: s.seconds,
  };
}

function emptyStats(secs: number): CheckStats {
  return {
    distinctStates: 0,
    generatedStates: 0,
    depth: 0,
    queueLeft: 0,
    seconds: secs,
    actions: {},
    boundDiscards: {},
    storeBytes: 0,
    collisionProbability: 0,
  };
}

function stoppedBeforeStart(reason: string, secs: number): SearchOutcome {
  return { kind: 'incomplete', cause: 'interrupted', reason, stats: emptyStats(secs), approximate: false };
}
