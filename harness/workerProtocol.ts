/**
 * What crosses threads in a simulation on several workers: the main thread sends each worker its share of the
 * walks and one shared Int32 cell, the lowest violating walk index found so far, so that no worker starts a walk
 * that could no longer be the answer; each worker posts back plain data.
 */
import type { SimulateOptions, SimulateProgress, SimulateStats } from '../checker/simulate.js';
import type { RaftConfig } from '../spec/raft/config.js';
import type { InvariantsRecipe, SimulationEngine } from './simulateRaft.js';

/** The shared cell's value while no worker has found a violation. */
export const NO_VIOLATION = 0x7fffffff;

/** What the main thread sends each worker. */
export interface WorkerInput {
  readonly config: RaftConfig;
  readonly bugs: readonly string[];
  readonly engine: SimulationEngine;
  readonly options: Omit<
    SimulateOptions,
    'lowestViolation' | 'firstWalk' | 'walkStride' | 'collectFingerprints' | 'onProgress'
  >;
  /** The invariants a user's files add, loaded again in the worker. */
  readonly extraInvariants?: InvariantsRecipe;
  /** Post progress messages (every second). */
  readonly progress: boolean;
  readonly first: number;
  readonly stride: number;
  /** One Int32: the lowest violating walk index found, NO_VIOLATION when none. */
  readonly lowest: SharedArrayBuffer;
}

/** What a worker posts back: its violating walk (-1 when none) and its stats, fingerprints included. */
export interface WorkerOutput {
  readonly walk: number;
  readonly stats: SimulateStats;
}

/** A worker's messages: progress while it runs, then its output. */
export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: SimulateProgress }
  | { readonly type: 'output'; readonly output: WorkerOutput }
  /** A user's invariant threw (spec/raft/stateView.ts `InvariantThrew`), sent as data to be rethrown. */
  | { readonly type: 'threw'; readonly invariant: string; readonly reason: string; readonly state: string };
