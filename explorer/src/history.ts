/**
 * A behaviour being explored: the states from an initial one, each with the action that produced it and its
 * position among its predecessor's successors, and a cursor on the state shown. Taking an action from the
 * cursor drops whatever lay ahead of it, as a browser's history does.
 *
 * A behaviour is rebuilt from a path (a link), from successor labels (what a worker's search reports) or from
 * states (an ITF file); all three go through the spec's own successors, so what the page shows is always a
 * behaviour of the model, except for the part of a foreign trace that the model cannot produce, which is kept
 * (so it can be read) but marked as not replayed.
 */
import type { Engine, LoadedTrace, RaftState, RaftStepAction } from './engine.js';

export interface HistoryStep {
  readonly state: RaftState;
  /** The action that produced the state: null for the initial state, undefined when not replayed. */
  readonly action: RaftStepAction | null | undefined;
  /** The action's label as the CLI prints it; null for the initial state. */
  readonly label: string | null;
  /** The action's kind (`Timeout`, `HandleRequestVoteRequest`); null for the initial state. */
  readonly name: string | null;
  /** Position among the predecessor's successors (the initial state's index for step 0); undefined when the
   * model cannot produce this step from the one before (a foreign trace). */
  readonly position: number | undefined;
}

export interface History {
  readonly steps: readonly HistoryStep[];
  readonly cursor: number;
}

/** The history of a model's first initial state. */
export function startHistory(engine: Engine): History {
  const init = engine.initialStates()[0];
  if (init === undefined) throw new Error('explorer: the model has no initial state');
  return { steps: [{ state: init, action: null, label: null, name: null, position: 0 }], cursor: 0 };
}

/** Takes successor `position` of the state at the cursor; everything after the cursor is dropped. */
export function take(engine: Engine, history: History, position: number): History {
  const at = history.steps[history.cursor]!;
  const successor = engine.successors(at.state)[position];
  if (successor === undefined) throw new Error(`explorer: no successor at position ${position}`);
  const step: HistoryStep = {
    state: successor.state,
    action: successor.action,
    label: successor.label,
    name: successor.name,
    position,
  };
  return { steps: [...history.steps.slice(0, history.cursor + 1), step], cursor: history.cursor + 1 };
}

/** Moves the cursor by `delta`, staying inside the history. */
export function move(history: History, delta: number): History {
  return moveTo(history, history.cursor + delta);
}

/** Puts the cursor on state `index`, clamped to the history. */
export function moveTo(history: History, index: number): History {
  const cursor = Math.max(0, Math.min(history.steps.length - 1, index));
  return cursor === history.cursor ? history : { ...history, cursor };
}

export type Rebuilt = { readonly history: History; readonly problem: string | undefined };

/** Rebuilds a history from a path: the initial state's index, then successor positions. */
export function fromPath(engine: Engine, path: readonly number[]): Rebuilt {
  const inits = engine.initialStates();
  const first = path[0] ?? 0;
  const init = inits[first];
  if (init === undefined) {
    return {
      history: startHistory(engine),
      problem: `the path starts at initial state ${first}, which the model lacks`,
    };
  }
  const steps: HistoryStep[] = [{ state: init, action: null, label: null, name: null, position: first }];
  for (let k = 1; k < path.length; k++) {
    const successor = engine.successors(steps[k - 1]!.state)[path[k]!];
    if (successor === undefined) {
      return {
        history: { steps, cursor: steps.length - 1 },
        problem: `step ${k} of the path names successor ${path[k]!}, which state ${k - 1} does not have`,
      };
    }
    steps.push({
      state: successor.state,
      action: successor.action,
      label: successor.label,
      name: successor.name,
      position: path[k]!,
    });
  }
  return { history: { steps, cursor: steps.length - 1 }, problem: undefined };
}

/** Rebuilds a history from the labels of the steps after the first initial state (a search's counterexample). */
export function fromLabels(engine: Engine, labels: readonly string[]): Rebuilt {
  let history = startHistory(engine);
  for (let k = 0; k < labels.length; k++) {
    const position = engine.successors(history.steps[k]!.state).findIndex((s) => s.label === labels[k]);
    if (position < 0) return { history, problem: `step ${k + 1} '${labels[k]!}' is not enabled in state ${k}` };
    history = take(engine, history, position);
  }
  return { history, problem: undefined };
}

/**
 * Rebuilds a history from a trace's states: each step is the successor whose state equals the trace's (its label
 * decides between equal ones). From the first step the model cannot produce on, the trace's states are kept
 * with no position, and the problem says where.
 */
export function fromTrace(engine: Engine, trace: LoadedTrace): Rebuilt {
  const same = (a: RaftState, b: RaftState): boolean =>
    JSON.stringify(engine.json(a)) === JSON.stringify(engine.json(b));
  const first = trace.steps[0];
  if (first === undefined) return { history: startHistory(engine), problem: 'the trace has no states' };
  const inits = engine.initialStates();
  const init = inits.findIndex((s) => same(s, first.state));
  const steps: HistoryStep[] = [
    { state: first.state, action: null, label: null, name: null, position: init < 0 ? undefined : init },
  ];
  let problem = init < 0 ? 'state 0 is not an initial state of the model' : undefined;
  for (let k = 1; k < trace.steps.length; k++) {
    const want = trace.steps[k]!;
    const before = steps[k - 1]!;
    if (problem === undefined) {
      const successors = engine.successors(before.state);
      const matching = successors.flatMap((s, p) => (same(s.state, want.state) ? [p] : []));
      const position = matching.find((p) => successors[p]!.label === want.label) ?? matching[0] ?? -1;
      if (position >= 0) {
        const s = successors[position]!;
        steps.push({ state: s.state, action: s.action, label: s.label, name: s.name, position });
        continue;
      }
      problem = `step ${k}${want.label === undefined ? '' : ` '${want.label}'`} does not follow from state ${k - 1} in this model`;
    }
    steps.push({ state: want.state, action: undefined, label: want.label ?? null, name: null, position: undefined });
  }
  return { history: { steps, cursor: steps.length - 1 }, problem };
}

/** The path of the whole history, or undefined when part of it is not the model's (a foreign trace). */
export function pathOf(history: History): number[] | undefined {
  const path = history.steps.map((s) => s.position);
  return path.every((p) => p !== undefined) ? path : undefined;
}

/** The history as a trace that can be written (every step replayed), or undefined. */
export function traceOf(
  history: History,
): { readonly state: RaftState; readonly action: RaftStepAction | null }[] | undefined {
  const out: { state: RaftState; action: RaftStepAction | null }[] = [];
  for (const s of history.steps) {
    if (s.action === undefined) return undefined;
    out.push({ state: s.state, action: s.action });
  }
  return out;
}

/** The first state that violates an invariant, with the invariants it violates; undefined when none does. */
export function firstViolation(
  engine: Engine,
  history: History,
): { readonly index: number; readonly invariants: readonly string[] } | undefined {
  for (let k = 0; k < history.steps.length; k++) {
    const invariants = engine.violated(history.steps[k]!.state);
    if (invariants.length > 0) return { index: k, invariants };
  }
  return undefined;
}
