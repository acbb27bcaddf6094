/** Labels of the next-state relation: which action fired, with its parameters. */
import type { Message } from './messages.js';
import type { ServerId, Value } from './types.js';
import { VARIANT_MODULES, type VariantModules } from './variants/registry.js';

type Module = VariantModules[number];

/** The handlers a Receive can run, named as in raft.tla, then the variants' (their modules' `handlerNames`). */
export type ReceiveHandler =
  | 'UpdateTerm'
  | 'HandleRequestVoteRequest'
  | 'HandleRequestVoteResponse'
  | 'DropStaleResponse'
  | 'HandleAppendEntriesRequest'
  | 'HandleAppendEntriesResponse'
  | Module['handlerNames'][number];

type VariantActionSpec = Module['actions'][number];

/** A variant's action as a label: its kind and its parameters (modules declare them, variant.ts). */
type VariantRaftAction = {
  [A in VariantActionSpec as A['name']]: A['params'] extends 'ij'
    ? { readonly kind: A['name']; readonly i: ServerId; readonly j: ServerId }
    : { readonly kind: A['name']; readonly i: ServerId };
}[VariantActionSpec['name']];

export type RaftAction =
  | { readonly kind: 'Restart'; readonly i: ServerId }
  | { readonly kind: 'Timeout'; readonly i: ServerId }
  | { readonly kind: 'RequestVote'; readonly i: ServerId; readonly j: ServerId }
  | { readonly kind: 'BecomeLeader'; readonly i: ServerId }
  | { readonly kind: 'ClientRequest'; readonly i: ServerId; readonly v: Value }
  | { readonly kind: 'AdvanceCommitIndex'; readonly i: ServerId }
  | { readonly kind: 'AppendEntries'; readonly i: ServerId; readonly j: ServerId }
  // The variants' actions (docs/variants.md), from their modules.
  | VariantRaftAction
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

/** raft.tla's action names, in the order the next-state relation lists them (Receive's handlers in its place). */
const RAFT_ACTION_NAMES = [
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
] as const;

export type ActionName = (typeof RAFT_ACTION_NAMES)[number] | VariantActionSpec['name'] | ReceiveHandler;

/**
 * Every action name: raft.tla's, then each variant's actions and handlers in registry order (so raft.tla's
 * codes do not move). An action's code in the checker's fast path is its name's position with its parameters
 * packed above it.
 */
export const ACTION_NAMES: readonly ActionName[] = [
  ...RAFT_ACTION_NAMES,
  ...VARIANT_MODULES.flatMap((m): readonly ActionName[] => [...m.actions.map((a) => a.name), ...m.handlerNames]),
];
if (ACTION_NAMES.length > 32) throw new Error('spec: more than 32 action names do not fit a packed action');

/** The parameters each action name's label has: a server, two, a server and a value, or a message. */
export const ACTION_PARAMS: Readonly<Record<ActionName, 'i' | 'ij' | 'iv' | 'm' | 'receive'>> = Object.fromEntries([
  ...(['Restart', 'Timeout', 'BecomeLeader', 'AdvanceCommitIndex'] as const).map((n) => [n, 'i']),
  ...(['RequestVote', 'AppendEntries'] as const).map((n) => [n, 'ij']),
  ['ClientRequest', 'iv'],
  ['DuplicateMessage', 'm'],
  ['DropMessage', 'm'],
  ...RAFT_ACTION_NAMES.slice(7, 13).map((n) => [n, 'receive']),
  ...VARIANT_MODULES.flatMap((m) => [
    ...m.actions.map((a) => [a.name, a.params]),
    ...m.handlerNames.map((n) => [n, 'receive']),
  ]),
]) as Record<ActionName, 'i' | 'ij' | 'iv' | 'm' | 'receive'>;

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
