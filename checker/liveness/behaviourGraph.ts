/**
 * The behaviour graph: every state reachable within the bounds, numbered in breadth-first order, with its edges
 * in compressed rows (the edges of state s are `edgeStart[s] .. edgeStart[s+1]`). An edge holds the successor's
 * id, its position among the state's successors (so a path replays through `replayPath`, as the safety search's
 * do) and the fairness families whose step it is; a state holds the families enabled in it and the truth of
 * the properties' predicates. 8 bytes an edge and 10 a state, in typed arrays: the states themselves are not kept.
 * Past a threshold the edges go to files while the graph is built and come back for the search (edgeStore.ts).
 *
 * Steps to the same state are stutters (they satisfy no fairness and are implicit everywhere), so they are not
 * stored. A successor that breaks a bound is not stored either, but its step counts as enabled (temporal.ts).
 * A state with successors all of which break a bound is "cut": every behaviour through it that goes on leaves
 * the bounds, so beyond it the search can say nothing.
 */
import { Encoding } from '../encoding.js';
import { fingerprint, FINGERPRINT_WORDS } from '../fingerprint.js';
import type { Model } from '../model.js';
import type { Progress } from '../reporter.js';
import { FingerprintIndex } from './fingerprintIndex.js';
import { EdgeStore, type EdgeStoreOptions, type Edges } from './edgeStore.js';
import { int32Column, uint16Column, uint32Column } from './growable.js';
import type { StepProperty } from './temporal.js';

export interface BehaviourGraph {
  /** Number of states. */
  readonly size: number;
  /** Per initial state of the model (in its order), its id, or -1 when it breaks a bound. */
  readonly initialIds: Int32Array;
  readonly edgeStart: Int32Array;
  readonly edgeTarget: Int32Array;
  /** The position of edge e's successor among its source's successors (on disk when the edges went there). */
  readonly edgePosition: (e: number) => number;
  /** Per edge, the fairness families (bit k: the model's k-th) whose step it is. */
  readonly edgeFair: Uint16Array;
  /** The edge columns themselves; `release()` them when done with the graph. */
  readonly edges: Edges;
  /** Per state, the fairness families with a step enabled in it. */
  readonly enabled: Uint16Array;
  /** Per state, bit k: the k-th predicate holds in it. */
  readonly labels: Uint32Array;
  /** States all of whose successors break a bound. */
  readonly cut: number;
  /** States with no successor but themselves (behaviours through them stutter forever). */
  readonly deadlocked: number;
  readonly generated: number;
  readonly depth: number;
  readonly boundDiscards: Record<string, number>;
  /** Bytes of the graph's arrays in memory (edges and per-state columns). */
  readonly bytes: number;
  /** Bytes of the edges' columns in memory. */
  readonly edgeBytes: number;
  /** Bytes of the edges' columns left on disk. */
  readonly edgeDiskBytes: number;
  /** Bytes the fingerprint index held when the build ended (freed with the build). */
  readonly indexBytes: number;
  /** Per step property, per state, the position of its first successor whose step breaks it, or -1. */
  readonly badStep: readonly Int32Array[];
  /** Per state, bit k: step property k arms there; per edge, bit k: its step disarms property k. */
  readonly arms: Uint16Array;
  readonly edgeDisarms: Uint16Array;
}

export interface BuildOptions {
  readonly maxStates?: number;
  readonly shouldStop?: () => string | undefined;
  readonly onProgress?: (p: Progress) => void;
  readonly progressIntervalMs?: number;
  /** Where the edges go (edgeStore.ts): in memory up to a threshold, then to files. */
  readonly edges?: EdgeStoreOptions;
}

export type BuildResult =
  | { readonly kind: 'built'; readonly graph: BehaviourGraph }
  | { readonly kind: 'incomplete'; readonly reason: string; readonly states: number; readonly generated: number };

/** At most this many fairness families (edge and state masks are 16 bits). */
export const MAX_FAIRNESS = 16;
/** At most this many predicates (a state's labels are 32 bits). */
export const MAX_PREDICATES = 32;

/**
 * Explores `model` breadth-first within its bounds and records its behaviour graph. `families[k]` says whether
 * an action is in fairness family k; `predicates[k]` is the k-th predicate the labels record.
 */
export function buildBehaviourGraph<S, A>(
  model: Model<S, A>,
  families: readonly ((action: A, from: S) => boolean)[],
  predicates: readonly ((state: S) => boolean)[],
  options: BuildOptions = {},
  steps: readonly StepProperty<S, A>[] = [],
): BuildResult {
  if (families.length > MAX_FAIRNESS) throw new Error(`liveness: at most ${MAX_FAIRNESS} fairness families`);
  if (predicates.length > MAX_PREDICATES) throw new Error(`liveness: at most ${MAX_PREDICATES} predicates`);
  const started = performance.now();
  // Dropped before the edges come back from disk, so that the two never share memory.
  let index: FingerprintIndex | undefined = new FingerprintIndex();
  const encoding = new Encoding();
  const fp = new Int32Array(FINGERPRINT_WORDS);
  const edgeStart = int32Column();
  const edgeStore = new EdgeStore(options.edges, steps.length > 0);
  const enabled = uint16Column();
  const labels = uint32Column();
  const badStep = steps.map(() => int32Column());
  const arms = uint16Column();
  const armsOf = (state: S): number => {
    let bits = 0;
    for (let k = 0; k < steps.length; k++) if (steps[k]!.arms?.(state) ?? true) bits |= 1 << k;
    return bits;
  };
  let disarmsHere = 0;
  const boundDiscards = new Array<number>(model.bounds.length).fill(0);
  const copy = model.copy ?? ((s: S): S => s);
  let size = 0;
  let generated = 0;
  let cut = 0;
  let deadlocked = 0;

  const label = (state: S): number => {
    let bits = 0;
    for (let k = 0; k < predicates.length; k++) if (predicates[k]!(state)) bits |= 1 << k;
    return bits >>> 0;
  };
  const fairOf = (action: A, from: S): number => {
    let bits = 0;
    for (let k = 0; k < families.length; k++) if (families[k]!(action, from)) bits |= 1 << k;
    return bits;
  };
  const withinBounds = (state: S): boolean => {
    let ok = true;
    model.bounds.forEach((b, k) => {
      if (!b.holds(state)) {
        boundDiscards[k]!++;
        ok = false;
      }
    });
    return ok;
  };
  const idOrAdd = (state: S): number => {
    encoding.reset();
    model.encode(state, encoding);
    fingerprint(encoding, fp);
    return index!.idOrAdd(fp, size);
  };

  let frontier: S[] = [];
  const inits = model.initialStates();
  const initialIds = new Int32Array(inits.length).fill(-1);
  inits.forEach((state, k) => {
    generated++;
    if (!withinBounds(state)) return;
    const id = idOrAdd(state);
    initialIds[k] = id;
    if (id !== size) return;
    size++;
    labels.push(label(state));
    if (steps.length > 0) arms.push(armsOf(state));
    frontier.push(state);
  });

  let depth = frontier.length > 0 ? 1 : 0;
  let explored = 0;
  const interval = options.progressIntervalMs ?? 3000;
  let nextReport = started + interval;
  // The state being expanded, shared with the visitor so that it allocates nothing but new states.
  let self = 0;
  let position = 0;
  let enabledHere = 0;
  let inBoundsHere = 0;
  let successorsHere = 0;
  let next: S[] = [];
  let current: S | undefined;
  const visit = (action: A, successor: S): void => {
    const pos = position++;
    if (pos > 0xffff) throw new Error('liveness: a state has more than 65536 successors; positions do not fit');
    generated++;
    disarmsHere = 0;
    for (let k = 0; k < steps.length; k++) {
      const step = steps[k]!;
      const bad = badStep[k]!;
      if (bad.array[self] === -1 && !step.holds(current!, action, successor)) bad.array[self] = pos;
      if (step.disarms?.(current!, action, successor) === true) disarmsHere |= 1 << k;
    }
    const fair = fairOf(action, current!);
    if (!withinBounds(successor)) {
      successorsHere++;
      enabledHere |= fair;
      return;
    }
    const id = idOrAdd(successor);
    if (id === self) return;
    successorsHere++;
    inBoundsHere++;
    enabledHere |= fair;
    if (id === size) {
      size++;
      labels.push(label(successor));
      if (steps.length > 0) arms.push(armsOf(successor));
      next.push(copy(successor));
    }
    edgeStore.push(id, pos, fair, disarmsHere);
  };

  for (;;) {
    for (const state of frontier) {
      edgeStart.push(edgeStore.length);
      position = 0;
      enabledHere = 0;
      inBoundsHere = 0;
      successorsHere = 0;
      current = state;
      for (const bad of badStep) bad.push(-1);
      if (model.forEachSuccessor !== undefined) model.forEachSuccessor(state, visit);
      else for (const t of model.next(state)) visit(t.action, t.state);
      // Only steps to itself: the state stutters forever, as a deadlocked one does.
      if (successorsHere === 0) deadlocked++;
      else if (successorsHere > 0 && inBoundsHere === 0) cut++;
      enabled.push(enabledHere);
      self++;
      if ((++explored & 255) !== 0) continue;
      const stop = options.shouldStop?.();
      if (stop !== undefined) {
        edgeStore.abandon();
        return { kind: 'incomplete', reason: stop, states: size, generated };
      }
      if (options.maxStates !== undefined && size >= options.maxStates && self < size) {
        edgeStore.abandon();
        return {
          kind: 'incomplete',
          reason: `stopped at ${size} distinct states (--max-states)`,
          states: size,
          generated,
        };
      }
      const now = performance.now();
      if (options.onProgress !== undefined && now >= nextReport) {
        nextReport = now + interval;
        options.onProgress({
          generatedStates: generated,
          distinctStates: size,
          queue: size - self,
          depth,
          seconds: (now - started) / 1000,
        });
      }
    }
    if (next.length === 0) break;
    frontier = next;
    next = [];
    depth++;
  }
  edgeStart.push(edgeStore.length);
  const indexBytes = index.bytes;
  index = undefined;
  frontier = [];
  const edges = edgeStore.finish();
  const discards: Record<string, number> = {};
  model.bounds.forEach((b, k) => (discards[b.name] = boundDiscards[k]!));
  const graph: BehaviourGraph = {
    size,
    initialIds,
    edgeStart: edgeStart.trimmed(),
    edgeTarget: edges.target,
    edgePosition: edges.position,
    edgeFair: edges.fair,
    edges,
    enabled: enabled.trimmed(),
    labels: labels.trimmed(),
    cut,
    deadlocked,
    generated,
    depth,
    boundDiscards: discards,
    bytes: 0,
    edgeBytes: edges.memoryBytes,
    edgeDiskBytes: edges.diskBytes,
    indexBytes,
    badStep: badStep.map((c) => c.trimmed()),
    arms: arms.trimmed(),
    edgeDisarms: edges.disarms,
  };
  return { kind: 'built', graph: { ...graph, bytes: graphBytes(graph) } };
}

function graphBytes(g: BehaviourGraph): number {
  const perState = [g.edgeStart, g.enabled, g.labels, g.arms, ...g.badStep];
  return g.edgeBytes + perState.reduce((sum, a) => sum + a.byteLength, 0);
}
