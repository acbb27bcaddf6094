/**
 * Symmetry reduction as a model transformer, so that neither search (bfs.ts, parallel/) knows of it.
 *
 * A symmetry is a group of renamings under which the model behaves alike: renaming a state renames its
 * successors, its initial states are closed under renaming, and its invariants and bounds hold of a state iff
 * they hold of every renaming. The model supplies the group through a canonical form, one representative per
 * orbit. `withSymmetry` gives the model whose states are the representatives: its successors are the
 * canonical forms of the original successors, in the original order. Searching it stores one state per orbit,
 * as TLC does under `SYMMETRY`, and:
 * - distinct states are the orbits reachable within the bounds;
 * - generated states equal TLC's: TLC explores one member of each orbit (the first it meets), this search the
 *   representative, and a renaming of a state has as many successors (and of each action kind, and breaking
 *   each bound) as the state;
 * - depth and the shortest counterexample's length equal the unreduced model's: the initial states being
 *   closed under renaming, every member of an orbit is as far from them as any other.
 * A path found on representatives is not a behaviour of the original model; `unreducePath` turns it into one.
 */
import { Encoding } from './encoding.js';
import type { Model, Witness } from './model.js';
import { replayPath } from './path.js';

/** A symmetry of a model's states, given by its canonical form. */
export interface Symmetry<S> {
  /**
   * The representative of `state`'s orbit: the same for every state of one orbit, and itself a member of it.
   * Pure; it may return `state` itself, or a buffer valid until the next call (the caller copies what it keeps).
   */
  canonicalize(state: S): S;
  /** The number of states in `state`'s orbit. */
  orbitSize(state: S): number;
}

/**
 * The model whose states are `model`'s representatives under `symmetry`. Successor positions, actions,
 * invariants and bounds are `model`'s; each state stands for its orbit (`represents`), so the search can report
 * how many states of `model` it covered.
 */
export function withSymmetry<S, A>(model: Model<S, A>, symmetry: Symmetry<S>): Model<S, A> {
  const copy = model.copy ?? ((s: S): S => s);
  const forEach =
    model.forEachSuccessor ??
    ((state: S, visit: (action: A, successor: S) => void) => {
      for (const t of model.next(state)) visit(t.action, t.state);
    });
  // A witness compares a step's two ends server by server, so it must see the successor before renaming: the
  // step from a representative to its unrenamed successor is a step of `model`. The searches ask witnesses
  // while `forEachSuccessor` hands them a successor (which is why this model always offers one); `raw` is it.
  let handed: S | undefined;
  let raw: S | undefined;
  const witnesses = model.witnesses?.map((w): Witness<S, A> => ({
    ...w,
    reached: (from, action, to) => w.reached(from, action, to === handed ? raw! : to),
  }));
  return {
    ...model,
    initialStates: () => model.initialStates().map((s) => copy(symmetry.canonicalize(s))),
    next: (state) => model.next(state).map((t) => ({ action: t.action, state: copy(symmetry.canonicalize(t.state)) })),
    forEachSuccessor: (state: S, visit: (action: A, successor: S) => void) => {
      forEach(state, (action, successor) => {
        raw = successor;
        handed = symmetry.canonicalize(successor);
        visit(action, handed);
      });
      handed = raw = undefined;
    },
    copy,
    ...(witnesses === undefined ? {} : { witnesses }),
    represents: (state) => symmetry.orbitSize(state),
  };
}

function wordsOf<S, A>(model: Model<S, A>, state: S, out: Encoding): Int32Array {
  out.reset();
  model.encode(state, out);
  return out.words.slice(0, out.length);
}

function sameWords(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * A behaviour of `model` that `path` (found on `withSymmetry(model, symmetry)`) stands for: the same initial
 * state, then at each step the first successor whose representative is the path's next state. As long, so
 * still a shortest one, and each of its states is a renaming of the path's, so it breaks the same
 * (symmetric) invariant. Throws when no successor fits: then `symmetry` is not a symmetry of `model`.
 */
export function unreducePath<S, A>(model: Model<S, A>, symmetry: Symmetry<S>, path: readonly number[]): number[] {
  const reduced = replayPath(withSymmetry(model, symmetry), path);
  const encoding = new Encoding();
  const first = path[0]!;
  const out = [first];
  let state = model.initialStates()[first] as S;
  for (let k = 1; k < path.length; k++) {
    const target = wordsOf(model, reduced[k]!.state, encoding);
    const next = model.next(state);
    const at = next.findIndex((t) => sameWords(wordsOf(model, symmetry.canonicalize(t.state), encoding), target));
    if (at < 0) {
      throw new Error(
        `unreducePath: no successor at step ${k} has the representative the reduced path reached; ` +
          "the model's successors are not renamed with its states (is the canonical form the model's symmetry?)",
      );
    }
    out.push(at);
    state = next[at]!.state;
  }
  return out;
}
