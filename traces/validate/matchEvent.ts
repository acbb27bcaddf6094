/**
 * One event against one model state: the states the event can lead to, or why it cannot follow.
 *
 * Each event stands for one spec action of its server, or, for a receive, for every step the spec takes on the
 * one message until it is consumed (UpdateTerm, a candidate stepping down, removing a conflicting entry,
 * appending, then the handler that replies). With `selfVote: 'implicit'`, a timeout also stands for the
 * candidate's vote for itself (RequestVote to itself, granting it, counting it), which implementations do
 * without a message and do not log.
 *
 * Hidden network steps are taken only where an event needs them, not anywhere: that is what keeps the frontier
 * small, and a behaviour that takes them elsewhere can be reordered to take them here. A receive that takes the
 * last copy of a message a later event may take again keeps a copy (a DuplicateMessage first, after dropping
 * another message when there is no room for it); an event whose step would break maxCopies or maxInFlight is
 * tried after DropMessage steps. The drops count as hidden steps, at most `budget` of them.
 */
import { distinctMessages } from '../../spec/raft/network.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { networkEvent, plainEvent, sendEvent } from './actionEvents.js';
import { Attempt, type Match, type MatchContext } from './attempt.js';
import { isVariantEvent, type TraceEvent } from './events.js';
import { receiveEvent } from './receiveEvent.js';
import { stepsWhere } from './steps.js';
import { variantEvent } from './variantEvent.js';

export type { Match, MatchContext, SelfVote } from './attempt.js';

function attempt(ctx: MatchContext, s: ClusterState, e: TraceEvent, budget: number): Attempt {
  const att = new Attempt(ctx);
  if (isVariantEvent(e)) {
    // A variant's event, as its module declares it: a receive like raft.tla's, or one of its actions.
    if ('reply' in e) receiveEvent(att, s, e, budget);
    else variantEvent(att, s, e);
    return att;
  }
  switch (e.type) {
    case 'receiveRequestVote':
    case 'receiveVote':
    case 'receiveAppendEntries':
    case 'receiveAppendEntriesResponse':
      receiveEvent(att, s, e, budget);
      break;
    case 'sendRequestVote':
    case 'sendAppendEntries':
      sendEvent(att, s, e);
      break;
    case 'drop':
    case 'duplicate':
      networkEvent(att, s, e);
      break;
    case 'timeout':
    case 'becomeLeader':
    case 'clientRequest':
    case 'commit':
    case 'restart':
    case 'observe':
      plainEvent(att, s, e);
      break;
  }
  return att;
}

/**
 * The states event `e` leads to from `s`, or why there are none. When a network bound stands in the way, the
 * event is tried again after hidden DropMessage steps, fewest first, up to `budget` of them: a state that kept a
 * message can do everything the one that dropped it can, so more drops than needed add nothing. Only a message
 * at its copy limit can make room under maxCopies; any message can under maxInFlight.
 */
export function matchEvent(ctx: MatchContext, s: ClusterState, e: TraceEvent, budget: number): Match {
  const first = attempt(ctx, s, e, budget);
  if (first.states.length > 0 || first.messageBounds.size === 0 || budget === 0 || !ctx.model.config.drop) {
    return { states: first.states, reasons: first.reasons };
  }
  const { maxCopies } = ctx.model.config;
  const onlyCopies = !first.messageBounds.has('maxInFlight');
  let level = [s];
  for (let drops = 1; drops <= budget; drops++) {
    const deeper: ClusterState[] = [];
    const states: ClusterState[] = [];
    for (const from of level) {
      for (const m of distinctMessages(from.messages)) {
        if (onlyCopies && (from.messages.get(m) ?? 0) < maxCopies) continue;
        for (const drop of stepsWhere(ctx.model, from, (a) => a.kind === 'DropMessage' && a.m === m)) {
          deeper.push(drop.state);
          states.push(...attempt(ctx, drop.state, e, budget - drops).states);
        }
      }
    }
    if (states.length > 0) return { states, reasons: [] };
    level = deeper;
  }
  first.fail(`dropping up to ${budget} messages in flight first does not help`);
  return { states: [], reasons: first.reasons };
}
