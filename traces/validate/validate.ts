/**
 * Trace validation: does some behaviour of the model produce exactly this sequence of observations?
 *
 * The validator keeps the frontier, the set of model states consistent with the events so far, deduplicated by
 * fingerprint. For each event it first drops every message no later event can use (lookahead.ts; a DropMessage
 * the model allows anyway, when it has DropMessage), then takes every way the event can follow each state
 * (matchEvent.ts). An empty frontier rejects the event; the states it was tried on are the candidates, each
 * with the reasons it failed.
 */
import type { RaftModel } from '../../spec/raft/model.js';
import { discard } from '../../spec/raft/network.js';
import { initialState, type ClusterState } from '../../spec/raft/state.js';
import type { TraceEvent } from './events.js';
import { Frontier } from './frontier.js';
import { Lookahead } from './lookahead.js';
import { matchEvent, type MatchContext, type SelfVote } from './matchEvent.js';

export interface ValidateOptions {
  /** Hidden steps allowed before each event (default 2). */
  readonly maxHidden?: number;
  /** Stop with an `incomplete` result when the frontier grows past this (default 100000). */
  readonly maxFrontier?: number;
  /** How many candidate states a rejection keeps (default 3). */
  readonly candidates?: number;
  readonly selfVote?: SelfVote;
  /** Called after each event with the frontier's size. */
  readonly onEvent?: (event: TraceEvent, frontier: number) => void;
  /** Called after each matched event with the frontier's states (a harness writes them as a trace to view). */
  readonly onStates?: (event: TraceEvent, states: readonly ClusterState[]) => void;
}

/** A state the rejected event was tried on, and why it could not follow. */
export interface Candidate {
  readonly state: ClusterState;
  readonly reasons: readonly string[];
}

export interface Peak {
  readonly size: number;
  /** The event after which the frontier was largest (undefined for the initial frontier). */
  readonly after: TraceEvent | undefined;
}

export type ValidateResult =
  | { readonly kind: 'validated'; readonly events: number; readonly peak: Peak }
  | {
      readonly kind: 'rejected';
      readonly event: TraceEvent;
      readonly lastMatched: TraceEvent | undefined;
      /** States the event was tried on. */
      readonly frontier: number;
      readonly candidates: readonly Candidate[];
      readonly peak: Peak;
    }
  | { readonly kind: 'incomplete'; readonly event: TraceEvent; readonly reason: string; readonly peak: Peak };

/** `s` without the messages that no event from `index` on can use, when the model can drop messages. */
function dropUnused(model: RaftModel, lookahead: Lookahead, s: ClusterState, index: number): ClusterState {
  if (!model.config.drop) return s;
  let messages = s.messages;
  for (const [m, count] of s.messages) {
    if (lookahead.usedFrom(m, index)) continue;
    for (let c = 0; c < count; c++) messages = discard(messages, m);
  }
  return messages === s.messages ? s : s.set('messages', messages);
}

/** Validates `events` against `model`. */
export function validate(
  model: RaftModel,
  events: readonly TraceEvent[],
  options: ValidateOptions = {},
): ValidateResult {
  const maxHidden = options.maxHidden ?? 2;
  const maxFrontier = options.maxFrontier ?? 100_000;
  const lookahead = new Lookahead(events);
  const ctx: MatchContext = { model, lookahead, selfVote: options.selfVote ?? 'messages' };
  let states: ClusterState[] = [initialState(model.config.servers)];
  let peak: Peak = { size: 1, after: undefined };
  let lastMatched: TraceEvent | undefined;
  for (const event of events) {
    const before = new Frontier(model.encode);
    for (const s of states) before.add(dropUnused(model, lookahead, s, event.index));
    const tried = before.states();
    const after = new Frontier(model.encode);
    const failures: Candidate[] = [];
    for (const s of tried) {
      const match = matchEvent(ctx, s, event, maxHidden);
      for (const t of match.states) after.add(t);
      if (match.states.length === 0 && failures.length < (options.candidates ?? 3)) {
        failures.push({ state: s, reasons: match.reasons });
      }
      if (after.size > maxFrontier) {
        return { kind: 'incomplete', event, reason: `the frontier passed ${maxFrontier} states`, peak };
      }
    }
    options.onEvent?.(event, after.size);
    if (after.size === 0) {
      return { kind: 'rejected', event, lastMatched, frontier: tried.length, candidates: failures, peak };
    }
    if (after.size > peak.size) peak = { size: after.size, after: event };
    states = after.states();
    options.onStates?.(event, states);
    lastMatched = event;
  }
  return { kind: 'validated', events: events.length, peak };
}
