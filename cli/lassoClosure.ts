/**
 * A lasso trace's `loop` (ITF): the behaviour repeats states[loop..] forever, so its last state must be
 * states[loop] again, exactly, or with its terms renamed when the lasso was found under relative terms
 * (spec/raft/liveness/relativeTerms.ts). What `replay` says about a trace with a loop.
 */
import { normaliseTerms } from '../spec/raft/liveness/relativeTerms.js';
import type { ClusterState } from '../spec/raft/state.js';

/** One line on whether the loop closes, and whether it does. */
export function lassoClosure(states: readonly ClusterState[], loop: number): { closes: boolean; line: string } {
  const last = states[states.length - 1];
  const start = states[loop];
  if (last === undefined || start === undefined || loop < 0) {
    return { closes: false, line: `lasso: 'loop' is ${loop}, outside the trace's ${states.length} states` };
  }
  const where = `state ${states.length} is state ${loop + 1} (states[${loop}])`;
  if (last.equals(start)) return { closes: true, line: `lasso: ${where} again: the loop closes` };
  if (normaliseTerms(last).equals(normaliseTerms(start))) {
    return { closes: true, line: `lasso: ${where} again with its terms renamed: the loop closes under relative terms` };
  }
  return { closes: false, line: `lasso: ${where} neither exactly nor up to terms: the loop does not close` };
}
