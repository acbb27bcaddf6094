/**
 * The seam between a protocol and the checker. The checker explores any `Model`; it never learns what the states
 * mean. A model supplies its initial states, its labelled successors, its invariants, its bounds and a canonical
 * encoding of its states (from which the checker derives fingerprints).
 */
import type { Encoding } from './encoding.js';

/** One labelled successor: the action that fired and the state it produced. */
export interface Transition<S, A> {
  readonly action: A;
  readonly state: S;
}

/** A named safety property, checked on every reachable state. */
export interface Invariant<S> {
  readonly name: string;
  /** True when the property holds in `state`. Must be pure. */
  holds(state: S): boolean;
  /**
   * Optional: the name of the model's witness whose situation the property is about (for example "something was
   * committed" for a property of committed entries). A run that never reaches it reports the invariant as
   * vacuous: it held only because its situation never arose.
   */
  readonly witness?: string;
}

/**
 * A protocol situation the search watches for (a leader elected, a conflicting entry replaced), reported with the
 * length of the shortest behaviour that reaches it, in states as counterexamples count them, or as not reached.
 * It is a predicate over steps, so it can say what happened as well as what holds; the checker asks it on every
 * step it generates (bound-breaking successors included, as invariants are) until it is first reached, and never
 * on initial states.
 */
export interface Witness<S, A> {
  readonly name: string;
  /**
   * Optional: the action kinds (`actionName`) whose steps can reach it; steps of other kinds skip it. Absent,
   * every step is asked.
   */
  readonly actions?: readonly string[];
  /** True when the step from `from` by `action` to `to` reaches the situation. Pure; `to` lives only during the call. */
  reached(from: S, action: A, to: S): boolean;
}

/**
 * A named state constraint (TLC's CONSTRAINT). A successor that breaks a bound is checked against the invariants
 * but is neither counted as a distinct state nor explored.
 */
export interface Bound<S> {
  readonly name: string;
  holds(state: S): boolean;
}

/**
 * A state machine to explore.
 *
 * Contract:
 * - `initialStates` and `next` are pure and deterministic: equal states give equal successors in the same order.
 *   The checker records a path as the positions of the successors taken, so a nondeterministic order makes
 *   counterexamples unreplayable.
 * - `encode` writes the same words for equal states and different words for different states.
 * - `next` never mutates its argument.
 */
export interface Model<S, A> {
  initialStates(): readonly S[];
  /** Every successor of `state` under every enabled action instance, in a fixed order. */
  next(state: S): readonly Transition<S, A>[];
  /**
   * Optional, for speed: calls `visit` on every successor, in `next`'s order, with a state that is valid only
   * during the call (the model may reuse one buffer). With it the checker allocates only for new states, through
   * `copy`. A model that offers one must offer both.
   */
  readonly forEachSuccessor?: (state: S, visit: (action: A, successor: S) => void) => void;
  /** A copy of a state handed to a `forEachSuccessor` visitor that outlives the call. */
  readonly copy?: (state: S) => S;
  /**
   * Optional, for simulation: calls `visit` on the action of every successor of `state`, in `next`'s order, without
   * handing over the successors. A random walk takes one successor of a dozen; with this and `successorOf` it
   * builds only the ones it draws. A model that offers one must offer both, and each action must be listed once
   * per state (an action names its successor).
   */
  readonly forEachAction?: (state: S, visit: (action: A) => void) => void;
  /**
   * The successor of `state` by `action`, an action `forEachAction` listed for `state`: the same state `next`
   * gives for it. Valid only until the next call (the model may reuse one buffer); the caller copies it to keep it.
   */
  readonly successorOf?: (state: S, action: A) => S;
  readonly invariants: readonly Invariant<S>[];
  readonly bounds: readonly Bound<S>[];
  /** Writes a canonical encoding of `state` into `out`. */
  readonly encode: (state: S, out: Encoding) => void;
  /**
   * Optional: the inverse of `encode`, a state equal to the one whose encoding is `words` (the checker leaves
   * them unchanged while it uses the returned state). With it the checker can keep frontier states as
   * words off the JS heap and hand them between threads; `--workers` above 1 needs it.
   */
  readonly decode?: (words: Int32Array) => S;
  /**
   * Optional, for reduced models (symmetry.ts): how many states of the unreduced model `state` stands for (its
   * orbit's size). The search sums it over the distinct states it stores (`CheckStats.representedStates`).
   */
  readonly represents?: (state: S) => number;
  /** The action's kind, used to group statistics (for example `Timeout`). */
  readonly actionName: (action: A) => string;
  /**
   * Optional: every action kind this configuration can fire, in the model's order. With it a run reports the
   * kinds that never fired (coverage.ts): a run that holds may not have exercised what one thinks it did.
   */
  readonly actionNames?: readonly string[];
  /** Optional: the situations to watch for (see `Witness`). */
  readonly witnesses?: readonly Witness<S, A>[];
  /** One line for people, for example `Timeout s1`. */
  readonly formatAction: (action: A) => string;
}
