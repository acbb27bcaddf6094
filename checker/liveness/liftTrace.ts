/**
 * A behaviour of a quotient model (states replaced by a canonical form of an exact bisimulation, such as Raft's
 * relative terms) as a behaviour of the model itself: from the same initial state, each step takes the first
 * successor, by the same action kind, whose canonical form is the quotient's next state. The quotient being a
 * bisimulation, one always exists; when none does, the canonical form is not one, and this throws saying so.
 */
import type { Model } from '../model.js';
import type { Trace } from '../trace.js';

export function liftTrace<S, A>(
  model: Model<S, A>,
  canonical: (s: S) => S,
  same: (a: S, b: S) => boolean,
  quotientTrace: Trace<S, A>,
): Trace<S, A> {
  const first = quotientTrace[0];
  if (first === undefined) return [];
  const init = model.initialStates().find((s) => same(canonical(s), first.state));
  if (init === undefined)
    throw new Error("liftTrace: no initial state has the trace's first state as its canonical form");
  const out: { action: A | null; state: S }[] = [{ action: null, state: init }];
  for (let k = 1; k < quotientTrace.length; k++) {
    const want = quotientTrace[k]!;
    const kind = model.actionName(want.action!);
    const t = model
      .next(out[k - 1]!.state)
      .find((t) => model.actionName(t.action) === kind && same(canonical(t.state), want.state));
    if (t === undefined) {
      throw new Error(`liftTrace: step ${k} has no counterpart; the canonical form is not a bisimulation`);
    }
    out.push({ action: t.action, state: t.state });
  }
  return out;
}
