/**
 * Seeded random simulation: random behaviours (walks) of a model, each state checked against the invariants.
 *
 * Breadth-first search stops being useful when the bug lies 30 or more steps deep; a random walk gets there in
 * microseconds. A walk starts in an initial state and each step takes one successor of the current state. A chosen
 * successor that breaks a bound is checked against the invariants (as the checker does) and not taken; another is
 * chosen; when every successor breaks a bound, or there is none, the walk ends. A successor equal to its source
 * (a stutter: in Raft, Restart of a fresh follower or AdvanceCommitIndex with nothing to commit) is not taken
 * either: it reaches nothing new, and a walk that has pushed every bound to its limit would otherwise spend the
 * rest of its depth stuttering instead of ending and making room for a fresh walk.
 *
 * Why swarm testing by default: with uniform choice every walk has the same mix of actions, and in Raft that mix
 * is dominated by actions that are always enabled (Restart, Timeout, DropMessage), which keep breaking elections:
 * on three servers 97% of uniform walks never elect a leader. Swarm testing (Groce et al., ISSTA 2012) gives each
 * walk its own weight per action kind, log-uniform between 1/64 and 1; a step chooses a kind in proportion to its
 * weight, then an instance of it uniformly. On top of that, a kind's weight is divided by the square of the number
 * of steps of the walk at which it could fire so far: a kind that is always available fades, and one that just
 * became possible (BecomeLeader on a quorum, the first AppendEntries of a new leader) is likely to be taken at
 * once. Measured on three servers with the commit-old-term mutant (maxTerm 20, 300 steps): walks electing no
 * leader fall from 82% (swarm alone) to 38%, walks electing seven or more rise from 0.1% to 15%, and the mutant,
 * not found in 40 s before, is found in seconds. None of this is Raft-specific: it only reads action kinds.
 * `uniform` chooses uniformly among the successors instead, with no weights and no damping.
 *
 * Reproducibility: walk w's choices and weights come only from `mixSeed(seed, w)`, never from a stream shared
 * between walks. So a run with `walks: W` reports the violation of the lowest walk index below W whatever the
 * number of workers, and that walk can be replayed alone with `runWalk`.
 */
import { Encoding } from './encoding.js';
import { refuseBlindEncoding } from './encodingCheck.js';
import { notBoolean } from './modelError.js';
import { fingerprint, FINGERPRINT_WORDS } from './fingerprint.js';
import { selectInvariants } from './bfs.js';
import type { Bound, Invariant, Model } from './model.js';
import { replayPath } from './path.js';
import { hashString, mixSeed, Random } from './random.js';
import { FingerprintSet } from './stateStore.js';
import type { Trace } from './trace.js';

export interface SimulateOptions {
  /** The run's seed; walk w uses `mixSeed(seed, w)`. */
  readonly seed: number;
  /** Run walks with indexes below this (default 1000 when `seconds` is absent, else unlimited). */
  readonly walks?: number;
  /** Start no walk after this many seconds (a walk under way finishes). */
  readonly seconds?: number;
  /** Steps per walk at most (default 300). */
  readonly maxDepth?: number;
  /** Choose uniformly among successors instead of by per-walk action weights. */
  readonly uniform?: boolean;
  /** Names of the invariants to check; all of the model's when absent. */
  readonly invariants?: readonly string[];
  /** This run does walks firstWalk, firstWalk + walkStride, ... (default 0 and 1): how workers split walks. */
  readonly firstWalk?: number;
  readonly walkStride?: number;
  /**
   * The lowest walk index at which any cooperating run found a violation (Infinity when none). Walks at or above
   * it are not started; walks below it are started even after `seconds`, so the lowest one is always found.
   */
  readonly lowestViolation?: () => number;
  /** Keep every new fingerprint in `SimulateStats.fingerprints`, so that workers' distinct counts can be merged. */
  readonly collectFingerprints?: boolean;
  /** Called between walks at most every `progressIntervalMs` (default 1000), for progress output. */
  readonly onProgress?: (progress: SimulateProgress) => void;
  readonly progressIntervalMs?: number;
}

/** How far a run has got: its walks and steps so far, and the next walk index it would start. */
export interface SimulateProgress {
  readonly walks: number;
  readonly steps: number;
  /** Every walk of this run below this index (in its share, with workers) has run without a violation. */
  readonly nextWalk: number;
  readonly seconds: number;
}

export interface SimulateStats {
  /** Walks completed (a violating walk included). */
  walks: number;
  /** Steps taken, over all walks. */
  steps: number;
  /** Successors listed, over all walks (the taken ones included; with `forEachAction` only drawn ones are built). */
  generated: number;
  /** Distinct states visited within the bounds (by fingerprint). */
  distinctStates: number;
  /** Drawn successors found to break a bound: checked against the invariants, not taken. */
  boundHits: number;
  /** Successors found equal to their source (stutters, found as bounds are), not taken. */
  stutters: number;
  /** Walks that ended before the maximum depth because every successor broke a bound or stuttered. */
  deadEnds: number;
  seconds: number;
  stepsPerSecond: number;
  /** Per action kind: steps taken. */
  actions: Record<string, number>;
  /** When `collectFingerprints`: the new fingerprints, 4 words each, `distinctStates` of them. */
  fingerprints?: Int32Array;
}

export type SimulateResult<S, A> =
  | { readonly kind: 'ok'; readonly stats: SimulateStats }
  | {
      readonly kind: 'violation';
      readonly invariant: string;
      readonly trace: Trace<S, A>;
      /** The initial state's index, then each step's successor position (see path.ts `replayPath`). */
      readonly path: readonly number[];
      /** The run's seed and the violating walk, which `runWalk` replays. */
      readonly seed: number;
      readonly walk: number;
      readonly stats: SimulateStats;
    };

/** One walk's outcome: the steps it took and, when it ended in one, the violated invariant. */
export interface Walk<S, A> {
  readonly trace: Trace<S, A>;
  readonly path: readonly number[];
  readonly invariant: string | undefined;
}

function sameWords(a: Encoding, b: Encoding): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  const x = a.words;
  const y = b.words;
  for (let k = 0; k < n; k++) if (x[k] !== y[k]) return false;
  return true;
}

const DEFAULT_MAX_DEPTH = 300;
const DEFAULT_WALKS = 1000;
/** Swarm weights are 2^-x with x uniform in [0, WEIGHT_OCTAVES): from 1/64 to 1. */
const WEIGHT_OCTAVES = 6;

/** The swarm weight of action kind `name` in the walk seeded `walkSeed`; independent of discovery order. */
export function swarmWeight(walkSeed: number, name: string): number {
  return 2 ** (-WEIGHT_OCTAVES * (mixSeed(walkSeed, hashString(name)) / 4294967296));
}

/**
 * The walking engine: one per run, reused by every walk.
 *
 * How a step chooses: it lists the current state's successors (their actions, and for a model without
 * `forEachAction`, their states), weighs each (see the opening comment), and draws one by weight. Whether a
 * successor breaks a bound or stutters is only learned for the one drawn (checking every successor costs more
 * than the occasional refusal): a refused successor is set aside and another is drawn by weight among the rest,
 * until one is admitted or none is left. So the successor taken is drawn by weight among the admissible ones.
 *
 * Why list actions and build one successor (`forEachAction` and `successorOf`): a step takes one successor out of
 * about a dozen; a walker that is handed every successor's state copies the ones it might take and pays for every
 * copy, while one that holds only action labels builds, encodes and checks just the successors it draws. With a
 * model that offers them and `decode`, a step allocates nothing but a view of the state it takes.
 */
class Walker<S, A> {
  readonly seen = new FingerprintSet(1 << 16);
  // Out-of-bound states are checked against the invariants once each, as in the checker.
  private readonly seenOutOfBounds = new FingerprintSet(1 << 10);
  /** The current state's encoding (compared word by word with a successor's to spot stutters). */
  private current = new Encoding();
  /** Where a drawn successor is encoded; it becomes `current` when the successor is taken. */
  private scratch = new Encoding();
  private readonly fp = new Int32Array(FINGERPRINT_WORDS);
  private readonly random = new Random(0);
  private readonly inits: readonly S[];
  private readonly invariants: Invariant<S>[];
  private readonly bounds: readonly Bound<S>[];
  private readonly kindIndex = new Map<string, number>();
  private lastName = '';
  private lastKind = 0;
  readonly kindNames: string[] = [];
  readonly fired: number[] = [];
  private kindWeight = new Float64Array(16);
  private kindCount = new Int32Array(16);
  /** Per kind: steps of the current walk at which it had a successor. */
  private availableSteps = new Float64Array(16);
  private walkSeed = 0;
  /** This step's successors: their actions, kinds and (for a model without `forEachAction`) states. */
  private candidates: S[] = [];
  private candidateActions: A[] = [];
  private candidateKinds = new Int32Array(64);
  /** This step's refused successors (1): out of bounds or stutters. */
  private refused = new Uint8Array(64);
  private weights = new Float64Array(64);
  /** This step's successors so far. */
  private count = 0;
  /** Whether the model lists actions and builds one successor at a time (see the class comment). */
  private readonly buildsOne: boolean;
  private readonly decodes: boolean;
  private readonly copy: (state: S) => S;
  private readonly lister: (action: A) => void;
  /** The state taken by `choose`, its encoding then in `current`. */
  private takenState: S | undefined;
  /** A successor found to violate an invariant: which one, and the successor's position. */
  private violation: { invariant: Invariant<S>; position: number } | undefined;
  private collected: Int32Array;
  collectedWords = 0;
  generated = 0;
  steps = 0;
  boundHits = 0;
  stutters = 0;
  deadEnds = 0;
  /** The current walk: the initial state's index, then each step's successor position (see path.ts). */
  readonly positions: number[] = [];

  constructor(
    private readonly model: Model<S, A>,
    invariants: readonly string[] | undefined,
    private readonly maxDepth: number,
    private readonly uniform: boolean,
    private readonly collect: boolean,
  ) {
    this.inits = model.initialStates();
    this.invariants = selectInvariants(model.invariants, invariants);
    this.bounds = model.bounds;
    this.collected = new Int32Array(collect ? 1 << 12 : 0);
    this.decodes = model.decode !== undefined;
    // A successor built by `successorOf` lives only until the next call: the walker keeps the one it takes as its
    // encoding (with `decode`) or as a copy.
    this.buildsOne =
      model.forEachAction !== undefined &&
      model.successorOf !== undefined &&
      (this.decodes || model.copy !== undefined);
    this.copy = model.copy ?? ((x: S): S => x);
    this.lister = (action) => {
      this.list(action, undefined);
    };
  }

  get fingerprints(): Int32Array {
    return this.collected.slice(0, this.collectedWords);
  }

  /** Runs the walk seeded `walkSeed`; returns the violated invariant, or undefined. */
  walk(walkSeed: number): Invariant<S> | undefined {
    const random = this.random;
    random.reseed(walkSeed);
    this.walkSeed = walkSeed;
    this.positions.length = 0;
    if (this.inits.length === 0) return undefined;
    const first = this.inits.length === 1 ? 0 : random.below(this.inits.length);
    let state: S = this.inits[first]!;
    this.positions.push(first);
    this.encodeInto(state, this.current);
    if (!this.withinBounds(state)) return this.checkOutOfBounds(state, this.current);
    let bad = this.visit(state, this.current);
    if (bad !== undefined) return bad;
    if (!this.uniform) {
      for (let kind = 0; kind < this.kindNames.length; kind++) {
        this.kindWeight[kind] = swarmWeight(walkSeed, this.kindNames[kind]!);
      }
      this.availableSteps.fill(0);
    }
    for (let depth = 0; depth < this.maxDepth; depth++) {
      this.count = 0;
      this.violation = undefined;
      if (this.buildsOne) this.model.forEachAction!(state, this.lister);
      else for (const t of this.model.next(state)) this.list(t.action, t.state);
      this.generated += this.count;
      const k = this.count === 0 ? -1 : this.choose(state);
      this.resetKindCounts();
      // Read through a method: the compiler cannot see that `choose` may have set it.
      const v = this.foundViolation();
      if (v !== undefined) {
        this.positions.push(v.position);
        return v.invariant;
      }
      if (k < 0) {
        this.deadEnds++;
        return undefined;
      }
      state = this.takenState!;
      this.positions.push(k);
      this.steps++;
      this.fired[this.candidateKinds[k]!]!++;
      bad = this.visit(state, this.current);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }

  /** Records one successor of the step: its action, its kind and, when the model handed it, its state. */
  private list(action: A, successor: S | undefined): void {
    const k = this.count++;
    if (k === this.candidateKinds.length) this.growCandidates();
    this.candidateActions[k] = action;
    if (successor !== undefined) this.candidates[k] = successor;
    const kind = this.kindOf(action);
    this.candidateKinds[k] = kind;
    // A kind counts as available at this step once, however many successors it has.
    if (this.kindCount[kind]!++ === 0) this.availableSteps[kind]!++;
  }

  /**
   * Draws successors by weight until one is admitted (see the class comment). Returns its index (its state in
   * `takenState`, its encoding in `current`), or -1 when every successor is refused or a refused one violated
   * an invariant (then `violation` says which).
   */
  private choose(state: S): number {
    const n = this.count;
    this.weigh();
    const weights = this.weights;
    const refused = this.refused;
    refused.fill(0, 0, n);
    for (let left = n; left > 0; left--) {
      // Summed afresh each draw, not decremented: the same sum in the same order on every engine and run.
      let total = 0;
      for (let k = 0; k < n; k++) if (refused[k] === 0) total += weights[k]!;
      let r = this.random.nextFloat() * total;
      let k = -1;
      for (let j = 0; j < n; j++) {
        if (refused[j] === 1) continue;
        k = j;
        r -= weights[j]!;
        if (r < 0) break;
      }
      const successor = this.buildsOne
        ? this.model.successorOf!(state, this.candidateActions[k]!)
        : this.candidates[k]!;
      this.encodeInto(successor, this.scratch);
      if (this.admit(successor, this.scratch, k)) {
        const previous = this.current;
        this.current = this.scratch;
        this.scratch = previous;
        this.takenState = !this.buildsOne
          ? successor
          : this.decodes
            ? this.decoded(this.current)
            : this.copy(successor);
        return k;
      }
      if (this.violation !== undefined) return -1;
      refused[k] = 1;
    }
    return -1;
  }

  /** The state whose encoding `encoding` holds, as `decode` gives it (valid while the encoding is unchanged). */
  private decoded(encoding: Encoding): S {
    return this.model.decode!(encoding.words.subarray(0, encoding.length));
  }

  /**
   * True when `successor`, whose encoding is `encoding`, may be taken: within the bounds (else counted and
   * checked against the invariants, a violation recorded) and not a stutter (else counted).
   */
  private admit(successor: S, encoding: Encoding, position: number): boolean {
    if (!this.withinBounds(successor)) {
      this.boundHits++;
      const bad = this.checkOutOfBounds(successor, encoding);
      if (bad !== undefined) this.violation = { invariant: bad, position };
      return false;
    }
    if (sameWords(encoding, this.current)) {
      this.stutters++;
      return false;
    }
    return true;
  }

  private foundViolation(): { invariant: Invariant<S>; position: number } | undefined {
    return this.violation;
  }

  /** The current walk as a trace, rebuilt from its successor positions. */
  trace(): Trace<S, A> {
    return replayPath(this.model, this.positions);
  }

  /** Clears the per-kind successor counts of this step. */
  private resetKindCounts(): void {
    const count = this.kindCount;
    const kinds = this.candidateKinds;
    for (let k = 0; k < this.count; k++) count[kinds[k]!] = 0;
  }

  private growCandidates(): void {
    const size = this.candidateKinds.length * 2;
    const kinds = new Int32Array(size);
    kinds.set(this.candidateKinds);
    this.candidateKinds = kinds;
    this.weights = new Float64Array(size);
    this.refused = new Uint8Array(size);
  }

  /** Fills `weights` for this step's successors. */
  private weigh(): void {
    const n = this.count;
    const weights = this.weights;
    if (this.uniform) {
      weights.fill(1, 0, n);
      return;
    }
    // A kind's weight is shared among its successors, damped by the square of the number of steps of this walk
    // at which the kind had one (see the opening comment).
    const kinds = this.candidateKinds;
    const count = this.kindCount;
    const available = this.availableSteps;
    for (let k = 0; k < n; k++) {
      const kind = kinds[k]!;
      const steps = available[kind]!;
      weights[k] = this.kindWeight[kind]! / (count[kind]! * steps * steps);
    }
  }

  private kindOf(action: A): number {
    const name = this.model.actionName(action);
    // Successors come in runs of one kind, so the last kind seen is usually the answer.
    if (name === this.lastName) return this.lastKind;
    let kind = this.kindIndex.get(name);
    if (kind === undefined) {
      kind = this.kindNames.length;
      this.kindIndex.set(name, kind);
      this.kindNames.push(name);
      this.fired.push(0);
      if (kind >= this.kindWeight.length) {
        const weight = new Float64Array(kind * 2);
        weight.set(this.kindWeight);
        this.kindWeight = weight;
        // Copied, not cleared: a kind can be discovered mid-step, and this step's counts weigh its successors.
        const count = new Int32Array(kind * 2);
        count.set(this.kindCount);
        this.kindCount = count;
        const available = new Float64Array(kind * 2);
        available.set(this.availableSteps);
        this.availableSteps = available;
      }
      this.kindWeight[kind] = this.uniform ? 1 : swarmWeight(this.walkSeed, name);
    }
    this.lastName = name;
    this.lastKind = kind;
    return kind;
  }

  private withinBounds(state: S): boolean {
    const bounds = this.bounds;
    for (let k = 0; k < bounds.length; k++) if (!bounds[k]!.holds(state)) return false;
    return true;
  }

  private encodeInto(state: S, out: Encoding): void {
    out.reset();
    this.model.encode(state, out);
  }

  /**
   * Records a state within the bounds, whose encoding is `encoding`; checks the invariants the first time it is
   * seen (they are pure, so a state seen before has passed).
   */
  private visit(state: S, encoding: Encoding): Invariant<S> | undefined {
    fingerprint(encoding, this.fp);
    if (!this.seen.add(this.fp)) return undefined;
    if (this.collect) {
      if (this.collectedWords + FINGERPRINT_WORDS > this.collected.length) {
        const bigger = new Int32Array(this.collected.length * 2);
        bigger.set(this.collected);
        this.collected = bigger;
      }
      this.collected.set(this.fp, this.collectedWords);
      this.collectedWords += FINGERPRINT_WORDS;
    }
    return this.violated(state);
  }

  /** Checks a state beyond the bounds, whose encoding is `encoding`, against the invariants the first time. */
  private checkOutOfBounds(state: S, encoding: Encoding): Invariant<S> | undefined {
    fingerprint(encoding, this.fp);
    return this.seenOutOfBounds.add(this.fp) ? this.violated(state) : undefined;
  }

  private violated(state: S): Invariant<S> | undefined {
    for (const inv of this.invariants) {
      const holds: unknown = inv.holds(state);
      if (holds === true) continue;
      if (holds === false) return inv;
      throw notBoolean('simulate', 'invariant', inv.name, holds);
    }
    return undefined;
  }
}

/**
 * Runs random walks of `model` until a walk violates an invariant or the budget (walks or seconds) is spent.
 * Without options: seed 1, 1000 walks of at most 300 steps.
 */
export function simulate<S, A>(model: Model<S, A>, options: SimulateOptions = { seed: 1 }): SimulateResult<S, A> {
  const started = performance.now();
  refuseBlindEncoding(model, 'simulate');
  const walker = new Walker(
    model,
    options.invariants,
    options.maxDepth ?? DEFAULT_MAX_DEPTH,
    options.uniform === true,
    options.collectFingerprints === true,
  );
  const limit = options.walks ?? (options.seconds === undefined ? DEFAULT_WALKS : Infinity);
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  const stride = options.walkStride ?? 1;
  const lowest = options.lowestViolation ?? ((): number => Infinity);
  const onProgress = options.onProgress;
  const interval = options.progressIntervalMs ?? 1000;
  let reported = started;
  let walks = 0;

  const stats = (): SimulateStats => {
    const seconds = (performance.now() - started) / 1000;
    const actions: Record<string, number> = {};
    walker.kindNames.forEach((name, k) => (actions[name] = walker.fired[k]!));
    return {
      walks,
      steps: walker.steps,
      generated: walker.generated,
      distinctStates: walker.seen.size,
      boundHits: walker.boundHits,
      stutters: walker.stutters,
      deadEnds: walker.deadEnds,
      seconds,
      stepsPerSecond: seconds > 0 ? walker.steps / seconds : 0,
      actions,
      ...(options.collectFingerprints === true ? { fingerprints: walker.fingerprints } : {}),
    };
  };

  for (let w = options.firstWalk ?? 0; w < limit; w += stride) {
    if (onProgress !== undefined) {
      const now = performance.now();
      if (now - reported >= interval) {
        reported = now;
        onProgress({ walks, steps: walker.steps, nextWalk: w, seconds: (now - started) / 1000 });
      }
    }
    const stopAt = lowest();
    if (w >= stopAt) break;
    // Past the deadline, only walks below a violation found elsewhere still run (see `lowestViolation`).
    if (stopAt === Infinity && performance.now() >= deadline) break;
    const bad = walker.walk(mixSeed(options.seed, w));
    walks++;
    if (bad !== undefined) {
      return {
        kind: 'violation',
        invariant: bad.name,
        trace: walker.trace(),
        path: [...walker.positions],
        seed: options.seed,
        walk: w,
        stats: stats(),
      };
    }
  }
  return { kind: 'ok', stats: stats() };
}

/**
 * The stats of one run whose walks were split among several (workers): counts add up, and distinct states are
 * the union of the parts' fingerprints, so every part must have run with `collectFingerprints`.
 */
export function mergeStats(parts: readonly SimulateStats[], seconds: number): SimulateStats {
  const seen = new FingerprintSet(1 << 16);
  const actions: Record<string, number> = {};
  const sum = { walks: 0, steps: 0, generated: 0, boundHits: 0, stutters: 0, deadEnds: 0 };
  for (const part of parts) {
    const fps = part.fingerprints;
    if (fps === undefined) throw new Error('mergeStats: a part was run without collectFingerprints');
    for (let at = 0; at < fps.length; at += FINGERPRINT_WORDS) seen.add(fps, at);
    for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += part[key];
    for (const [name, fired] of Object.entries(part.actions)) actions[name] = (actions[name] ?? 0) + fired;
  }
  return {
    ...sum,
    distinctStates: seen.size,
    seconds,
    stepsPerSecond: seconds > 0 ? sum.steps / seconds : 0,
    actions,
  };
}

/** Replays walk `walk` of a run seeded `seed` with the same options: its trace and violated invariant, if any. */
export function runWalk<S, A>(
  model: Model<S, A>,
  seed: number,
  walk: number,
  options: Pick<SimulateOptions, 'maxDepth' | 'uniform' | 'invariants'> = {},
): Walk<S, A> {
  const walker = new Walker(
    model,
    options.invariants,
    options.maxDepth ?? DEFAULT_MAX_DEPTH,
    options.uniform === true,
    false,
  );
  const bad = walker.walk(mixSeed(seed, walk));
  return { trace: walker.trace(), path: [...walker.positions], invariant: bad?.name };
}
