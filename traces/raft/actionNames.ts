/**
 * Every action name of the Raft model (raft.tla's, the Receive handlers included), so that a trace naming an
 * action the model does not have is told so, not that the action "is not enabled". Written as a record over the
 * action types, so that adding an action kind or handler to the spec without naming it here is a type error.
 */
import type { ActionKind, ReceiveHandler } from '../../spec/raft/actions.js';

const NAMES: Record<Exclude<ActionKind, 'Receive'> | ReceiveHandler, true> = {
  Restart: true,
  Timeout: true,
  RequestVote: true,
  BecomeLeader: true,
  ClientRequest: true,
  AdvanceCommitIndex: true,
  AppendEntries: true,
  UpdateTerm: true,
  HandleRequestVoteRequest: true,
  HandleRequestVoteResponse: true,
  DropStaleResponse: true,
  HandleAppendEntriesRequest: true,
  HandlePreVoteRequest: true,
  HandlePreVoteResponse: true,
  RequestPreVote: true,
  StartElection: true,
  CheckQuorum: true,
  AddServer: true,
  RemoveServer: true,
  HandleAppendEntriesResponse: true,
  DuplicateMessage: true,
  DropMessage: true,
};

/** The Raft model's action names. */
export const RAFT_ACTION_NAMES: readonly string[] = Object.keys(NAMES);

/** True when `name` is one of the Raft model's actions (`Receive` included: labels may start with it). */
export function isRaftActionName(name: string): boolean {
  return name === 'Receive' || name in NAMES;
}
