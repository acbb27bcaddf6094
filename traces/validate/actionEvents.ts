/** The events that are not receives: sends, network faults, and one action of the server without a message. */
import type { RaftAction } from '../../spec/raft/actions.js';
import { formatMessage } from '../../spec/raft/format.js';
import { distinctMessages } from '../../spec/raft/network.js';
import { server, type ClusterState } from '../../spec/raft/state.js';
import { serverName as sn } from '../../spec/raft/types.js';
import type { Attempt, Step } from './attempt.js';
import type { EventOf, NetworkEventType, PlainEventType, SendEventType } from './events.js';
import type { ServerId } from '../../spec/raft/types.js';
import { isQuorumOf, maskOf } from '../../spec/raft/quorum.js';
import { matchesPattern, messageDifference } from './messagePattern.js';
import { sentMessage } from './steps.js';
import { quorumOf, whyNoMessage, whyNoRequestVote, whyNotCommitted, whyNotLeader, wrongRole } from './why.js';

/** The spec action each send event stands for. */
const SEND_ACTION = {
  sendRequestVote: 'RequestVote',
  sendAppendEntries: 'AppendEntries',
  sendPreVote: 'RequestPreVote',
} as const satisfies Record<SendEventType, RaftAction['kind']>;

/** Why a variant's action cannot follow: the variant is off (undefined when it is on). */
function variantOff(att: Attempt, variant: string, action: string): string | undefined {
  const on = (att.ctx.model.config.variants ?? []).includes(variant);
  return on ? undefined : `${action} is not part of the model (--variant ${variant})`;
}

/** Why pre-candidate `i` cannot send j a pre-vote request. */
function whyNoPreVote(s: ClusterState, i: ServerId, j: ServerId): string {
  if (server(s, i).state !== 'PreCandidate') return wrongRole(s, i, 'a PreCandidate');
  return `${sn(i)} has already counted ${sn(j)}'s answer to its pre-vote`;
}

/** Follows a send event: the action must be enabled and send a message showing the event's fields. */
export function sendEvent(att: Attempt, s: ClusterState, e: EventOf<SendEventType>): void {
  const i = e.server;
  const j = e.message.dest;
  const kind = SEND_ACTION[e.type];
  const steps = att.steps(s, (a) => a.kind === kind && a.i === i && a.j === j);
  if (steps.length === 0) {
    att.fail(
      kind === 'RequestVote'
        ? whyNoRequestVote(s, i, j)
        : kind === 'RequestPreVote'
          ? (variantOff(att, 'prevote', 'RequestPreVote') ?? whyNoPreVote(s, i, j))
          : wrongRole(s, i, 'the Leader'),
    );
  }
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

/** Why pre-candidate `i` cannot start its election: its role, or too few pre-votes (of its configuration). */
function whyNoElection(att: Attempt, s: ClusterState, i: ServerId): string {
  const me = server(s, i);
  if (me.state !== 'PreCandidate') return wrongRole(s, i, 'a PreCandidate');
  const { mask, members, needs } = quorumOf(att.ctx.model, s, i);
  const granted = members.filter((k) => me.votesGranted.has(k)).length;
  return isQuorumOf(maskOf(me.votesGranted), mask)
    ? `${sn(i)} cannot start its election`
    : `${sn(i)} has pre-votes from ${granted} of ${members.length}, not a quorum (${needs})`;
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
        let after = att.bounded(step.state);
        // With prevote a timeout starts a pre-vote, not an election: the implicit self-vote is StartElection's.
        const election = after !== undefined && server(after, i).state === 'Candidate';
        if (after !== undefined && election && att.ctx.selfVote === 'implicit') after = att.selfVote(after, i);
        if (after !== undefined) att.finish(after, e);
      }
      return;
    case 'startElection': {
      const off = variantOff(att, 'prevote', 'StartElection');
      const why = (): string => off ?? whyNoElection(att, s, i);
      for (const step of one('StartElection', why)) {
        let after = att.bounded(step.state);
        if (after !== undefined && att.ctx.selfVote === 'implicit') after = att.selfVote(after, i);
        if (after !== undefined) att.finish(after, e);
      }
      return;
    }
    case 'checkQuorum': {
      const off = variantOff(att, 'check-quorum', 'CheckQuorum');
      for (const step of one('CheckQuorum', () => off ?? wrongRole(s, i, 'the Leader'))) att.finish(step.state, e);
      return;
    }
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
