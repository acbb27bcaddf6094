/** Labels of the next-state relation: which action fired, with its parameters. */
import type { Message } from './messages.js';
import type { ServerId, Value } from './types.js';

/** The handlers a Receive can run, named as in raft.tla. */
export type ReceiveHandler =
  | 'UpdateTerm'
  | 'HandleRequestVoteRequest'
  | 'HandleRequestVoteResponse'
  | 'DropStaleResponse'
  | 'HandleAppendEntriesRequest'
  | 'HandleAppendEntriesResponse';

export type RaftAction =
  | { readonly kind: 'Restart'; readonly i: ServerId }
  | { readonly kind: 'Timeout'; readonly i: ServerId }
  | { readonly kind: 'RequestVote'; readonly i: ServerId; readonly j: ServerId }
  | { readonly kind: 'BecomeLeader'; readonly i: ServerId }
  | { readonly kind: 'ClientRequest'; readonly i: ServerId; readonly v: Value }
  | { readonly kind: 'AdvanceCommitIndex'; readonly i: ServerId }
  | { readonly kind: 'AppendEntries'; readonly i: ServerId; readonly j: ServerId }
  | {
      readonly kind: 'Receive';
      readonly handler: ReceiveHandler;
      readonly m: Message;
      /** What the handler decided: granted/refused, reject/stepDown/done/conflict/append, or '' . */
      readonly outcome: string;
    }
  | { readonly kind: 'DuplicateMessage'; readonly m: Message }
  | { readonly kind: 'DropMessage'; readonly m: Message };

export type ActionKind = RaftAction['kind'];

/** The name statistics and traces use: the handler for a Receive, the kind otherwise. */
export function actionName(a: RaftAction): string {
  return a.kind === 'Receive' ? a.handler : a.kind;
}
