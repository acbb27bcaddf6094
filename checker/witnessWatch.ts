/**
 * The witnesses (model.ts `Witness`) a search still looks for, by action kind. Breadth-first order makes the
 * first step that reaches a witness one of a shortest behaviour to it, so a witness once reached is never asked
 * again; and a step asks only the witnesses that declared its kind. Most steps then cost one array read.
 */
import type { Witness } from './model.js';

export class WitnessWatch<S, A> {
  /** Per witness, the length of the shortest behaviour reaching it (0: not reached yet). */
  readonly lengths: Int32Array;
  /** The lists handed out by `forAction`, which `check` edits in place when a witness is reached. */
  private readonly lists: number[][] = [];
  private readonly listOf = new Map<string, number[]>();

  constructor(private readonly witnesses: readonly Witness<S, A>[]) {
    this.lengths = new Int32Array(witnesses.length);
  }

  /** The names of the witnesses, in the model's order. */
  get names(): string[] {
    return this.witnesses.map((w) => w.name);
  }

  /** The witnesses still looked for on steps of action kind `name` (a live list: it shrinks as they are reached). */
  forAction(name: string): readonly number[] {
    let list = this.listOf.get(name);
    if (list === undefined) {
      list = [];
      this.witnesses.forEach((w, k) => {
        if (this.lengths[k] === 0 && (w.actions === undefined || w.actions.includes(name))) list!.push(k);
      });
      this.listOf.set(name, list);
      this.lists.push(list);
    }
    return list;
  }

  /** Asks the witnesses of `list` about one step whose successor is `length` states into its behaviour. */
  check(list: readonly number[], from: S, action: A, to: S, length: number): void {
    for (let k = 0; k < list.length; k++) {
      const w = list[k]!;
      if (this.witnesses[w]!.reached(from, action, to)) {
        this.lengths[w] = length;
        this.drop(w);
        k--; // the list shrank under k
      }
    }
  }

  /** The lengths as a report: those above `complete` (a level the search did not finish) count as not reached. */
  report(complete: number): Record<string, number | null> {
    const out: Record<string, number | null> = {};
    this.witnesses.forEach((w, k) => {
      const length = this.lengths[k]!;
      out[w.name] = length === 0 || length > complete ? null : length;
    });
    return out;
  }

  private drop(w: number): void {
    for (const list of this.lists) {
      const at = list.indexOf(w);
      if (at >= 0) list.splice(at, 1);
    }
  }
}
