/** What a liveness run checks: a model, its temporal properties and the fairness it assumes. */
import type { Model } from '../model.js';
import type { Fairness, StepProperty, TemporalProperty } from './temporal.js';

/** A recipe (recipe.ts) for a liveness thread builds one of these. */
export interface LivenessProblem<S, A> {
  readonly model: Model<S, A>;
  readonly properties: readonly TemporalProperty<S>[];
  readonly fairness: readonly Fairness<A, S>[];
  readonly steps?: readonly StepProperty<S, A>[];
}
