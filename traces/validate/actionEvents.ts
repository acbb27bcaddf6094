/** The events that are not receives: sends, network faults, and one action of the server without a message. */
import type { RaftAction } from '../../spec/raft/actions.js';
import { formatMessage } from '../../spec/raft/format.js';
import { distinctMessages } from '../../spec/raft/network.js';
import { server, type ClusterState } from '../../spec/raft/state.js';
import { serverName as sn } from '../../spec/raft/types.js';
import type { Attempt, Step } from './attempt.js';
import type { EventOf, MessagePattern, NetworkEventType, PlainEventType, SendEventType, TraceEvent } from './events.js';
import type { ServerId } from '../../spec/raft/types.js';
import { matchesPattern, messageDifference } from './messagePattern.js';
import { sentMessage } from './steps.js';
import { whyNoMessage, whyNoRequestVote, whyNotCommitted, whyNotLeader, wrongRole } from './why.js';

/** The spec action each send event stands for. */
const SEND_ACTION = {
  sendRequestVote: 'RequestVote',
  sendAppendEntries: 'AppendEntries',
} as const satisfies Record<SendEventType, RaftAction['kind']>;

/** Follows a send event: the action must be enabled and send a message showing the event's fields. */
export function sendEvent(att: Attempt, s: ClusterState, e: EventOf<SendEventType>): void {
  const i = e.server;
  const j = e.message.dest;
  const kind = SEND_ACTION[e.type];
  const steps = att.steps(s, (a) => a.kind === kind && a.i === i && a.j === j);
  if (steps.length === 0) att.fail(kind === 'RequestVote' ? whyNoRequestVote(s, i, j) : wrongRole(s, i, 'the Leader'));
  followSends(att, s, e, steps);
}

/** Keeps each of `steps` (sends of server e.server) whose message shows the event's fields, within the bounds. */
export function followSends(
  att: Attempt,
  s: ClusterState,
  e: TraceEvent & { readonly message: MessagePattern },
  steps: readonly Step[],
): void {
  const i = e.server;
  for (const step of steps) {
    const sent = sentMessage(s, step.state);
    const differs = sent === undefined ? 'it would send nothing' : messageDifference(sent, e.message);
    if (differs !== undefined) {
      att.fail(`${sn(i)} would send ${sent === undefined ? 'nothing' : formatMessage(sent)}: ${differs}`);
      continue;
    }
    const after = att.bounded(step.state);
    if (after !== undefined) att.finish(after, e);
  }
}

/** Follows a drop or duplicate event on every message in flight that shows its fields. */
export function networkEvent(att: Attempt, s: ClusterState, e: EventOf<NetworkEventType>): void {
  const kind = e.type === 'drop' ? 'DropMessage' : 'DuplicateMessage';
  const flag = e.type === 'drop' ? 'drop' : 'duplicate';
  if (!att.ctx.model.config[flag]) {
    att.fail(`${kind} is not part of the model (--no-${flag})`);
    return;
  }
  const candidates = distinctMessages(s.messages).filter((m) => matchesPattern(m, e.message));
  if (candidates.length === 0) att.fail(whyNoMessage(s, e.message));
  for (const m of candidates) {
    for (const step of att.steps(s, (a) => a.kind === kind && a.m === m)) {
      const after = att.bounded(step.state);
      if (after !== undefined) att.finish(after, e);
    }
  }
}

/**
 * The state after `stepped`, the step of server i from `s`, within the bounds; with implicit self-votes, a step
 * that makes i a candidate of a new term (an election starts) stands for i's vote for itself too.
 */
export function electedSelf(
  att: Attempt,
  s: ClusterState,
  i: ServerId,
  stepped: ClusterState,
): ClusterState | undefined {
  const after = att.bounded(stepped);
  if (after === undefined || att.ctx.selfVote !== 'implicit') return after;
  const election = server(after, i).state === 'Candidate' && server(after, i).currentTerm > server(s, i).currentTerm;
  return election ? att.selfVote(after, i) : after;
}

/** Follows an event that stands for one action of its server and carries no message. */
export function plainEvent(att: Attempt, s: ClusterState, e: EventOf<PlainEventType>): void {
  const i = e.server;
  const one = (kind: RaftAction['kind'], why: () => string): Step[] => {
    const steps = att.steps(s, (a) => a.kind === kind && 'i' in a && a.i === i);
    if (steps.length === 0) att.fail(why());
    return steps;
  };
  switch (e.type) {
    case 'timeout':
      for (const step of one('Timeout', () => `${sn(i)} is the Leader; only a follower or candidate times out`)) {
        // A variant's timeout may start something else than an election (a pre-vote): then no self-vote yet.
        const after = electedSelf(att, s, i, step.state);
        if (after !== undefined) att.finish(after, e);
      }
      return;
    case 'becomeLeader':
      for (const step of one('BecomeLeader', () => whyNotLeader(att.ctx.model, s, i))) att.finish(step.state, e);
      return;
    case 'clientRequest':
      for (const step of one('ClientRequest', () => wrongRole(s, i, 'the Leader'))) {
        if (step.action.kind !== 'ClientRequest' || (e.value !== undefined && step.action.v !== e.value)) continue;
        const after = att.bounded(step.state);
        if (after !== undefined) att.finish(after, e);
      }
      return;
    case 'commit':
      for (const step of one('AdvanceCommitIndex', () => wrongRole(s, i, 'the Leader'))) {
        const wanted = e.observed.commitIndex;
        const reached = server(step.state, i).commitIndex;
        if (wanted !== undefined && reached !== wanted) {
          att.fail(whyNotCommitted(att.ctx.model, s, i, wanted, reached));
          continue;
        }
        att.finish(step.state, e);
      }
      return;
    case 'restart':
      if (!att.ctx.model.config.restart) att.fail('Restart is not part of the model (--no-restart)');
      for (const step of att.steps(s, (a) => a.kind === 'Restart' && a.i === i)) att.finish(step.state, e);
      return;
    case 'observe':
      att.finish(s, e);
      return;
  }
}
