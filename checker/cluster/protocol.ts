/**
 * The messages of a cluster run (coordinator.ts ↔ slot.ts), as JSON on core NATS subjects (transport.ts). Bulk
 * data never rides in them: they name blobs in the run's stream.
 */
import type { ModelRecipe } from '../recipe.js';
import type { ActionSeen, ExpandResult, WorkerCounters } from '../parallel/worker.js';
import type { SliceCounts } from '../parallel/sliceCounts.js';
import type { Blob } from './transport.js';

/** A run as the coordinator describes it in the KV bucket (`run.<runId>`); slots build the model from it. */
export interface RunDescription {
  readonly runId: string;
  /** raft-check's version: a slot of another version is refused. */
  readonly version: string;
  /** The model's recipe, its module relative to the package's root (each machine has its own install). */
  readonly recipe: ModelRecipe;
  readonly invariants: readonly string[] | undefined;
  /** Owners of fingerprints (fp mod owners): the run's number of workers. */
  readonly owners: number;
  /** modelDigest.ts of the coordinator's model: a slot that builds another model is refused. */
  readonly digest: string;
}

/** A slot's heartbeat (`slot.<id>` in the bucket), every HEARTBEAT_MS. */
export interface SlotBeat {
  readonly version: string;
  readonly host: string;
  readonly pid: number;
  /** The run and owner it serves, if any. */
  readonly runId?: string;
  readonly owner?: number;
}

export const HEARTBEAT_MS = 500;
/** A slot whose heartbeat is older than this is gone: its owner goes to another slot. */
export const LOST_MS = 3000;

/** One level of an owner's log: the states it stored in that level. */
export interface LogEntry {
  readonly level: number;
  readonly blob: Blob;
}

export type SlotRequest =
  | {
      readonly op: 'adopt';
      readonly run: RunDescription;
      /** The owner's log, oldest first, and its counters at the last entry's end. */
      readonly log: readonly LogEntry[];
      readonly counters: WorkerCounters | undefined;
    }
  | {
      readonly op: 'expand';
      readonly level: number;
      readonly slice: number;
      readonly ranks: Blob | undefined;
      readonly until: number | undefined;
    }
  | {
      readonly op: 'merge';
      readonly level: number;
      readonly slice: number;
      readonly last: boolean;
      /** Candidates for this owner, by sender (undefined: none). */
      readonly inbox: readonly (Blob | undefined)[];
    }
  | { readonly op: 'release' }
  /** A job (jobThread.ts): its recipe, the module relative to the package's root; the reply is a JobReply. */
  | { readonly op: 'job'; readonly version: string; readonly job: ModelRecipe }
  /** The coordinator will not use this slot (another version); the slot says why and leaves. */
  | { readonly op: 'refuse'; readonly reason: string };

/**
 * A request as sent: which run, owner and adoption (epoch), and its number in that adoption's sequence (a resend
 * after the server came back has the same, and the slot answers it again without doing it twice).
 */
export type SlotEnvelope = SlotRequest & {
  readonly runId: string;
  readonly owner: number;
  readonly epoch: string;
  readonly seq: number;
};

export interface ExpandReply {
  readonly generated: number;
  readonly fired: number[];
  readonly actions: ActionSeen[];
  readonly boundDiscards: number[];
  readonly witnesses: number[];
  readonly violation: ExpandResult['violation'];
  readonly stopped: boolean;
  /** The slice's own counts (parallel/sliceCounts.ts), its marks as plain numbers for JSON. */
  readonly slice: Omit<SliceCounts, 'marks'> & { readonly marks: number[] };
  /** Candidates by owner (undefined: none). */
  readonly outboxes: (Blob | undefined)[];
}

export interface MergeReply {
  readonly keys: Blob;
  readonly count: number;
  readonly shardBytes: number;
  readonly newStates: [number, number, number][];
  readonly represented: number | undefined;
  /** At a level's last slice: the states the owner stored in the level, logged, and its counters. */
  readonly log: { readonly blob: Blob; readonly counters: WorkerCounters } | undefined;
}

export interface JobReply {
  readonly value: unknown;
  readonly bytes: Blob | undefined;
}

export interface SlotReply {
  readonly slot: string;
  readonly owner: number;
  readonly seq: number;
  readonly epoch: string;
  readonly result?: ExpandReply | MergeReply | JobReply | true;
  /** The slot could not do it; `refused`: it will not serve this run (another version or model). */
  readonly error?: string;
  readonly refused?: boolean;
}
