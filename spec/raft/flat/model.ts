/**
 * The flat engine as a checker `Model`: the reference spec's state space, counts and successor order, on
 * `Int32Array` states. Counterexamples found with it are rebuilt through the reference model by replaying
 * successor positions (the two list successors in the same order), so people only ever see reference states.
 */
import type { Bound, Model } from '../../../checker/model.js';
import { rulesWithBugs } from '../bugs.js';
import type { RaftConfig } from '../config.js';
import { initialState } from '../state.js';
import { toFlat } from './codec.js';
import { flatInvariants } from './invariants.js';
import { FlatLayout, LOG_LEN, M_COUNT, MESSAGE_WORDS, TERM } from './layout.js';
import { FLAT_ACTION_NAMES, FlatNext } from './next.js';
import { flatLength } from './bag.js';
import { Int32Arena } from './arena.js';

export type FlatModel = Model<Int32Array, number> & { readonly layout: FlatLayout };

function flatBounds(L: FlatLayout, config: RaftConfig): Bound<Int32Array>[] {
  const n = L.servers;
  const everyServer = (f: (s: Int32Array, b: number) => boolean) => (s: Int32Array) => {
    for (let i = 0; i < n; i++) if (!f(s, L.base(i))) return false;
    return true;
  };
  const bounds: Bound<Int32Array>[] = [
    { name: 'maxTerm', holds: everyServer((s, b) => s[b + TERM]! <= config.maxTerm) },
    { name: 'maxLogLen', holds: everyServer((s, b) => s[b + LOG_LEN]! <= config.maxLogLen) },
    {
      name: 'maxCopies',
      holds: (s) => {
        for (let k = 0, at = L.message(0); k < s[L.bagStart]!; k++, at += MESSAGE_WORDS) {
          if (s[at + M_COUNT]! > config.maxCopies) return false;
        }
        return true;
      },
    },
  ];
  if (config.maxInFlight > 0) {
    bounds.push({
      name: 'maxInFlight',
      holds: (s) => {
        let total = 0;
        for (let k = 0, at = L.message(0); k < s[L.bagStart]!; k++, at += MESSAGE_WORDS) total += s[at + M_COUNT]!;
        return total <= config.maxInFlight;
      },
    });
  }
  return bounds;
}

/** The flat twin of `raftModel(config, bugs)`. */
export function flatRaftModel(config: RaftConfig, bugs: readonly string[] = []): FlatModel {
  const layout = new FlatLayout(config.servers, config.maxLogLen + 1);
  const generator = new FlatNext(layout, config, rulesWithBugs(bugs));
  const arena = new Int32Arena();
  return {
    layout,
    initialStates: () => [toFlat(layout, initialState(config.servers))],
    next: (s) => generator.next(s),
    forEachSuccessor: (s, visit) => {
      generator.forEachSuccessor(s, visit);
    },
    copy: (s) => arena.copy(s, flatLength(layout, s)),
    invariants: flatInvariants(layout),
    bounds: flatBounds(layout, config),
    encode: (s, out) => {
      out.pushRange(s, flatLength(layout, s));
    },
    actionName: (a) => FLAT_ACTION_NAMES[a]!,
    formatAction: (a) => FLAT_ACTION_NAMES[a]!,
  };
}
