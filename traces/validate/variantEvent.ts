/**
 * The events of a variant's actions, as its module declares them (`events`, spec/raft/variants): one file for
 * every variant, which names none. An event stands for the action its declaration names, taken by the event's
 * server (on the event's `to` or `target` for a two-server action); why it cannot follow a state is that the
 * variant is off, or the first of the action's own guard clauses that fails (explain.ts reads them, as the
 * checker's listing tests them), so a changed guard changes the diagnosis with it.
 */
import { explainAction } from '../../spec/raft/explain.js';
import type { RaftAction } from '../../spec/raft/actions.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { serverName as sn } from '../../spec/raft/types.js';
import { VARIANT_EVENTS } from '../../spec/raft/variantEvents.js';
import { electedSelf, followSends } from './actionEvents.js';
import type { Attempt } from './attempt.js';
import type { EventOf, VariantSendEventType, VariantServerEventType, VariantTargetEventType } from './events.js';

/** The events this file follows: a variant's action events (its receive events are receives like any other). */
export type VariantActionEventType = VariantServerEventType | VariantSendEventType | VariantTargetEventType;

/** Follows a variant's action event: the variant must be on and the action enabled for the event's servers. */
export function variantEvent(att: Attempt, s: ClusterState, e: EventOf<VariantActionEventType>): void {
  const declared = VARIANT_EVENTS.get(e.type);
  // The parser accepts only declared event types, and a receive event never comes here (matchEvent.ts).
  if (declared?.kind !== 'action') throw new Error(`validate: ${e.type} is not a variant's action event`);
  const { action, variant } = declared;
  if (!(att.ctx.model.config.variants ?? []).includes(variant)) {
    att.fail(`${action} is not part of the model (--variant ${variant})`);
    return;
  }
  const i = e.server;
  const j = 'target' in e ? e.target : 'message' in e ? e.message.dest : undefined;
  const mine = (a: RaftAction): boolean =>
    a.kind === action && 'i' in a && a.i === i && (j === undefined || ('j' in a && a.j === j));
  const steps = att.steps(s, mine);
  if (steps.length === 0) {
    const why = explainAction(s, action, i, j ?? 0, att.ctx.model);
    att.fail(why ?? `${sn(i)} cannot take ${action}${j === undefined ? '' : ` on ${sn(j)}`}`);
  }
  if ('message' in e) {
    followSends(att, s, e, steps);
    return;
  }
  for (const step of steps) {
    const after = electedSelf(att, s, i, step.state);
    if (after !== undefined) att.finish(after, e);
  }
}
