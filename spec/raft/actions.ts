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
  | 'HandleAppendEntriesResponse'
  | 'HandlePreVoteRequest'
  | 'HandlePreVoteResponse';

export type RaftAction =
  | { readonly kind: 'Restart'; readonly i: ServerId }
  | { readonly kind: 'Timeout'; readonly i: ServerId }
  | { readonly kind: 'RequestVote'; readonly i: ServerId; readonly j: ServerId }
  | { readonly kind: 'BecomeLeader'; readonly i: ServerId }
  | { readonly kind: 'ClientRequest'; readonly i: ServerId; readonly v: Value }
  | { readonly kind: 'AdvanceCommitIndex'; readonly i: ServerId }
  | { readonly kind: 'AppendEntries'; readonly i: ServerId; readonly j: ServerId }
  // The variants' actions (docs/variants.md).
  | { readonly kind: 'RequestPreVote'; readonly i: ServerId; readonly j: ServerId }
  | { readonly kind: 'StartElection'; readonly i: ServerId }
  | { readonly kind: 'CheckQuorum'; readonly i: ServerId }
  | { readonly kind: 'AddServer'; readonly i: ServerId; readonly j: ServerId }
  | { readonly kind: 'RemoveServer'; readonly i: ServerId; readonly j: ServerId }
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

/**
 * Every action name: raft.tla's in the order the next-state relation lists them (Receive's handlers in its
 * place), then the variants' (next.ts and docs/variants.md give where they come in that order). An
 * action's code in the checker's fast path is its name's position with its parameters packed above it.
 */
export const ACTION_NAMES = [
  'Restart',
  'Timeout',
  'RequestVote',
  'BecomeLeader',
  'ClientRequest',
  'AdvanceCommitIndex',
  'AppendEntries',
  'UpdateTerm',
  'HandleRequestVoteRequest',
  'HandleRequestVoteResponse',
  'DropStaleResponse',
  'HandleAppendEntriesRequest',
  'HandleAppendEntriesResponse',
  'DuplicateMessage',
  'DropMessage',
  // The variants' actions and handlers, after raft.tla's so that its codes do not move.
  'RequestPreVote',
  'StartElection',
  'CheckQuorum',
  'HandlePreVoteRequest',
  'HandlePreVoteResponse',
  'AddServer',
  'RemoveServer',
] as const;

export type ActionName = (typeof ACTION_NAMES)[number];

/** What a handler can decide, as labels print it ('' for handlers that decide nothing). */
export const OUTCOMES = [
  '',
  'granted',
  'refused',
  'reject',
  'stepDown',
  'done',
  'conflict',
  'append',
  'success',
  'failure',
] as const;

// Plain objects rather than Maps: packing is on the checker's hot path.
const NAME_CODE = Object.fromEntries(ACTION_NAMES.map((n, k) => [n, k])) as Record<string, number>;
const OUTCOME_CODE = Object.fromEntries(OUTCOMES.map((o, k) => [o, k])) as Record<string, number>;

/** The code of action `name` (see ACTION_NAMES). */
export function nameCode(name: ActionName): number {
  return NAME_CODE[name]!;
}

/** Packs an action: name (5 bits), i and j (4 each), v (3), outcome (4) and a message position (12). */
export function packAction(name: number, i: number, j: number, v: number, outcome: string, k: number): number {
  return name | (i << 5) | (j << 9) | (v << 13) | (OUTCOME_CODE[outcome]! << 16) | (k << 20);
}

/** The parts of a packed action. */
export function unpackAction(code: number): {
  name: ActionName;
  i: number;
  j: number;
  v: number;
  outcome: string;
  k: number;
} {
  return {
    name: ACTION_NAMES[code & 31]!,
    i: (code >>> 5) & 15,
    j: (code >>> 9) & 15,
    v: (code >>> 13) & 7,
    outcome: OUTCOMES[(code >>> 16) & 15]!,
    k: code >>> 20,
  };
}

/** The name of a packed action. */
export function codeName(code: number): ActionName {
  return ACTION_NAMES[code & 31]!;
}
