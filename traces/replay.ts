/**
 * Replay: re-executes a trace through any `Model` and reports the first state that does not follow.
 *
 * A trace is a list of states, each optionally naming the action that produced it, either by the label the
 * model's `formatAction` prints or by its `actionName`. The first state must be one of the model's initial states;
 * every later state must be a successor of the one before, under the named action when the trace names one
 * (a label is matched first; a bare name is matched when no label matches). States are compared by the model's
 * canonical encoding, which the `Model` contract makes equal exactly for equal states.
 *
 * The result is a value. A divergence carries what a person needs to see why: the actions enabled there, the
 * spec's state closest to the trace's (by number of differing fields) with those fields, and, when the named
 * action is not enabled, the model's explanation of which guard is false. Field diffs and explanations come from
 * optional hooks, so this module knows nothing of any protocol.
 */
import { Encoding } from '../checker/encoding.js';
import { refuseBlindEncoding } from '../checker/encodingCheck.js';
import { holdsStrictly } from '../checker/modelError.js';
import type { Model, Transition } from '../checker/model.js';

/** One state of a trace to replay, with the action the trace says produced it (ignored on the first state). */
export interface ReplayStep<S> {
  readonly state: S;
  readonly action?: string;
}

/** One field that differs: its path, the trace's value and the spec's value. */
export interface FieldDiff {
  readonly field: string;
  readonly trace: string;
  readonly spec: string;
}

/** What a model adapter may supply so that divergences are explained in its own terms. */
export interface ReplayHooks<S> {
  /** The fields in which the trace's state differs from the spec's. */
  diff?(traceState: S, specState: S): readonly FieldDiff[];
  /** Why the action named `action` (a label or a name) is not enabled in `state`; undefined when unknown. */
  explainDisabled?(state: S, action: string): string | undefined;
  /** False when the model has no action of that name (a label's first word) at all, enabled or not. */
  knowsAction?(action: string): boolean;
}

/** The spec's state nearest to the trace's, with the action that produced it. */
export interface Closest {
  readonly action: string;
  readonly diff: readonly FieldDiff[];
}

export interface Divergence {
  /** Index of the first state that does not follow (0: it is not an initial state). */
  readonly index: number;
  /** The action the trace names for that state, if any. */
  readonly action?: string;
  /**
   * `not-initial`: the first state is none of the initial states. `not-enabled`: the named action is not enabled
   * in the state before. `different-state`: the named action is enabled but produces other states. `no-successor`:
   * no action (the trace names none) produces the state. `unknown-action`: the model has no action of that name.
   */
  readonly problem: 'not-initial' | 'not-enabled' | 'different-state' | 'no-successor' | 'unknown-action';
  /** Labels of the actions enabled in the state before (empty for `not-initial`). */
  readonly enabled: readonly string[];
  readonly closest?: Closest;
  /** For `not-enabled`: the false guard, as the model's hook says. */
  readonly explanation?: string;
  /** Other actions that do produce the trace's state, when the named one does not. */
  readonly reachedBy: readonly string[];
}

/** The first state of a trace, among those that follow the model, where an invariant does not hold. */
export interface InvariantViolation {
  /** Its 0-based position in the trace. */
  readonly index: number;
  readonly invariant: string;
}

/**
 * The replay's verdict: `steps` actions replayed, or the first divergence; and in both cases the first state (of
 * those that follow) that violates one of the model's invariants, when one does: a counterexample confirmed.
 */
export type ReplayResult =
  | { readonly ok: true; readonly steps: number; readonly violation?: InvariantViolation }
  | { readonly ok: false; readonly divergence: Divergence; readonly violation?: InvariantViolation };

/** The first of `states` that breaks an invariant of `model`. */
function firstViolation<S, A>(model: Model<S, A>, states: readonly S[]): InvariantViolation | undefined {
  for (let index = 0; index < states.length; index++) {
    const broken = model.invariants.find((inv) => !holdsStrictly('replay', inv, states[index]!));
    if (broken !== undefined) return { index, invariant: broken.name };
  }
  return undefined;
}

function encoder<S, A>(model: Model<S, A>): (s: S) => string {
  const e = new Encoding();
  return (s) => {
    e.reset();
    model.encode(s, e);
    return e.words.subarray(0, e.length).join(',');
  };
}

function closestOf<S>(
  target: S,
  options: readonly { label: string; state: S }[],
  hooks: ReplayHooks<S>,
): Closest | undefined {
  let best: Closest | undefined;
  for (const o of options) {
    const diff = hooks.diff?.(target, o.state) ?? [];
    if (best === undefined || diff.length < best.diff.length) best = { action: o.label, diff };
  }
  return best;
}

/** The successors whose action the name matches: by label if any label matches, else by action name. */
function named<S, A>(model: Model<S, A>, successors: readonly Transition<S, A>[], name: string): Transition<S, A>[] {
  const byLabel = successors.filter((t) => model.formatAction(t.action) === name);
  return byLabel.length > 0 ? byLabel : successors.filter((t) => model.actionName(t.action) === name);
}

/**
 * Replays `trace` through `model`: `steps` is the number of actions replayed (states after the first), or the
 * first divergence. An empty trace replays with 0 steps.
 */
export function replay<S, A>(
  model: Model<S, A>,
  trace: readonly ReplayStep<S>[],
  hooks: ReplayHooks<S> = {},
): ReplayResult {
  const result = follow(model, trace, hooks);
  const followed = result.ok ? trace.length : result.divergence.index;
  const violation = firstViolation(
    model,
    trace.slice(0, followed).map((step) => step.state),
  );
  return violation === undefined ? result : { ...result, violation };
}

function follow<S, A>(model: Model<S, A>, trace: readonly ReplayStep<S>[], hooks: ReplayHooks<S>): ReplayResult {
  if (trace.length === 0) return { ok: true, steps: 0 };
  // A blind encode would make every state match: a replay that follows anything.
  refuseBlindEncoding(model, 'replay');
  const key = encoder(model);
  const first = trace[0]!.state;
  const inits = model.initialStates();
  if (!inits.some((s) => key(s) === key(first))) {
    const closest = closestOf(
      first,
      inits.map((state) => ({ label: 'Init', state })),
      hooks,
    );
    return {
      ok: false,
      divergence: {
        index: 0,
        problem: 'not-initial',
        enabled: [],
        reachedBy: [],
        ...(closest === undefined ? {} : { closest }),
      },
    };
  }
  for (let k = 1; k < trace.length; k++) {
    const before = trace[k - 1]!.state;
    const { state, action } = trace[k]!;
    const target = key(state);
    const successors = model.next(before);
    const candidates = action === undefined ? successors : named(model, successors, action);
    if (candidates.some((t) => key(t.state) === target)) continue;
    const labelled = (ts: readonly Transition<S, A>[]): { label: string; state: S }[] =>
      ts.map((t) => ({ label: model.formatAction(t.action), state: t.state }));
    const reachedBy =
      action === undefined ? [] : labelled(successors.filter((t) => key(t.state) === target)).map((t) => t.label);
    const unknown = action !== undefined && hooks.knowsAction?.(action.split(' ')[0]!) === false;
    const problem =
      action === undefined
        ? 'no-successor'
        : unknown
          ? 'unknown-action'
          : candidates.length === 0
            ? 'not-enabled'
            : 'different-state';
    // With the named action disabled, the nearest instance of the same kind says most (a vote refused, not granted).
    const sameKind = successors.filter(
      (t) => action !== undefined && `${action} `.startsWith(`${model.actionName(t.action)} `),
    );
    const pool = candidates.length > 0 ? candidates : sameKind.length > 0 ? sameKind : successors;
    const closest = closestOf(state, labelled(pool), hooks);
    const explanation =
      problem === 'not-enabled' && action !== undefined ? hooks.explainDisabled?.(before, action) : undefined;
    return {
      ok: false,
      divergence: {
        index: k,
        ...(action === undefined ? {} : { action }),
        problem,
        enabled: [...new Set(labelled(successors).map((t) => t.label))],
        reachedBy: [...new Set(reachedBy)],
        ...(closest === undefined ? {} : { closest }),
        ...(explanation === undefined ? {} : { explanation }),
      },
    };
  }
  return { ok: true, steps: trace.length - 1 };
}

const MAX_ENABLED_SHOWN = 40;

/** The divergence for people: what went wrong at which state, then the diagnosis, one item a line. */
export function formatDivergence(d: Divergence): string[] {
  const which = d.action === undefined ? '' : ` (${d.action})`;
  // People count states from 1, Init being state 1, as printed traces do; the file's 0-based position follows.
  const at = `state ${d.index + 1} (states[${d.index}])`;
  const before = `state ${d.index}`;
  const lines: string[] = [];
  switch (d.problem) {
    case 'not-initial':
      lines.push(`${at} is not an initial state`);
      break;
    case 'not-enabled':
      lines.push(`${at}${which} does not follow: the action is not enabled in ${before}`);
      if (d.explanation !== undefined) lines.push(`  why: ${d.explanation}`);
      break;
    case 'different-state':
      lines.push(`${at}${which} does not follow: the action produces a different state`);
      break;
    case 'no-successor':
      lines.push(`${at} does not follow: no action of ${before} produces it`);
      break;
    case 'unknown-action':
      lines.push(`${at}${which} does not follow: the model has no action named '${d.action?.split(' ')[0] ?? ''}'`);
      break;
  }
  if (d.reachedBy.length > 0) lines.push(`  the state does follow by: ${d.reachedBy.join(', ')}`);
  if (d.closest !== undefined && d.problem !== 'unknown-action') {
    const what = d.problem === 'not-initial' ? 'the initial state' : `the spec's state after ${d.closest.action}`;
    lines.push(`  ${what} differs in ${d.closest.diff.length} field${d.closest.diff.length === 1 ? '' : 's'}:`);
    for (const f of d.closest.diff) lines.push(`    ${f.field}: trace ${f.trace}, spec ${f.spec}`);
  }
  if (d.problem !== 'not-initial') {
    lines.push(`  enabled in ${before} (${d.enabled.length}):`);
    for (const label of d.enabled.slice(0, MAX_ENABLED_SHOWN)) lines.push(`    ${label}`);
    if (d.enabled.length > MAX_ENABLED_SHOWN) lines.push(`    ... and ${d.enabled.length - MAX_ENABLED_SHOWN} more`);
  }
  return lines;
}
