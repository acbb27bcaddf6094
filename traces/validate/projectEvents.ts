/**
 * What an implementation would have logged for a walk of the spec: one event per logged step, in the vocabulary
 * of events.ts with the model's names (s1.., v1..), and nothing for network steps. Fields can be left out at
 * random, as an implementation that logs less would, to test that absent fields are unconstrained.
 */
import type { RaftAction } from '../../spec/raft/actions.js';
import { configMembers, isConfigValue, maskServers } from '../../spec/raft/logEntry.js';
import type { Message } from '../../spec/raft/messages.js';
import { server, type ClusterState } from '../../spec/raft/state.js';
import { serverName as sn, valueName, type ServerId } from '../../spec/raft/types.js';
import type { WalkStep } from './randomWalk.js';
import { sentMessage } from './steps.js';
import { VARIANT_ACTION_EVENTS, VARIANT_MESSAGE_EVENTS } from '../../spec/raft/variantEvents.js';
import type { ActionEvent } from '../../spec/raft/variants/variant.js';

/**
 * raft.tla's messages and actions; a variant's come from its module's `events` (variants/variant.ts), where
 * those that implementations do not log (leadership-transfer's) map to null and project to no event.
 */
type CoreMessage = Extract<
  Message,
  { type: 'RequestVoteRequest' | 'RequestVoteResponse' | 'AppendEntriesRequest' | 'AppendEntriesResponse' }
>;
type CoreAction = Extract<
  RaftAction,
  {
    kind:
      | 'DuplicateMessage'
      | 'DropMessage'
      | 'Receive'
      | 'RequestVote'
      | 'AppendEntries'
      | 'Restart'
      | 'Timeout'
      | 'BecomeLeader'
      | 'ClientRequest'
      | 'AdvanceCommitIndex';
  }
>;

/** One event as a JSON object, ready to be written as a line. */
export type EventJson = Record<string, unknown>;

/** Fields never left out: without them an event names nothing. */
const KEPT = new Set(['type', 'server', 'from', 'to']);

/**
 * What a server says about itself after an event (`term` on events without a message too): the fields an
 * implementation most often leaves out. Message fields pin down which message was taken; without them several
 * messages in flight can fit, and the frontier keeps every way of choosing.
 */
export const STATE_FIELDS: ReadonlySet<string> = new Set([
  'currentTerm',
  'role',
  'votedFor',
  'logLength',
  'commitIndex',
  'config',
]);

/** An entry as an event shows it: `{term, value}`, or membership's `{term, config: [servers]}`. */
function entryFields(term: number, value: number): EventJson {
  return isConfigValue(value)
    ? { term, config: maskServers(configMembers(value)).map(sn) }
    : { term, value: valueName(value) };
}

function messageFields(message: Message): EventJson {
  const variant = VARIANT_MESSAGE_EVENTS.get(message.type);
  if (variant === null) return { term: message.term };
  if (variant !== undefined) {
    const fields = message as unknown as Readonly<Record<string, unknown>>;
    return Object.fromEntries(Object.entries(variant.fields).map(([field, key]) => [field, fields[key]]));
  }
  const m = message as CoreMessage;
  switch (m.type) {
    case 'RequestVoteRequest':
      return { term: m.term, lastLogTerm: m.lastLogTerm, lastLogIndex: m.lastLogIndex };
    case 'RequestVoteResponse':
      return { term: m.term, granted: m.voteGranted };
    case 'AppendEntriesRequest':
      return {
        term: m.term,
        prevLogIndex: m.prevLogIndex,
        prevLogTerm: m.prevLogTerm,
        entries: m.entry === null ? [] : [entryFields(m.entry.term, m.entry.value)],
        leaderCommit: m.commitIndex,
      };
    case 'AppendEntriesResponse':
      return { term: m.term, success: m.success, matchIndex: m.matchIndex };
  }
}

function observed(s: ClusterState, i: ServerId, termKey: string): EventJson {
  const v = server(s, i);
  return {
    [termKey]: v.currentTerm,
    role: v.state,
    votedFor: v.votedFor === null ? null : sn(v.votedFor),
    logLength: v.log.size,
    commitIndex: v.commitIndex,
  };
}

function receiveEvent(
  first: RaftAction & { kind: 'Receive' },
  last: RaftAction,
  after: ClusterState,
): EventJson | undefined {
  const variant = VARIANT_MESSAGE_EVENTS.get(first.m.type);
  if (variant === null) return undefined;
  const base = { server: sn(first.m.dest), from: sn(first.m.source), ...messageFields(first.m) };
  const outcome = last.kind === 'Receive' ? last.outcome : '';
  const post = observed(after, first.m.dest, 'currentTerm');
  if (variant !== undefined) return { type: variant.receive, ...base, ...variant.replyOf?.(outcome), ...post };
  const m = first.m as CoreMessage;
  switch (m.type) {
    case 'RequestVoteRequest':
      return { type: 'receiveRequestVote', ...base, granted: outcome === 'granted', ...post };
    case 'RequestVoteResponse':
      return { type: 'receiveVote', ...base, ...post };
    case 'AppendEntriesRequest': {
      const success = outcome === 'done';
      const matchIndex = success ? m.prevLogIndex + (m.entry === null ? 0 : 1) : 0;
      return { type: 'receiveAppendEntries', ...base, success, matchIndex, ...post };
    }
    case 'AppendEntriesResponse':
      return { type: 'receiveAppendEntriesResponse', ...base, ...post };
  }
}

const SEND_EVENT = { RequestVote: 'sendRequestVote', AppendEntries: 'sendAppendEntries' } as const;

/** The event of a variant's action, as its module's `events` declares it. */
function variantEvent(event: ActionEvent, a: RaftAction & { i: ServerId }, step: WalkStep): EventJson {
  const { before, after } = step;
  const me = sn(a.i);
  switch (event.form) {
    case 'server':
      return { type: event.type, server: me, ...observed(after, a.i, 'term') };
    case 'send': {
      const m = sentMessage(before, after)!;
      const to = sn((a as { j: ServerId }).j);
      return { type: event.type, server: me, to, ...messageFields(m), ...observed(after, a.i, 'currentTerm') };
    }
    case 'reconfigure': {
      // The leader's last entry is the configuration it has just appended, the one it uses from now on.
      const appended = server(after, a.i).log.last();
      const config = appended === undefined ? {} : { config: entryFields(appended.term, appended.value).config };
      const target = sn((a as { j: ServerId }).j);
      return { type: event.type, server: me, target, ...observed(after, a.i, 'term'), ...config };
    }
  }
}

/** The event an implementation logs for `step`, or undefined for a network step. */
export function projectStep(step: WalkStep): EventJson | undefined {
  const variant = VARIANT_ACTION_EVENTS.get(step.actions[0]!.kind);
  if (variant === null) return undefined;
  if (variant !== undefined) return variantEvent(variant, step.actions[0] as RaftAction & { i: ServerId }, step);
  const a = step.actions[0]! as CoreAction;
  const { before, after } = step;
  switch (a.kind) {
    case 'DuplicateMessage':
    case 'DropMessage':
      return undefined;
    case 'Receive':
      return receiveEvent(a, step.actions[step.actions.length - 1]!, after);
    case 'RequestVote':
    case 'AppendEntries': {
      const m = sentMessage(before, after)!;
      const type = SEND_EVENT[a.kind];
      return { type, server: sn(a.i), to: sn(a.j), ...messageFields(m), ...observed(after, a.i, 'currentTerm') };
    }
    case 'Restart':
      return { type: 'restart', server: sn(a.i), ...observed(after, a.i, 'term') };
    case 'Timeout':
      return { type: 'timeout', server: sn(a.i), ...observed(after, a.i, 'term') };
    case 'BecomeLeader':
      return { type: 'becomeLeader', server: sn(a.i), ...observed(after, a.i, 'term') };
    case 'ClientRequest':
      return { type: 'clientRequest', server: sn(a.i), value: valueName(a.v), ...observed(after, a.i, 'term') };
    case 'AdvanceCommitIndex':
      return { type: 'commit', server: sn(a.i), ...observed(after, a.i, 'term') };
  }
}

/**
 * The events of a walk; each field that `omittable` accepts (by default any but type, server, from and to) is
 * left out with probability `omit`, drawn from `random`.
 */
export function projectWalk(
  steps: readonly WalkStep[],
  omit = 0,
  random: () => number = Math.random,
  omittable: (field: string) => boolean = (field) => !KEPT.has(field),
): EventJson[] {
  const events: EventJson[] = [];
  for (const step of steps) {
    const event = projectStep(step);
    if (event === undefined) continue;
    const keep = ([field]: [string, unknown]): boolean => !omittable(field) || random() >= omit;
    events.push(omit > 0 ? Object.fromEntries(Object.entries(event).filter(keep)) : event);
  }
  return events;
}
