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

/**
 * The messages and actions implementations log events for (traces/validate/events.ts); a variant's others
 * (leadership-transfer's TimeoutNow, TransferLeadership) have none, and project to no event.
 */
type LoggedMessage = Extract<
  Message,
  {
    type:
      | 'RequestVoteRequest'
      | 'RequestVoteResponse'
      | 'AppendEntriesRequest'
      | 'AppendEntriesResponse'
      | 'PreVoteRequest'
      | 'PreVoteResponse';
  }
>;
type LoggedAction = Exclude<RaftAction, { kind: 'TransferLeadership' }>;
const UNLOGGED_MESSAGES: ReadonlySet<string> = new Set(['TimeoutNow']);
const UNLOGGED_ACTIONS: ReadonlySet<string> = new Set(['TransferLeadership']);

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
  if (UNLOGGED_MESSAGES.has(message.type)) return { term: message.term };
  const m = message as LoggedMessage;
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
    case 'PreVoteRequest':
      return { term: m.term, lastLogTerm: m.lastLogTerm, lastLogIndex: m.lastLogIndex };
    case 'PreVoteResponse':
      return { term: m.term, granted: m.voteGranted };
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
  if (UNLOGGED_MESSAGES.has(first.m.type)) return undefined;
  const m = first.m as LoggedMessage;
  const base = { server: sn(m.dest), from: sn(m.source), ...messageFields(m) };
  const outcome = last.kind === 'Receive' ? last.outcome : '';
  const post = observed(after, m.dest, 'currentTerm');
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
    case 'PreVoteRequest':
      return { type: 'receivePreVote', ...base, granted: outcome === 'granted', ...post };
    case 'PreVoteResponse':
      return { type: 'receivePreVoteResponse', ...base, ...post };
  }
}

const SEND_EVENT = {
  RequestVote: 'sendRequestVote',
  AppendEntries: 'sendAppendEntries',
  RequestPreVote: 'sendPreVote',
} as const;

/** The event an implementation logs for `step`, or undefined for a network step. */
export function projectStep(step: WalkStep): EventJson | undefined {
  if (UNLOGGED_ACTIONS.has(step.actions[0]!.kind)) return undefined;
  const a = step.actions[0]! as LoggedAction;
  const { before, after } = step;
  switch (a.kind) {
    case 'DuplicateMessage':
    case 'DropMessage':
      return undefined;
    case 'Receive':
      return receiveEvent(a, step.actions[step.actions.length - 1]!, after);
    case 'RequestVote':
    case 'AppendEntries':
    case 'RequestPreVote': {
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
    case 'StartElection':
      return { type: 'startElection', server: sn(a.i), ...observed(after, a.i, 'term') };
    case 'CheckQuorum':
      return { type: 'checkQuorum', server: sn(a.i), ...observed(after, a.i, 'term') };
    case 'AddServer':
    case 'RemoveServer': {
      // The leader's last entry is the configuration it has just appended, the one it uses from now on.
      const appended = server(after, a.i).log.last();
      const config = appended === undefined ? {} : { config: entryFields(appended.term, appended.value).config };
      const type = a.kind === 'AddServer' ? 'addServer' : 'removeServer';
      return { type, server: sn(a.i), target: sn(a.j), ...observed(after, a.i, 'term'), ...config };
    }
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
