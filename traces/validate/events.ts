/**
 * The event vocabulary of traces recorded from running Raft implementations (docs/trace-format.md).
 *
 * Implementations log what one server did, with whatever it knows at that moment, never a whole cluster state.
 * So an event names its server, the spec action(s) it stands for, the visible fields of the message it sent or
 * received, and what it says about its server right after it (`Observed`). Every field that an event leaves out
 * is unconstrained, and the validator keeps every model state that agrees with the fields that are there.
 *
 * A receive event stands for the whole handling of one message, as an implementation does it atomically:
 * raising the term first (raft.tla UpdateTerm), a candidate stepping down, removing conflicting entries and
 * appending, then the reply. Those are several spec steps on the one message, folded into one event.
 */
import type { MessageType } from '../../spec/raft/messages.js';
import type { Role, ServerId, Term, Value } from '../../spec/raft/types.js';

/** What an event says about its server right after it. */
export interface Observed {
  readonly currentTerm?: Term;
  readonly role?: Role;
  readonly votedFor?: ServerId | null;
  readonly logLength?: number;
  readonly commitIndex?: number;
  /**
   * membership: the configuration the server uses (a bit mask of servers): its log's latest configuration entry,
   * committed or not, or the initial configuration while its log holds none.
   */
  readonly config?: number;
}

/** The visible fields of a log entry carried by an AppendEntries: a client value, or membership's configuration. */
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

interface EventBase {
  /** 1-based line of the event in its file. */
  readonly line: number;
  /** 1-based position among the events (header and blank lines not counted). */
  readonly index: number;
  readonly server: ServerId;
  readonly observed: Observed;
}

/**
 * Events that stand for one action of their server and carry no message. The variants' (docs/variants.md):
 * `startElection` (prevote: the pre-vote won, the real election starts) and `checkQuorum` (check-quorum: the
 * leader's check; its `role` says whether it stepped down).
 */
export type PlainEventType =
  'timeout' | 'becomeLeader' | 'clientRequest' | 'commit' | 'restart' | 'observe' | 'startElection' | 'checkQuorum';
/** Events that send a message: the server is the sender. `sendPreVote` is prevote's RequestPreVote. */
export type SendEventType = 'sendRequestVote' | 'sendAppendEntries' | 'sendPreVote';
/**
 * Events that take a message from the network: the server is the receiver. prevote's: `receivePreVote` (a
 * PreVoteRequest, with `granted` for the answer) and `receivePreVoteResponse`.
 */
export type ReceiveEventType =
  | 'receiveRequestVote'
  | 'receiveVote'
  | 'receiveAppendEntries'
  | 'receiveAppendEntriesResponse'
  | 'receivePreVote'
  | 'receivePreVoteResponse';
/** Network events, for test harnesses that inject faults and log them: the server is the sender. */
export type NetworkEventType = 'drop' | 'duplicate';
/**
 * membership's configuration changes (docs/variants.md): the server, a leader, appends the configuration entry
 * that adds or removes server `target` (AddServer, RemoveServer).
 */
export type MembershipEventType = 'addServer' | 'removeServer';

export type EventType = PlainEventType | SendEventType | ReceiveEventType | NetworkEventType | MembershipEventType;

export type TraceEvent =
  | (EventBase & { readonly type: Exclude<PlainEventType, 'clientRequest'> })
  | (EventBase & { readonly type: 'clientRequest'; readonly value?: Value })
  | (EventBase & { readonly type: SendEventType; readonly message: MessagePattern })
  | (EventBase & { readonly type: NetworkEventType; readonly message: MessagePattern })
  | (EventBase & { readonly type: MembershipEventType; readonly target: ServerId })
  | (EventBase & { readonly type: ReceiveEventType; readonly message: MessagePattern; readonly reply: ReplyPattern });

/** The message type each message-carrying event names (network events name theirs in the `message` field). */
export const EVENT_MESSAGE: Readonly<Record<SendEventType | ReceiveEventType, MessageType>> = {
  sendRequestVote: 'RequestVoteRequest',
  sendAppendEntries: 'AppendEntriesRequest',
  receiveRequestVote: 'RequestVoteRequest',
  receiveVote: 'RequestVoteResponse',
  receiveAppendEntries: 'AppendEntriesRequest',
  receiveAppendEntriesResponse: 'AppendEntriesResponse',
  sendPreVote: 'PreVoteRequest',
  receivePreVote: 'PreVoteRequest',
  receivePreVoteResponse: 'PreVoteResponse',
};

/** Every event type, in the order docs/trace-format.md lists them. */
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
  'sendPreVote',
  'receivePreVote',
  'receivePreVoteResponse',
  'startElection',
  'checkQuorum',
  'addServer',
  'removeServer',
];

/** The events of the given types. */
export type EventOf<T extends EventType> = Extract<TraceEvent, { readonly type: T }>;
