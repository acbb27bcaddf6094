/**
 * The labels of the etcd profile's steps: etcdraft.tla's actions with their parameters. A Receive is labelled
 * with the handler that took the message, so statistics and counterexamples name what happened.
 */
import type { EtcdMessage } from './messages.js';

/** The handlers of Receive, in etcdraft.tla's order. */
export const RECEIVE_HANDLERS = [
  'UpdateTerm',
  'HandleRequestVoteRequest',
  'HandleRequestVoteResponse',
  'RejectAppendEntriesRequest',
  'ReturnToFollowerState',
  'AppendEntriesAlreadyDone',
  'ConflictAppendEntriesRequest',
  'NoConflictAppendEntriesRequest',
  'HandleAppendEntriesResponse',
  'DropStaleResponse',
] as const;
export type ReceiveHandler = (typeof RECEIVE_HANDLERS)[number];

export type EtcdAction =
  | { readonly kind: 'RequestVote'; readonly i: number; readonly j: number }
  | { readonly kind: 'BecomeLeader'; readonly i: number }
  | { readonly kind: 'ClientRequest'; readonly i: number }
  | { readonly kind: 'AdvanceCommitIndex'; readonly i: number }
  | { readonly kind: 'AppendEntries'; readonly i: number; readonly j: number; readonly b: number; readonly e: number }
  | { readonly kind: 'AppendEntriesToSelf'; readonly i: number }
  | { readonly kind: 'Heartbeat'; readonly i: number; readonly j: number }
  | { readonly kind: 'SendSnapshot'; readonly i: number; readonly j: number; readonly index: number }
  | { readonly kind: 'Receive'; readonly handler: ReceiveHandler; readonly m: EtcdMessage }
  | { readonly kind: 'Timeout'; readonly i: number }
  | { readonly kind: 'Ready'; readonly i: number }
  | { readonly kind: 'StepDownToFollower'; readonly i: number }
  | { readonly kind: 'Restart'; readonly i: number }
  | { readonly kind: 'DuplicateMessage'; readonly m: EtcdMessage }
  | { readonly kind: 'DropMessage'; readonly m: EtcdMessage }
  | { readonly kind: 'AddNewServer'; readonly i: number; readonly j: number }
  | { readonly kind: 'AddLearner'; readonly i: number; readonly j: number }
  | { readonly kind: 'DeleteServer'; readonly i: number; readonly j: number }
  | { readonly kind: 'ApplySimpleConfChange'; readonly i: number };

/** Every action kind, as statistics and coverage name them, in the order the model lists successors. */
export const ETCD_ACTION_NAMES = [
  'RequestVote',
  'BecomeLeader',
  'ClientRequest',
  'AdvanceCommitIndex',
  'AppendEntries',
  'AppendEntriesToSelf',
  'Heartbeat',
  'SendSnapshot',
  ...RECEIVE_HANDLERS,
  'Timeout',
  'Ready',
  'StepDownToFollower',
  'Restart',
  'DuplicateMessage',
  'DropMessage',
  'AddNewServer',
  'AddLearner',
  'DeleteServer',
  'ApplySimpleConfChange',
] as const;

/** The action's kind (a Receive's handler). */
export function etcdActionName(a: EtcdAction): string {
  return a.kind === 'Receive' ? a.handler : a.kind;
}
