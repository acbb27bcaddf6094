/**
 * Each property's negation as a Büchi automaton of at most two states whose guards read the current state's
 * labels. A behaviour violates the property iff some run of the automaton over it visits an accepting
 * (state, automaton state) pair infinitely often; the search looks for such runs in the product of the
 * behaviour graph with this automaton (fairCycles.ts).
 *
 * - ¬<>P = []¬P: one state, allowed only where ¬P; every pair accepting.
 * - ¬[]<>P = <>[]¬P: state 0 anywhere, then (nondeterministically) state 1, allowed only where ¬P; 1 accepts.
 * - ¬<>[]P = []<>¬P: one state anywhere; accepting where ¬P.
 * - ¬(P ~> Q) = <>(P ∧ []¬Q): state 0 anywhere; state 1 entered at a state where P ∧ ¬Q, kept only where ¬Q;
 *   1 accepts.
 */
import type { TemporalProperty } from './temporal.js';

export interface PropertyAutomaton {
  readonly size: 1 | 2;
  /** Whether a run may be in `q` at a state with `labels`. */
  allowed(q: number, labels: number): boolean;
  /** Whether a run may start in `q` at an initial state with `labels` (`allowed` holds too). */
  initial(q: number, labels: number): boolean;
  /** Whether a run in `q` may move to `q2` on a step to a state with `labels` (`allowed(q2, labels)` holds too). */
  step(q: number, q2: number, labels: number): boolean;
  accepting(q: number, labels: number): boolean;
}

/** The automaton of `property`'s negation, its predicate P being label bit `pBit` and Q bit `qBit`. */
export function negationAutomaton<S>(property: TemporalProperty<S>, pBit: number, qBit = -1): PropertyAutomaton {
  const P = (labels: number): boolean => ((labels >>> pBit) & 1) === 1;
  const Q = (labels: number): boolean => ((labels >>> qBit) & 1) === 1;
  switch (property.kind) {
    case 'eventually':
      return {
        size: 1,
        allowed: (_q, l) => !P(l),
        initial: () => true,
        step: () => true,
        accepting: () => true,
      };
    case 'infinitelyOften':
      return {
        size: 2,
        allowed: (q, l) => q === 0 || !P(l),
        initial: () => true,
        step: (q, q2) => q <= q2,
        accepting: (q) => q === 1,
      };
    case 'eventuallyAlways':
      return {
        size: 1,
        allowed: () => true,
        initial: () => true,
        step: () => true,
        accepting: (_q, l) => !P(l),
      };
    case 'leadsTo':
      return {
        size: 2,
        allowed: (q, l) => q === 0 || !Q(l),
        initial: (q, l) => q === 0 || P(l),
        step: (q, q2, l) => (q === q2 ? true : q === 0 && P(l)),
        accepting: (q) => q === 1,
      };
  }
}
