/**
 * The spec's steps as the validator takes them: every successor comes from the spec's own `next`, picked by its
 * action label, so the validator never re-implements a guard to decide what may happen (why.ts only words
 * the reasons). Bounds are the model's: a step that breaks one is not a behaviour of the bounded model.
 */
import type { Transition } from '../../checker/model.js';
import type { RaftAction } from '../../spec/raft/actions.js';
import type { Message } from '../../spec/raft/messages.js';
import type { RaftModel } from '../../spec/raft/model.js';
import { next } from '../../spec/raft/values.js';
import type { ClusterState } from '../../spec/raft/state.js';

/** The enabled steps from `s` whose action satisfies `pick`, in the spec's order. */
export function stepsWhere(
  model: RaftModel,
  s: ClusterState,
  pick: (a: RaftAction) => boolean,
): Transition<ClusterState, RaftAction>[] {
  return next(s, model.config, model.rules).filter((t) => pick(t.action));
}

/** Bounds on the network, which a dropped message can make room under. */
export const MESSAGE_BOUNDS: ReadonlySet<string> = new Set(['maxCopies', 'maxInFlight']);

const BOUND_FIELDS = { maxTerm: 'maxTerm', maxLogLen: 'maxLogLen', maxCopies: 'maxCopies', maxInFlight: 'maxInFlight' };

/** The name and limit of the first bound `s` breaks (`maxTerm 3`), or undefined when it is within all of them. */
export function brokenBound(model: RaftModel, s: ClusterState): { name: string; text: string } | undefined {
  for (const b of model.bounds) {
    if (b.holds(s)) continue;
    const field = BOUND_FIELDS[b.name as keyof typeof BOUND_FIELDS] as keyof RaftModel['config'] | undefined;
    const limit = field === undefined ? '' : ` ${String(model.config[field])}`;
    return { name: b.name, text: `the step would break the bound ${b.name}${limit}` };
  }
  return undefined;
}

/** The message a step added a copy of, if any. */
export function sentMessage(before: ClusterState, after: ClusterState): Message | undefined {
  for (const [m, count] of after.messages) if (count > (before.messages.get(m) ?? 0)) return m;
  return undefined;
}
