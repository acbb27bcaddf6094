/**
 * Why an event could not follow a state, in words: the guard that was false, said with the state's values.
 * These functions only word a verdict that the spec's `next` has already given (see steps.ts); they read the
 * guards of MODEL.md and the rules of the model, so a deliberate bug (`--bug`) changes their answers too.
 */
import { initialMembersMask } from '../../spec/raft/config.js';
import { maskServers } from '../../spec/raft/logEntry.js';
import type { Message, RequestVoteRequest } from '../../spec/raft/messages.js';
import { formatMessage, formatMessageFields } from '../../spec/raft/format.js';
import type { RaftModel } from '../../spec/raft/model.js';
import { distinctMessages } from '../../spec/raft/network.js';
import { maskOf, quorumSize } from '../../spec/raft/quorum.js';
import { lastTerm, server, type ClusterState } from '../../spec/raft/state.js';
import { variantModules } from '../../spec/raft/variants.js';
import { serverName as sn, type ServerId } from '../../spec/raft/types.js';
import type { MessagePattern } from './events.js';
import { formatConfig, messageDifference } from './messagePattern.js';
import { configInUse } from './observed.js';

const set = (ids: Iterable<ServerId>): string =>
  `{${[...ids]
    .sort((a, b) => a - b)
    .map(sn)
    .join(', ')}}`;

/** The servers whose answers count for server i (a bit mask and a list), and how to name their quorum. */
export interface QuorumOf {
  readonly mask: number;
  readonly members: ServerId[];
  readonly needs: string;
}

/**
 * The configuration server i uses, as the spec decides it (configuration.ts, with quorum.ts counting): every
 * server, or with a variant that changes configurations its latest configuration entry.
 */
export function quorumOf(model: RaftModel, s: ClusterState, i: ServerId): QuorumOf {
  const mask = configInUse(s, i, initialMembersMask(model.config));
  const members = maskServers(mask);
  // Named as a configuration when a variant makes configurations change (one whose module gives them).
  const changing = variantModules(model.config.variants).some((m) => m.hooks.configuration !== undefined);
  const named = changing ? `configuration ${formatConfig(mask)}` : String(members.length);
  return { mask, members, needs: `a quorum of ${named} needs ${quorumSize(mask)}` };
}

/** Why `i` is not in the role an action needs. */
export function wrongRole(s: ClusterState, i: ServerId, needed: string): string {
  return `${sn(i)} is ${server(s, i).state}, not ${needed}`;
}

/** Why candidate `i` cannot become leader. */
export function whyNotLeader(model: RaftModel, s: ClusterState, i: ServerId): string {
  const me = server(s, i);
  if (me.state !== 'Candidate') return wrongRole(s, i, 'a Candidate');
  return `${sn(i)} has votes from ${set(me.votesGranted)} in term ${me.currentTerm}; ${quorumOf(model, s, i).needs}`;
}

/** Why candidate `i` cannot send j a RequestVote. */
export function whyNoRequestVote(s: ClusterState, i: ServerId, j: ServerId): string {
  const me = server(s, i);
  if (me.state !== 'Candidate') return wrongRole(s, i, 'a Candidate');
  return `${sn(i)} has already counted ${sn(j)}'s answer in term ${me.currentTerm}`;
}

/**
 * Why leader `i`'s commit index cannot become `n` (it became `reached`): too short a log, no quorum holding
 * index n as far as i knows (its matchIndex), or an entry of an older term (§5.4.2).
 */
export function whyNotCommitted(model: RaftModel, s: ClusterState, i: ServerId, n: number, reached: number): string {
  const me = server(s, i);
  const who = `${sn(i)}'s commit index`;
  if (n < reached) return `${who} would reach ${reached}, the event says ${n}`;
  if (n > me.log.size) return `${who} cannot reach ${n}: its log holds ${me.log.size} entries`;
  // The leader counts itself only as a member of its configuration (membership; always without it).
  const { mask, members, needs } = quorumOf(model, s, i);
  const agree = members.filter((k) => k === i || (me.matchIndex.get(k) ?? 0) >= n);
  if (!model.rules.commitsWith(maskOf(agree), mask)) {
    return `${who} cannot reach ${n}: only ${set(agree)} hold index ${n}; ${needs}`;
  }
  const term = me.log.get(n - 1)!.term;
  if (!model.rules.mayCommit(term, me.currentTerm)) {
    return `${who} cannot reach ${n}: entry ${n} has term ${term}, not ${sn(i)}'s current term ${me.currentTerm} (§5.4.2)`;
  }
  return `${who} would reach ${reached}, the event says ${n}`;
}

/** Why voter m.dest answers m as it does: the first clause of the grant that fails, or that all hold. */
export function voteDecision(model: RaftModel, s: ClusterState, m: RequestVoteRequest): string {
  const me = server(s, m.dest);
  const who = sn(m.dest);
  if (m.term !== me.currentTerm) return `the request's term ${m.term} is not ${who}'s term ${me.currentTerm}`;
  if (!model.rules.voteLogOk(m.lastLogTerm, m.lastLogIndex, lastTerm(me.log), me.log.size)) {
    return (
      `${sn(m.source)}'s log (last term ${m.lastLogTerm}, length ${m.lastLogIndex}) is not as up to date as ` +
      `${who}'s (last term ${lastTerm(me.log)}, length ${me.log.size}) (§5.4.1)`
    );
  }
  if (!model.rules.voteAvailable(me.votedFor, m.source)) {
    return `${who} has already voted for ${sn(me.votedFor!)} in term ${me.currentTerm}`;
  }
  return `the term matches, the log is up to date and ${who}'s vote is free`;
}

/** Why m.dest cannot take m from the network at all. */
export function whyNotReceived(s: ClusterState, m: Message): string {
  const me = server(s, m.dest);
  if (m.type === 'AppendEntriesRequest' && me.state === 'Leader' && m.term === me.currentTerm) {
    return `${sn(m.dest)} leads term ${me.currentTerm} and takes no AppendEntries of its own term`;
  }
  return `${sn(m.dest)} cannot take ${formatMessage(m)}`;
}

/** Why no message in flight matches the pattern: none on its route, or how the closest ones differ. */
export function whyNoMessage(s: ClusterState, p: MessagePattern): string {
  const route = `${p.type} ${sn(p.source)}→${sn(p.dest)}`;
  const near = distinctMessages(s.messages).filter(
    (m) => m.type === p.type && m.source === p.source && m.dest === p.dest,
  );
  if (near.length === 0) return `no ${route} is in flight`;
  const shown = near.slice(0, 2).map((m) => `${formatMessageFields(m)}: ${messageDifference(m, p) ?? 'matches'}`);
  const more = near.length > 2 ? ` and ${near.length - 2} more` : '';
  return `no ${route} in flight matches the event (${shown.join('; ')}${more})`;
}
