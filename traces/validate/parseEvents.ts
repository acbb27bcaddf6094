/**
 * The second pass over an events file: each JSON object checked against the vocabulary of events.ts and turned
 * into a `TraceEvent` with model ids. Unknown fields are errors, so a misspelt field is not silently
 * unconstrained; `comment` and fields starting with `_` are ignored. Problems come back as values with the line.
 */
import type { MessageType } from '../../spec/raft/messages.js';
import type { Role, ServerId } from '../../spec/raft/types.js';
import {
  EVENT_MESSAGE,
  EVENT_TYPES,
  isVariantEventType,
  type EntryPattern,
  type EventBase,
  type EventType,
  type MessagePattern,
  type Observed,
  type ReceiveEventType,
  type ReplyPattern,
  type SendEventType,
  type TraceEvent,
  type VariantEventType,
  type VariantReceiveEventType,
  type VariantSendEventType,
  type VariantServerEventType,
  type VariantTargetEventType,
} from './events.js';
import { serverId, valueId, type Naming } from './naming.js';
import { VARIANT_EVENTS, VARIANT_MESSAGE_EVENTS, VARIANT_ROLES } from '../../spec/raft/variantEvents.js';
import type { Parsed, RawEvent } from './readTrace.js';

/**
 * The fields each message type shows in a trace, with the message field each one constrains; a variant's
 * message type without an entry cannot be named in a trace.
 */
const MESSAGE_FIELDS: Readonly<Partial<Record<MessageType, Readonly<Record<string, keyof MessagePattern>>>>> = {
  RequestVoteRequest: { term: 'term', lastLogTerm: 'lastLogTerm', lastLogIndex: 'lastLogIndex' },
  RequestVoteResponse: { term: 'term', granted: 'voteGranted' },
  AppendEntriesRequest: {
    term: 'term',
    prevLogIndex: 'prevLogIndex',
    prevLogTerm: 'prevLogTerm',
    entries: 'entries',
    leaderCommit: 'commitIndex',
  },
  AppendEntriesResponse: { term: 'term', success: 'success', matchIndex: 'matchIndex' },
  // A variant's, as its module's `events` declares them.
  ...Object.fromEntries([...VARIANT_MESSAGE_EVENTS].flatMap(([type, e]) => (e === null ? [] : [[type, e.fields]]))),
};

const MESSAGE_TYPES = Object.keys(MESSAGE_FIELDS) as MessageType[];
const OBSERVED_FIELDS = ['currentTerm', 'role', 'votedFor', 'logLength', 'commitIndex', 'config'] as const;
const CORE_ROLES: readonly Role[] = ['Follower', 'Candidate', 'Leader'];
const ROLES: readonly Role[] = [...CORE_ROLES, ...VARIANT_ROLES.map((r) => r.role as Role)];
/** The roles as an error names them, for example `Follower, Candidate or Leader (or prevote's PreCandidate)`. */
const ROLE_WORDS =
  `${CORE_ROLES.slice(0, -1).join(', ')} or ${CORE_ROLES[CORE_ROLES.length - 1]!}` +
  VARIANT_ROLES.map((r) => ` (or ${r.variant}'s ${r.role})`).join('');

/** Reply fields of the two receive events that answer. */
const REPLY_FIELDS: Partial<Record<EventType, Readonly<Record<string, keyof ReplyPattern>>>> = {
  receiveRequestVote: { granted: 'voteGranted' },
  receiveAppendEntries: { success: 'success', matchIndex: 'matchIndex' },
  // A variant's, as its module's `events` declares them.
  ...Object.fromEntries(
    [...VARIANT_MESSAGE_EVENTS.values()].flatMap((e) => (e?.reply === undefined ? [] : [[e.receive, e.reply]])),
  ),
};

/** Thrown from deep inside one event's checks and turned into a value by `parseEvents`, never further. */
class BadEvent extends Error {}

/** Reads one event's fields, remembering which it used so that the rest can be reported as unknown. */
class Fields {
  private readonly used = new Set<string>(['type', 'server', 'comment']);

  constructor(
    private readonly raw: Readonly<Record<string, unknown>>,
    private readonly naming: Naming,
  ) {}

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  private get(key: string): unknown {
    this.used.add(key);
    return this.raw[key];
  }

  int(key: string): number | undefined {
    const x = this.get(key);
    if (x === undefined) return undefined;
    // A term or an index past 2^31 − 1 fits no state of the model (its words are 32-bit): bad input, not a mismatch.
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > 2 ** 31 - 1) {
      throw new BadEvent(`field '${key}' must be an integer from 0 to 2147483647, got ${JSON.stringify(x)}`);
    }
    return x;
  }

  bool(key: string): boolean | undefined {
    const x = this.get(key);
    if (x === undefined) return undefined;
    if (typeof x !== 'boolean') throw new BadEvent(`field '${key}' must be true or false, got ${JSON.stringify(x)}`);
    return x;
  }

  server(key: string, required: boolean): ServerId | undefined {
    const x = this.get(key);
    if (x === undefined) {
      if (required) throw new BadEvent(`missing field '${key}'`);
      return undefined;
    }
    if (typeof x !== 'string') throw new BadEvent(`field '${key}' must be a server name, got ${JSON.stringify(x)}`);
    const id = serverId(this.naming, x);
    if (id === undefined) {
      throw new BadEvent(
        `server '${x}' in field '${key}' is not in the configuration (${this.naming.servers.join(', ')})`,
      );
    }
    return id;
  }

  value(key: string, x: unknown = this.get(key)): number | undefined {
    if (x === undefined) return undefined;
    const id = typeof x === 'string' ? valueId(this.naming, x) : undefined;
    if (id === undefined) {
      throw new BadEvent(
        `field '${key}' must be a value name (${this.naming.values.join(', ')}), got ${JSON.stringify(x)}`,
      );
    }
    return id;
  }

  messageType(key: string): MessageType {
    const x = this.get(key);
    if (x === undefined) throw new BadEvent(`missing field '${key}'`);
    const kind = MESSAGE_TYPES.find((m) => m === x);
    if (kind === undefined) {
      throw new BadEvent(`field '${key}' must be one of ${MESSAGE_TYPES.join(', ')}, got ${JSON.stringify(x)}`);
    }
    return kind;
  }

  role(key: string): Role | undefined {
    const x = this.get(key);
    if (x === undefined) return undefined;
    const role = typeof x === 'string' ? ROLES.find((r) => r.toLowerCase() === x.toLowerCase()) : undefined;
    if (role === undefined) throw new BadEvent(`field '${key}' must be ${ROLE_WORDS}, got ${JSON.stringify(x)}`);
    return role;
  }

  votedFor(key: string): ServerId | null | undefined {
    if (this.raw[key] === null) {
      this.used.add(key);
      return null;
    }
    return this.server(key, false);
  }

  /** A configuration (a configuration entry's, or the one in use): a non-empty list of distinct server names, as a bit mask. */
  config(key: string, x: unknown = this.get(key)): number | undefined {
    if (x === undefined) return undefined;
    if (!Array.isArray(x) || x.length === 0 || x.some((name) => typeof name !== 'string')) {
      throw new BadEvent(`field '${key}' must be a non-empty list of server names, got ${JSON.stringify(x)}`);
    }
    let mask = 0;
    for (const name of x as string[]) {
      const id = serverId(this.naming, name);
      if (id === undefined) {
        throw new BadEvent(
          `server '${name}' in field '${key}' is not in the configuration (${this.naming.servers.join(', ')})`,
        );
      }
      if ((mask & (1 << id)) !== 0) throw new BadEvent(`server '${name}' appears twice in field '${key}'`);
      mask |= 1 << id;
    }
    return mask;
  }

  entries(key: string): EntryPattern[] | undefined {
    const x = this.get(key);
    if (x === undefined) return undefined;
    if (!Array.isArray(x) || x.length > 1) throw new BadEvent(`field '${key}' must be a list of at most one entry`);
    return x.map((entry: unknown) => {
      if (typeof entry !== 'object' || entry === null) throw new BadEvent(`an entry in '${key}' must be an object`);
      const fields = new Fields(entry as Record<string, unknown>, this.naming);
      const term = fields.int('term');
      const value = fields.value('value');
      const config = fields.config('config');
      if (value !== undefined && config !== undefined) {
        throw new BadEvent(`an entry in '${key}' holds a 'value' or a 'config', not both`);
      }
      fields.rejectUnused(`an entry in '${key}'`);
      return {
        ...(term === undefined ? {} : { term }),
        ...(value === undefined ? {} : { value }),
        ...(config === undefined ? {} : { config }),
      };
    });
  }

  rejectUnused(what: string): void {
    for (const key of Object.keys(this.raw)) {
      if (!this.used.has(key) && !key.startsWith('_')) throw new BadEvent(`unknown field '${key}' for ${what}`);
    }
  }
}

function observed(f: Fields, termIsServers: boolean): Observed {
  const out: Record<string, unknown> = {};
  for (const key of OBSERVED_FIELDS) {
    const v =
      key === 'role'
        ? f.role(key)
        : key === 'votedFor'
          ? f.votedFor(key)
          : key === 'config'
            ? f.config(key)
            : f.int(key);
    if (v !== undefined) out[key] = v;
  }
  if (termIsServers && f.has('term')) {
    if (f.has('currentTerm')) throw new BadEvent(`give 'term' or 'currentTerm', not both`);
    out.currentTerm = f.int('term');
  }
  return out;
}

function messagePattern(f: Fields, type: MessageType, source: ServerId, dest: ServerId): MessagePattern {
  const out: Record<string, unknown> = { type, source, dest };
  for (const [field, key] of Object.entries(MESSAGE_FIELDS[type] ?? {})) {
    const v =
      key === 'entries' ? f.entries(field) : key === 'voteGranted' || key === 'success' ? f.bool(field) : f.int(field);
    if (v !== undefined) out[key] = v;
  }
  return out as unknown as MessagePattern;
}

function replyPattern(f: Fields, type: EventType): ReplyPattern {
  const out: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(REPLY_FIELDS[type] ?? {})) {
    const v = key === 'matchIndex' ? f.int(field) : f.bool(field);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function toEvent(raw: RawEvent, index: number, naming: Naming): TraceEvent {
  const f = new Fields(raw.fields, naming);
  const type = raw.fields.type;
  if (type === undefined) throw new BadEvent(`missing field 'type'`);
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type)) {
    throw new BadEvent(`unknown event type ${JSON.stringify(type)} (known: ${EVENT_TYPES.join(', ')})`);
  }
  const t = type as EventType;
  const server = f.server('server', true)!;
  const base = { line: raw.line, index, server };
  let event: TraceEvent;
  if (isVariantEventType(t)) event = variantEvent(f, base, t);
  else
    switch (t) {
      case 'timeout':
      case 'becomeLeader':
      case 'commit':
      case 'restart':
      case 'observe':
        event = { ...base, type: t, observed: observed(f, true) };
        break;
      case 'clientRequest': {
        const value = f.value('value');
        event = { ...base, type: t, observed: observed(f, true), ...(value === undefined ? {} : { value }) };
        break;
      }
      case 'sendRequestVote':
      case 'sendAppendEntries':
        event = sent(f, base, t);
        break;
      case 'receiveRequestVote':
      case 'receiveVote':
      case 'receiveAppendEntries':
      case 'receiveAppendEntriesResponse':
        event = received(f, base, t);
        break;
      case 'drop':
      case 'duplicate': {
        const to = f.server('to', true)!;
        const kind = f.messageType('message');
        const message = messagePattern(f, kind, server, to);
        event = { ...base, type: t, message, observed: observed(f, false) };
        break;
      }
    }
  f.rejectUnused(`a ${t} event`);
  return event;
}

type Base = Omit<EventBase, 'observed'>;

/** A send event: the server sends `to` the message of the event's type, showing its fields. */
function sent(f: Fields, base: Base, type: SendEventType | VariantSendEventType): TraceEvent {
  const to = f.server('to', true)!;
  const message = messagePattern(f, EVENT_MESSAGE[type], base.server, to);
  return { ...base, type, message, observed: observed(f, false) };
}

/** A receive event: the server takes the message of the event's type `from` its sender, and the reply it sent. */
function received(f: Fields, base: Base, type: ReceiveEventType | VariantReceiveEventType): TraceEvent {
  const from = f.server('from', true)!;
  const message = messagePattern(f, EVENT_MESSAGE[type], from, base.server);
  return { ...base, type, message, reply: replyPattern(f, type), observed: observed(f, false) };
}

/**
 * A variant's event, by the form its module declares (spec/raft/variantEvents.ts). The casts tie each form to
 * its member of `TraceEvent`, which the declaration's form and the derived event types (events.ts) agree on.
 */
function variantEvent(f: Fields, base: Base, type: VariantEventType): TraceEvent {
  const declared = VARIANT_EVENTS.get(type);
  // EVENT_TYPES holds only declared types, and `type` is one of them (toEvent checked).
  if (declared === undefined) throw new Error(`validate: no variant declares event type ${type}`);
  if (declared.kind === 'receive') return received(f, base, type as VariantReceiveEventType);
  switch (declared.event.form) {
    case 'server':
      return { ...base, type: type as VariantServerEventType, observed: observed(f, true) };
    case 'send':
      return sent(f, base, type as VariantSendEventType);
    case 'reconfigure': {
      const target = f.server('target', true)!;
      return { ...base, type: type as VariantTargetEventType, target, observed: observed(f, true) };
    }
  }
}

/** Checks every raw event against the vocabulary; the first problem comes back with its line. */
export function parseEvents(raw: readonly RawEvent[], naming: Naming): Parsed<TraceEvent[]> {
  const events: TraceEvent[] = [];
  for (const r of raw) {
    try {
      events.push(toEvent(r, events.length + 1, naming));
    } catch (e) {
      if (e instanceof BadEvent) return { ok: false, error: { line: r.line, message: e.message } };
      throw e;
    }
  }
  return { ok: true, value: events };
}
