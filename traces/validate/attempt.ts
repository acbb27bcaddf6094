/**
 * One try of one event from one state: the states it reached, the reasons the other ways failed, and the spec
 * steps it takes on the way (each from the spec's `next`, each checked against the model's bounds).
 */
import type { Transition } from '../../checker/model.js';
import type { RaftAction } from '../../spec/raft/actions.js';
import { initialMembersMask } from '../../spec/raft/config.js';
import { requestVoteRequest, requestVoteResponse, type Message } from '../../spec/raft/messages.js';
import type { RaftModel } from '../../spec/raft/model.js';
import { lastTerm, server, type ClusterState } from '../../spec/raft/state.js';
import type { ServerId } from '../../spec/raft/types.js';
import type { TraceEvent } from './events.js';
import type { Lookahead } from './lookahead.js';
import { observedDifference } from './observed.js';
import { brokenBound, MESSAGE_BOUNDS, stepsWhere } from './steps.js';
import { whyNotReceived } from './why.js';

/** Whether a candidate's vote for itself is logged as messages or implied by its timeout. */
export type SelfVote = 'messages' | 'implicit';

export interface MatchContext {
  readonly model: RaftModel;
  readonly lookahead: Lookahead;
  readonly selfVote: SelfVote;
}

/** The states an event leads to from one state, and why the ways that failed failed. */
export interface Match {
  readonly states: ClusterState[];
  readonly reasons: string[];
}

export type Step = Transition<ClusterState, RaftAction>;

/** Collects what one event reached from one state, and why the ways that failed failed. */
export class Attempt {
  readonly states: ClusterState[] = [];
  readonly reasons: string[] = [];
  /** Network bounds some step broke, so that dropping a message first might help. */
  readonly messageBounds = new Set<string>();

  constructor(readonly ctx: MatchContext) {}

  fail(reason: string): void {
    if (!this.reasons.includes(reason)) this.reasons.push(reason);
  }

  /** The step's state when it is within the bounds; otherwise records why not. */
  bounded(state: ClusterState): ClusterState | undefined {
    const broken = brokenBound(this.ctx.model, state);
    if (broken === undefined) return state;
    if (MESSAGE_BOUNDS.has(broken.name)) this.messageBounds.add(broken.name);
    this.fail(broken.text);
    return undefined;
  }

  /** Keeps `state` as a state after event `e` when it shows what `e` says about `e.server`. */
  finish(state: ClusterState, e: TraceEvent): void {
    const differs = observedDifference(state, e.server, e.observed, initialMembersMask(this.ctx.model.config));
    if (differs === undefined) this.states.push(state);
    else this.fail(differs);
  }

  steps(s: ClusterState, pick: (a: RaftAction) => boolean): Step[] {
    return stepsWhere(this.ctx.model, s, pick);
  }

  /**
   * Every way m.dest takes `m` from `s` until `m` is consumed: the final steps, each with the state it fired in.
   * The intermediate steps keep `m` in the network, and there are at most a few of them (one UpdateTerm, one
   * step-down, one removed entry per log entry, one append).
   */
  receiveAll(s: ClusterState, m: Message): { before: ClusterState; step: Step }[] {
    const finals: { before: ClusterState; step: Step }[] = [];
    let pending = [s];
    for (let round = 0; pending.length > 0 && round <= this.ctx.model.config.maxLogLen + 4; round++) {
      const later: ClusterState[] = [];
      for (const state of pending) {
        const steps = this.steps(state, (a) => a.kind === 'Receive' && a.m === m);
        if (steps.length === 0) this.fail(whyNotReceived(state, m));
        for (const step of steps) {
          const after = this.bounded(step.state);
          if (after === undefined || step.action.kind !== 'Receive') continue;
          const stays =
            step.action.handler === 'UpdateTerm' || ['stepDown', 'conflict', 'append'].includes(step.action.outcome);
          if (stays) later.push(after);
          else finals.push({ before: state, step });
        }
      }
      pending = later;
    }
    return finals;
  }

  /** Candidate i's vote for itself, as the spec takes it: send, grant, count. */
  selfVote(s: ClusterState, i: ServerId): ClusterState | undefined {
    const me = server(s, i);
    const request = requestVoteRequest(i, i, me.currentTerm, lastTerm(me.log), me.log.size);
    const sent = this.steps(s, (a) => a.kind === 'RequestVote' && a.i === i && a.j === i)[0];
    let state = sent === undefined ? undefined : this.bounded(sent.state);
    for (const m of [request, requestVoteResponse(i, i, me.currentTerm, true)]) {
      if (state === undefined) return undefined;
      const taken = this.receiveAll(state, m)[0];
      state = taken === undefined ? undefined : this.bounded(taken.step.state);
    }
    return state;
  }
}
