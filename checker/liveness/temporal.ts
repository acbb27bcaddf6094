/**
 * Temporal properties and fairness, as the liveness checker (checkLiveness.ts) reads them.
 *
 * A property is one of four shapes over state predicates, with TLA+'s meanings over infinite behaviours:
 * `<>P` (eventually), `[]<>P` (infinitely often), `<>[]P` (eventually always) and `P ~> Q` (leads to: whenever P
 * holds, Q holds then or later). Behaviours are TLA+'s: a behaviour may stutter (repeat its state) at any point,
 * and without fairness it may stutter forever; so a deadlocked state, or any state when nothing is fair, ends
 * behaviours in infinite stuttering.
 *
 * Fairness is TLC's: for a family A of actions (a set of the model's action kinds), weak fairness WF(A) says that
 * a behaviour in which an A step is enabled from some point on, continuously, takes infinitely many A steps;
 * strong fairness SF(A) says that a behaviour in which an A step is enabled infinitely often takes infinitely
 * many. "An A step" is TLA+'s ⟨A⟩_vars: a step of an action of the family that changes the state; a step to the
 * same state is a stutter and satisfies nothing. A step is enabled in a state when the model lists it among the
 * state's successors, whether or not the successor is within the bounds: a bound limits what is explored, not
 * what the protocol may do, so a behaviour that stays within the bounds only by never taking an enabled fair
 * step is not fair, and is not reported.
 */

/** The four shapes of property. */
export type TemporalProperty<S> =
  | { readonly name: string; readonly kind: 'eventually'; readonly p: (s: S) => boolean }
  | { readonly name: string; readonly kind: 'infinitelyOften'; readonly p: (s: S) => boolean }
  | { readonly name: string; readonly kind: 'eventuallyAlways'; readonly p: (s: S) => boolean }
  | {
      readonly name: string;
      readonly kind: 'leadsTo';
      readonly p: (s: S) => boolean;
      readonly q: (s: S) => boolean;
    };

/**
 * A fairness condition on a family of actions. A family may be one instance of an action (TLA+'s
 * WF_vars(A(i, j)) for one i and j, where WF_vars(\E i, j: A(i, j)) is the whole family): `from`, the state the
 * step is taken from, is there for a model whose action values do not name their instance by themselves.
 */
export interface Fairness<A, S = unknown> {
  /** For people, for example `WF(Timeout)`. */
  readonly name: string;
  readonly strength: 'weak' | 'strong';
  /** True for the actions of the family, taken from state `from` (valid only during the call). Pure. */
  readonly includes: (action: A, from: S) => boolean;
}

/** The formula a property stands for, for people. */
export function formula<S>(property: TemporalProperty<S>): string {
  switch (property.kind) {
    case 'eventually':
      return '<>P';
    case 'infinitelyOften':
      return '[]<>P';
    case 'eventuallyAlways':
      return '<>[]P';
    case 'leadsTo':
      return 'P ~> Q';
  }
}

/**
 * A safety property of steps, [][Ok(s, a, t)] (for example "a leader connected to a quorum is not deposed"):
 * checked on every step the search generates, bound-breaking ones included, as invariants are. A violation is
 * the shortest behaviour whose last step breaks it.
 */
export interface StepProperty<S, A> {
  readonly name: string;
  /** Pure; `to` lives only during the call. */
  holds(from: S, action: A, to: S): boolean;
  /**
   * Optional history: the property constrains only the steps taken after a state where `arms` holds, up to a
   * step where `disarms` does (absent: every step). The checker keeps this bit of history, not the model.
   */
  readonly arms?: (s: S) => boolean;
  readonly disarms?: (from: S, action: A, to: S) => boolean;
}
