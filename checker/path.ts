/** Rebuilding a behaviour from the positions the checker recorded. */
import type { Model } from './model.js';
import type { Step, Trace } from './trace.js';

/**
 * Replays `path` through `model`: the first number picks an initial state, each next one a successor of the
 * state before by its position in `model.next`. Any model that lists successors in the same order as the one
 * that recorded the path rebuilds the same behaviour.
 */
export function replayPath<S, A>(model: Model<S, A>, path: readonly number[]): Trace<S, A> {
  const inits = model.initialStates();
  const first = path[0];
  if (first === undefined || first >= inits.length) {
    throw new Error('replayPath: the path names an initial state the model does not have');
  }
  let state: S = inits[first] as S;
  const steps: Step<S, A>[] = [{ action: null, state }];
  for (let k = 1; k < path.length; k++) {
    const t = model.next(state)[path[k]!];
    if (t === undefined) {
      throw new Error(
        `replayPath: step ${k} names successor ${path[k]!}, which the model does not have; ` +
          'is `next` deterministic, and do both models list successors in the same order?',
      );
    }
    steps.push({ action: t.action, state: t.state });
    state = t.state;
  }
  return steps;
}
