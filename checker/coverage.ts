/**
 * What a run exercised, from its statistics and the model's optional members: the action kinds that never fired
 * (`Model.actionNames`) and the invariants that held only vacuously (`Invariant.witness` never reached). A run
 * that holds says nothing about what it did not try; these say what it did not.
 */
import type { Model } from './model.js';
import type { CheckStats } from './stats.js';

export interface Coverage {
  /** Action kinds of `Model.actionNames` that fired no step. */
  readonly neverFired: string[];
  /** Checked invariants whose witness was not reached, with it: `{ invariant, witness }`. */
  readonly vacuous: { readonly invariant: string; readonly witness: string }[];
}

/**
 * The coverage of a run of `model` with `stats`, for the invariants named (all of the model's when absent); only
 * the invariants' names and witnesses are read, so a caller may add invariants the model was not built with.
 */
export function coverageOf(
  model: Pick<Model<unknown, unknown>, 'actionNames'> & {
    readonly invariants: readonly { readonly name: string; readonly witness?: string }[];
  },
  stats: CheckStats,
  invariantNames?: readonly string[],
): Coverage {
  const neverFired = (model.actionNames ?? []).filter((name) => (stats.actions[name]?.fired ?? 0) === 0);
  const vacuous: Coverage['vacuous'] = [];
  const witnesses = stats.witnesses;
  // Names the model does not hold (a user's own invariants) carry no witness, so they are skipped, not refused.
  for (const inv of model.invariants.filter((i) => invariantNames?.includes(i.name) ?? true)) {
    // Only a witness the run watched and did not reach makes a claim; no figure (an abandoned run) makes none.
    if (inv.witness !== undefined && witnesses?.[inv.witness] === null) {
      vacuous.push({ invariant: inv.name, witness: inv.witness });
    }
  }
  return { neverFired, vacuous };
}
