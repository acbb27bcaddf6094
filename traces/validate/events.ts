/**
 * The event vocabulary of traces recorded from running Raft implementations (docs/trace-format.md).
 *
 * Implementations log what one server did, with whatever it knows at that moment, never a whole cluster state.
 * So an event names its server, the spec action(s) it stands for, the visible fields of the message it sent or
 * received, and what it says about its server right after it (`Observed`). Every field that an event leaves out
 * is unconstrained, and the validator keeps every model state that agrees with the fields that are there.
 *
 * The event types below are raft.tla's; each variant declares its own in its module (`events`, spec/raft/variants),
 * and they join these by their form (a server's own step, a send, a receive, a configuration change).
 *
 * A receive event stands for the whole handling of one message, as an implementation does it atomically:
 * raising the term first (raft.tla UpdateTerm), a candidate stepping down, removing conflicting entries and
 * appending, then the reply. Those are several spec steps on the one message, folded into one event.
 */
import type { MessageType } from '../../spec/raft/messages.js';
import type { Role, ServerId, Term, Value } from '../../spec/raft/types.js';
import { VARIANT_EVENTS } from '../../spec/raft/variantEvents.js';
import type { VariantModules } from '../../spec/raft/variants/registry.js';

/** What an event says about its server right after it. */
export interface Observed {
  readonly currentTerm?: Term;
  readonly role?: Role;
  readonly votedFor?: ServerId | null;
  readonly logLength?: number;
  readonly commitIndex?: number;
  /**
   * The configuration the server uses (a bit mask of servers): its log's latest configuration entry, committed or
   * not, or the initial configuration while its log holds none (configuration.ts).
   */
  readonly config?: number;
}

/** The visible fields of a log entry carried by an AppendEntries: a client value, or a configuration entry. */
export interface EntryPattern {
  readonly term?: Term;
  readonly value?: Value;
  /** A configuration entry naming these servers (a bit mask); never with `value`. */
  readonly config?: number;
}

/** The visible fields of a message, named as in spec/raft/messages.ts; absent fields are unconstrained. */
export interface MessagePattern {
  readonly type: MessageType;
  readonly source: ServerId;
  readonly dest: ServerId;
  readonly term?: Term;
  readonly lastLogTerm?: Term;
  readonly lastLogIndex?: number;
  readonly voteGranted?: boolean;
  readonly prevLogIndex?: number;
  readonly prevLogTerm?: Term;
  /** Zero or one entry, as in the reference model. */
  readonly entries?: readonly EntryPattern[];
  readonly commitIndex?: number;
  readonly success?: boolean;
  readonly matchIndex?: number;
}

/** The reply a receive event says its server sent. */
export interface ReplyPattern {
  readonly voteGranted?: boolean;
  readonly success?: boolean;
  readonly matchIndex?: number;
}

export interface EventBase {
  /** 1-based line of the event in its file. */
  readonly line: number;
  /** 1-based position among the events (header and blank lines not counted). */
  readonly index: number;
  readonly server: ServerId;
  readonly observed: Observed;
}

/** Events that stand for one action of their server and carry no message. */
export type PlainEventType = 'timeout' | 'becomeLeader' | 'clientRequest' | 'commit' | 'restart' | 'observe';
/** Events that send a message: the server is the sender. */
export type SendEventType = 'sendRequestVote' | 'sendAppendEntries';
/** Events that take a message from the network: the server is the receiver. */
export type ReceiveEventType =
  'receiveRequestVote' | 'receiveVote' | 'receiveAppendEntries' | 'receiveAppendEntriesResponse';
/** Network events, for test harnesses that inject faults and log them: the server is the sender. */
export type NetworkEventType = 'drop' | 'duplicate';

// The variants' events, each declared by its module's `events` (variants/variant.ts) and typed from the registry,
// so that this file names no variant and a variant's event type is still a literal the validator switches on.
type ValuesOf<T> = T extends unknown ? T[keyof T] : never;
type ModuleEvents = VariantModules[number]['events'];
type VariantActionEvent = Exclude<ValuesOf<ModuleEvents['actions']>, null>;
/** A variant's event of its server's own step (form `server`). */
export type VariantServerEventType = Extract<VariantActionEvent, { form: 'server' }>['type'];
/** A variant's event of a send (form `send`): the server is the sender. */
export type VariantSendEventType = Extract<VariantActionEvent, { form: 'send' }>['type'];
/** A variant's configuration change (form `reconfigure`): the server, a leader, adds or removes `target`. */
export type VariantTargetEventType = Extract<VariantActionEvent, { form: 'reconfigure' }>['type'];
/** A variant's receive event of one of its message types: the server is the receiver. */
export type VariantReceiveEventType = Exclude<ValuesOf<ModuleEvents['messages']>, null>['receive'];
/** Every event type a variant adds. */
export type VariantEventType =
  VariantServerEventType | VariantSendEventType | VariantTargetEventType | VariantReceiveEventType;
// A module that declares its events without `as const` would widen these to string: a type error here.
export const variantEventTypesAreLiterals: string extends VariantEventType ? 'declare events as const' : true = true;

export type EventType = PlainEventType | SendEventType | ReceiveEventType | NetworkEventType | VariantEventType;

type AnySend = SendEventType | VariantSendEventType;
type AnyReceive = ReceiveEventType | VariantReceiveEventType;

// raft.tla's events and the variants' are separate members, so that `EventOf` picks either.
export type TraceEvent =
  | (EventBase & { readonly type: Exclude<PlainEventType, 'clientRequest'> })
  | (EventBase & { readonly type: VariantServerEventType })
  | (EventBase & { readonly type: 'clientRequest'; readonly value?: Value })
  | (EventBase & { readonly type: SendEventType; readonly message: MessagePattern })
  | (EventBase & { readonly type: VariantSendEventType; readonly message: MessagePattern })
  | (EventBase & { readonly type: NetworkEventType; readonly message: MessagePattern })
  | (EventBase & { readonly type: VariantTargetEventType; readonly target: ServerId })
  | (EventBase & { readonly type: ReceiveEventType; readonly message: MessagePattern; readonly reply: ReplyPattern })
  | (EventBase & {
      readonly type: VariantReceiveEventType;
      readonly message: MessagePattern;
      readonly reply: ReplyPattern;
    });

/** The message type each message-carrying event names (network events name theirs in the `message` field). */
export const EVENT_MESSAGE: Readonly<Record<AnySend | AnyReceive, MessageType>> = {
  sendRequestVote: 'RequestVoteRequest',
  sendAppendEntries: 'AppendEntriesRequest',
  receiveRequestVote: 'RequestVoteRequest',
  receiveVote: 'RequestVoteResponse',
  receiveAppendEntries: 'AppendEntriesRequest',
  receiveAppendEntriesResponse: 'AppendEntriesResponse',
  // A variant's, as its module declares them: the message a send event's action sends, or its receive's type.
  ...(Object.fromEntries(
    [...VARIANT_EVENTS].flatMap(([type, d]) =>
      d.kind === 'receive' ? [[type, d.message]] : d.event.form === 'send' ? [[type, d.event.message]] : [],
    ),
  ) as Record<VariantSendEventType | VariantReceiveEventType, MessageType>),
};

/** The send events, core and variants': they make a message and take none. */
export const SEND_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'sendRequestVote',
  'sendAppendEntries',
  ...([...VARIANT_EVENTS].flatMap(([type, d]) =>
    d.kind === 'action' && d.event.form === 'send' ? [type] : [],
  ) as VariantSendEventType[]),
]);

/** Every event type, in the order docs/trace-format.md lists them: raft.tla's, then the variants' (registry order). */
export const EVENT_TYPES: readonly EventType[] = [
  'timeout',
  'sendRequestVote',
  'receiveRequestVote',
  'receiveVote',
  'becomeLeader',
  'clientRequest',
  'sendAppendEntries',
  'receiveAppendEntries',
  'receiveAppendEntriesResponse',
  'commit',
  'restart',
  'drop',
  'duplicate',
  'observe',
  ...([...VARIANT_EVENTS.keys()] as VariantEventType[]),
];

/** The events of the given types. */
export type EventOf<T extends EventType> = Extract<TraceEvent, { readonly type: T }>;

/** Whether `type` is one a variant declares (the others are raft.tla's, which the validator switches on). */
export function isVariantEventType(type: EventType): type is VariantEventType {
  return VARIANT_EVENTS.has(type);
}

/** Whether `e` is a variant's event. */
export function isVariantEvent(e: TraceEvent): e is EventOf<VariantEventType> {
  return isVariantEventType(e.type);
}
