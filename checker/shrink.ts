/**
 * Shrinking: a random walk that breaks an invariant is long and noisy; this removes steps while what is left still
 * replays through the model and still ends in a violation of the same invariant.
 *
 * A step is replayed by its label: from the current state, the first successor whose `formatAction` equals the
 * step's, or failing that the first one the caller's `similar` accepts (Raft's labels carry terms, which shift when
 * a Timeout goes). A step that no longer applies after a removal (no such successor, or one that breaks a bound or
 * another invariant) is skipped, so removing the Timeout that started an election also removes the election's
 * messages: dependent steps are scattered through a walk, and no contiguous segment holds them all. A try succeeds
 * when some replayed state violates the same invariant first; the trace then ends there. Every trace this returns
 * is made of real successors, so it replays exactly by its labels.
 *
 * Why delta debugging of our own rather than fast-check's shrinker: fast-check shrinks only values its own
 * arbitraries generated, so the walk would first have to be re-expressed as such a value, and its array shrinker
 * knows neither that a replay may stop early at the violation nor that inapplicable steps can be skipped. Here the
 * walk is shrunk as it is: segments from half the trace down to single steps are removed from the end backwards
 * (ddmin's complement tests), and a try replays only the suffix after the removed segment, since the states before
 * it are the current trace's own. Measured on the six Raft mutants (three servers, maxTerm 20): walks of 68 to 237
 * states shrink to 9 to 62 in 0.1 to 1.2 s; double-vote's to 9 states, the length breadth-first search finds.
 */
import { selectInvariants } from './bfs.js';
import type { Invariant, Model } from './model.js';
import { holdsStrictly } from './modelError.js';
import type { Step, Trace } from './trace.js';

export interface ShrinkOptions<A> {
  /** The invariants the run checked (all of the model's when absent): no earlier state may violate one. */
  readonly invariants?: readonly string[];
  /** Give up removing after this many replays (default 20000); the trace so far is returned. */
  readonly maxReplays?: number;
  /**
   * When no successor has a step's exact label, the first successor whose action is `similar` to the step's is
   * taken instead. A model whose labels carry values that removals shift (Raft's terms) supplies one, so that
   * removing a Timeout does not strand every later step of that term; the result is still a real behaviour.
   */
  readonly similar?: (a: A, b: A) => boolean;
}

export interface ShrinkResult<S, A> {
  /** The shortest trace found; the input itself when nothing could be removed. */
  readonly trace: Trace<S, A>;
  /** Suffix replays tried. */
  readonly replays: number;
  readonly seconds: number;
}

/**
 * Replays `actions` from `start` (a state within the bounds that violates nothing), skipping every step that does
 * not apply: no successor with its label, or one that breaks a bound or violates another invariant first. Returns
 * the steps taken up to and including the first state that violates `target`, or undefined when none does.
 */
function replaySuffix<S, A>(
  model: Model<S, A>,
  invariants: readonly Invariant<S>[],
  target: string,
  start: S,
  actions: readonly A[],
  similar: ((a: A, b: A) => boolean) | undefined,
): Step<S, A>[] | undefined {
  const steps: Step<S, A>[] = [];
  let state = start;
  for (const action of actions) {
    const name = model.actionName(action);
    const label = model.formatAction(action);
    let found: Step<S, A> | undefined;
    let fallback: Step<S, A> | undefined;
    for (const t of model.next(state)) {
      // Comparing names first skips formatting most successors.
      if (model.actionName(t.action) !== name) continue;
      if (model.formatAction(t.action) === label) {
        found = t;
        break;
      }
      if (fallback === undefined && similar?.(t.action, action) === true) fallback = t;
    }
    const taken = found ?? fallback;
    // A step that no longer applies is skipped rather than failing the try: removing a Timeout then also removes
    // the vote requests of the election it started, which no fixed segment could do.
    if (taken === undefined) continue;
    const bad = invariants.find((inv) => !holdsStrictly('shrink', inv, taken.state));
    if (bad !== undefined) {
      if (bad.name !== target) continue;
      steps.push(taken);
      return steps;
    }
    if (!model.bounds.every((b) => b.holds(taken.state))) continue;
    steps.push(taken);
    state = taken.state;
  }
  return undefined;
}

/**
 * Shrinks `trace`, whose last state violates `invariant` and whose other states are within the bounds and violate
 * nothing, to a shorter trace with the same property. Deterministic: the same trace gives the same result.
 */
export function shrink<S, A>(
  model: Model<S, A>,
  trace: Trace<S, A>,
  invariant: string,
  options: ShrinkOptions<A> = {},
): ShrinkResult<S, A> {
  const started = performance.now();
  const invariants = selectInvariants(model.invariants, options.invariants);
  const maxReplays = options.maxReplays ?? 20_000;
  let current: Step<S, A>[] = [...trace];
  let replays = 0;

  /** Tries removing steps [from, from + count) (indexes into `current`, step 0 being the initial state). */
  const tryRemove = (from: number, count: number): boolean => {
    if (from < 1 || from + count > current.length) return false;
    replays++;
    const rest = current.slice(from + count).map((s) => s.action!);
    const suffix = replaySuffix(model, invariants, invariant, current[from - 1]!.state, rest, options.similar);
    if (suffix === undefined) return false;
    current = [...current.slice(0, from), ...suffix];
    return true;
  };

  let chunk = Math.max(1, current.length >> 1);
  while (replays < maxReplays) {
    let removed = false;
    // From the end backwards: late steps depend on early ones, so removing late noise first keeps early removals
    // from being blocked by steps that are about to go anyway.
    for (let end = current.length; end > 1 && replays < maxReplays;) {
      const from = Math.max(1, end - chunk);
      if (tryRemove(from, end - from)) removed = true;
      end = Math.min(from, current.length);
    }
    if (chunk === 1 && !removed) break;
    if (chunk > 1) chunk >>= 1;
  }
  return { trace: current, replays, seconds: (performance.now() - started) / 1000 };
}
