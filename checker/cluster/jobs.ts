/**
 * Independent jobs (jobThread.ts) spread over a cluster's worker slots, one job a slot at a time; a job whose slot
 * is lost runs again on another (a job must give the same answer wherever and however often it runs). What
 * `simulate --cluster` uses for its shares of walks.
 */
import { randomBytes } from 'node:crypto';
import type { ModelRecipe } from '../recipe.js';
import type { JobOutcome } from './jobThread.js';
import { Membership } from './membership.js';
import { Replies } from './port.js';
import type { JobReply, SlotEnvelope } from './protocol.js';
import { portableRecipe } from './slot.js';
import { encodeJson, streamName, subjects, type Link } from './transport.js';

export interface JobsOptions {
  readonly link: Link;
  readonly version: string;
  readonly moduleRoot: string;
  readonly note: (line: string) => void;
}

export interface JobsRun {
  readonly done: Promise<JobOutcome[]>;
  /** Ends the jobs under way (their slots stop them) and the run. */
  stop(): void;
}

export function runClusterJobs(jobs: readonly ModelRecipe[], options: JobsOptions): JobsRun {
  const { link, note } = options;
  const runId = `j${randomBytes(6).toString('hex')}`;
  const attempt = randomBytes(3).toString('hex');
  const membership = new Membership(link, runId, options.version, note);
  let stopped = false;
  let adoptions = 0;

  const one = async (index: number, replies: Replies): Promise<JobOutcome> => {
    for (;;) {
      const slot = await membership.claim();
      if (slot === undefined || stopped) throw new Error('stopped');
      const epoch = `${attempt}x${adoptions++}`;
      const env: SlotEnvelope = {
        op: 'job',
        version: options.version,
        job: portableRecipe(jobs[index]!, options.moduleRoot),
        runId,
        owner: index,
        epoch,
        seq: 1,
      };
      const reply = await new Promise<JobReply | undefined>((resolve, reject) => {
        const timer = setInterval(() => {
          if (membership.lost(slot)) {
            clearInterval(timer);
            replies.on(index, epoch, 1, undefined);
            note(`job ${index}: worker slot ${slot} lost; the job runs again`);
            resolve(undefined);
          }
        }, 250);
        replies.on(index, epoch, 1, (r) => {
          clearInterval(timer);
          replies.on(index, epoch, 1, undefined);
          if (r.refused === true) {
            note(`job ${index}: worker slot ${slot} refused it: ${r.error ?? ''}`);
            resolve(undefined);
          } else if (r.error !== undefined) reject(new Error(`worker slot ${slot}, job ${index}: ${r.error}`));
          else resolve(r.result as JobReply);
        });
        link.nc.publish(subjects.slot(slot), encodeJson(env));
      });
      if (reply === undefined) {
        membership.drop(slot);
        continue;
      }
      membership.give(slot);
      // JSON carries an absent blob as null.
      const bytes = reply.bytes == null ? undefined : await link.getBytes(reply.bytes);
      return bytes === undefined ? { value: reply.value } : { value: reply.value, bytes };
    }
  };

  const done = (async () => {
    await link.ensureStream(runId);
    const refresh = (): void => {
      void link.kv
        .put(`run.${runId}`, JSON.stringify({ runId, jobs: jobs.length, at: Date.now() }))
        .catch(() => undefined);
    };
    refresh();
    const refresher = setInterval(refresh, 1000);
    await membership.start();
    try {
      const replies = new Replies(link, runId);
      return await Promise.all(jobs.map((_, k) => one(k, replies)));
    } finally {
      clearInterval(refresher);
      membership.close();
      await link.kv.delete(`run.${runId}`).catch(() => undefined);
      await link.jsm.streams.delete(streamName(runId)).catch(() => undefined);
    }
  })();

  return {
    done,
    stop() {
      stopped = true;
      link.nc.publish(subjects.stop(runId), encodeJson({}));
      membership.close();
    },
  };
}
