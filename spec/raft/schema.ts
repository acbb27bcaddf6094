/**
 * The shape of a Raft cluster state, declared once: raft.tla's per-server variables and the fields of its four
 * messages. Everything else that depends on the shape is derived from this file: the Immutable.js records people
 * and tools see (state.ts, messages.ts), the flat Int32Array layout the checker explores (layout.ts), the views
 * the handlers and invariants read and write (cluster.ts), the codec between the two (codec.ts), the canonical
 * encoding, the JSON and ITF mappings (describe.ts, traces/raft/itf.ts), the user-invariant view (stateView.ts)
 * and the human diff. A new variable or message field is one line here plus the code that uses it.
 *
 * Each field has a kind; a kind fixes how a value is stored (words), what it is in Immutable.js, and how it is
 * written for people and other tools. The kinds are exactly those Raft needs.
 */
import type { List, Set as ISet } from 'immutable';
import type { LogEntry } from './logEntry.js';
import type { ServerId } from './types.js';
import { VARIANT_MODULES, type VariantModules } from './variants/registry.js';

/**
 * A per-server variable's kind, and optionally the protocol variant (variants/registry.ts) it belongs to: a
 * variant's variable is part of the flat layout only when the variant is on, so the reference model's states,
 * counts and speed are those of raft.tla. Variant variables must be one word (int, enum, server?, servers, bool).
 */
export type ServerFieldKind = ServerFieldShape & { readonly variant?: string; readonly persistent?: boolean };

export type ServerFieldShape =
  /** An integer (a term, an index). `min` is the least value a well-formed state holds. */
  | { readonly kind: 'int'; readonly initial: number; readonly min: number }
  /** One of a few names, stored as its position in `values`. */
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly initial: string }
  /** A server or raft.tla's Nil (null). */
  | { readonly kind: 'server?' }
  /** A set of servers. */
  | { readonly kind: 'servers' }
  /** A function from servers to integers (raft.tla's `[j \in Server |-> ...]`). */
  | { readonly kind: 'perServer'; readonly initial: number; readonly min: number }
  /** A log: a sequence of `{term, value}` entries, 1-indexed as in raft.tla. */
  | { readonly kind: 'log' }
  /** TRUE or FALSE; FALSE initially. */
  | { readonly kind: 'bool' };

/** A message field's kind (besides the type, source, dest and term every message has). */
export type MessageFieldKind =
  | { readonly kind: 'int'; readonly min: number }
  | { readonly kind: 'bool' }
  /**
   * raft.tla's `mentries` when it holds at most one entry: an entry or none (null). People and other tools see
   * it as a list of 0 or 1 entries named `list` (raft.tla's name without its `m`).
   */
  | { readonly kind: 'entry?'; readonly list: string };

const int = (initial: number, min: number) => ({ kind: 'int', initial, min }) as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Module = VariantModules[number];

/** raft.tla's roles, then the variants' (their codes come after raft.tla's, which keep theirs). */
const RAFT_ROLES = ['Follower', 'Candidate', 'Leader'] as const;
export type Role = (typeof RAFT_ROLES)[number] | Module['roles'][number];
const ROLES = [...RAFT_ROLES, ...VARIANT_MODULES.flatMap((m) => m.roles)] as readonly Role[];

/** raft.tla's per-server variables, in raft.tla's order. */
const RAFT_SERVER_SCHEMA = {
  currentTerm: int(1, 1),
  state: { kind: 'enum', values: ROLES, initial: 'Follower' },
  votedFor: { kind: 'server?' },
  log: { kind: 'log' },
  commitIndex: int(0, 0),
  votesResponded: { kind: 'servers' },
  votesGranted: { kind: 'servers' },
  nextIndex: { kind: 'perServer', initial: 1, min: 1 },
  matchIndex: { kind: 'perServer', initial: 0, min: 0 },
} as const satisfies Record<string, ServerFieldKind>;

/** The variants' variables, each tagged with its variant's name. */
type VariantServerSchema = UnionToIntersection<Module['fields']>;

/**
 * Every per-server variable: raft.tla's, then the variants' in registry order (docs/variants.md), so that
 * their one-word offsets come after raft.tla's.
 */
export const SERVER_SCHEMA = Object.assign(
  {},
  RAFT_SERVER_SCHEMA,
  ...VARIANT_MODULES.map((m) =>
    Object.fromEntries(Object.entries(m.fields).map(([name, f]) => [name, { ...f, variant: m.variant.name }])),
  ),
) as typeof RAFT_SERVER_SCHEMA & VariantServerSchema;

const count = { kind: 'int', min: 0 } as const;
const bool = { kind: 'bool' } as const;

/** raft.tla's messages and their fields. */
const RAFT_MESSAGE_SCHEMA = {
  RequestVoteRequest: { lastLogTerm: count, lastLogIndex: count },
  RequestVoteResponse: { voteGranted: bool },
  AppendEntriesRequest: {
    prevLogIndex: count,
    prevLogTerm: count,
    entry: { kind: 'entry?', list: 'entries' },
    commitIndex: count,
  },
  AppendEntriesResponse: { success: bool, matchIndex: count },
} as const satisfies Record<string, Record<string, MessageFieldKind>>;

/**
 * raft.tla's messages and their fields, then the variants' in registry order, in encoding order (a message's
 * type is its position here, and the bag is kept sorted by type, source, dest, term, then these fields in
 * order). raft.tla's names are these with an `m` in front (`mlastLogTerm`); `entry` is raft.tla's `mentries`.
 */
export const MESSAGE_SCHEMA = Object.assign(
  {},
  RAFT_MESSAGE_SCHEMA,
  ...VARIANT_MODULES.map((m) => m.messages),
) as typeof RAFT_MESSAGE_SCHEMA & UnionToIntersection<Module['messages']>;

export type ServerSchema = typeof SERVER_SCHEMA;
export type ServerVariable = keyof ServerSchema;
export type MessageSchema = typeof MESSAGE_SCHEMA;
export type MessageType = keyof MessageSchema;

/** A server variable's value in Immutable.js. */
export type ValueOf<F extends ServerFieldKind> = F extends { kind: 'int' }
  ? number
  : F extends { kind: 'enum'; values: readonly (infer V)[] }
    ? V
    : F extends { kind: 'server?' }
      ? ServerId | null
      : F extends { kind: 'servers' }
        ? ISet<ServerId>
        : F extends { kind: 'perServer' }
          ? List<number>
          : F extends { kind: 'log' }
            ? List<LogEntry>
            : F extends { kind: 'bool' }
              ? boolean
              : never;

/** A message field's value. */
export type MessageValueOf<F extends MessageFieldKind> = F extends { kind: 'int' }
  ? number
  : F extends { kind: 'bool' }
    ? boolean
    : F extends { kind: 'entry?' }
      ? LogEntry | null
      : never;

/** One server's variables as Immutable.js values. */
export type ServerFields = { -readonly [K in ServerVariable]: ValueOf<ServerSchema[K]> };

/** The fields of a message of type T, without the four every message has. */
export type MessageFields<T extends MessageType> = {
  readonly [K in keyof MessageSchema[T]]: MessageSchema[T][K] extends MessageFieldKind
    ? MessageValueOf<MessageSchema[T][K]>
    : never;
};

/** raft.tla's own per-server variables: those no variant declares. */
export type RaftVariable = keyof typeof RAFT_SERVER_SCHEMA;

/** Every per-server variable, variants' included, in schema order: what the flat layout and the codec know. */
export const ALL_SERVER_VARIABLES = Object.keys(SERVER_SCHEMA) as ServerVariable[];

/** The variant a variable belongs to, or undefined for raft.tla's own. */
export function variableVariant(name: ServerVariable): string | undefined {
  return (SERVER_SCHEMA[name] as ServerFieldKind).variant;
}

/**
 * raft.tla's per-server variables, in raft.tla's order: what traces, JSON, ITF and the human diff show, so their
 * output for the reference model is unchanged by the variants' variables.
 */
export const SERVER_VARIABLES = ALL_SERVER_VARIABLES.filter(
  (name): name is RaftVariable => variableVariant(name) === undefined,
);

/** Message type names in encoding order. */
export const MESSAGE_TYPES = Object.keys(MESSAGE_SCHEMA) as MessageType[];

/** The fields of message type `type` in encoding order, with their kinds. */
export function messageFields(type: MessageType): readonly (readonly [string, MessageFieldKind])[] {
  return Object.entries(MESSAGE_SCHEMA[type]) as [string, MessageFieldKind][];
}

/** The fields every message has, in encoding order after the type. */
export const MESSAGE_HEADER = ['source', 'dest', 'term'] as const;
