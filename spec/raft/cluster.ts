/**
 * The one interface through which the spec reads and writes a cluster state: a `Cluster` over a flat state
 * (layout.ts), with a view per server whose properties are raft.tla's variables (`me.currentTerm`,
 * `me.votesGranted.has(j)`, `me.log.term(k)`) and a view of a message in the bag.
 *
 * Handlers are written against it once. It behaves like an Immer draft: `begin(s)` points it at a state, reads
 * see that state, and the first write copies it into a scratch buffer, so `s` itself is never changed and a
 * successor costs one copy. `state` is the successor, valid until the next `begin`. The checker copies only the
 * successors that are new; every other representation (Immutable.js, JSON, ITF) is decoded from the flat state
 * by codec.ts, so there is no second implementation of any rule.
 *
 * Views are made once per Cluster and reused: a view is valid for the Cluster's current state only, and
 * `message(k)` returns the same object for every k.
 */
import type { Layout } from './layout.js';
import {
  ONE_WORD_OFFSET,
  MESSAGE_FIELD_OFFSETS,
  MESSAGE_KEY_WORDS,
  MESSAGE_TYPE_CODE,
  MESSAGE_WORDS,
  M_COUNT,
  M_DEST,
  M_SOURCE,
  M_TERM,
  M_TYPE,
} from './layout.js';
import {
  MESSAGE_SCHEMA,
  MESSAGE_TYPES,
  ALL_SERVER_VARIABLES,
  SERVER_SCHEMA,
  type MessageFieldKind,
  type MessageSchema,
  type MessageType,
  type ServerFieldKind,
  type ServerSchema,
  type ServerVariable,
} from './schema.js';
import type { ServerId } from './types.js';
import { activeHooks, type ActiveHooks } from './variantHooks.js';
import type { VariantModule } from './variants/variant.js';

/** A log entry as the views see it. */
export interface EntryLike {
  readonly term: number;
  readonly value: number;
}

/** A set of servers (raft.tla's votesResponded, votesGranted), read-only. */
export interface ServerSetReader {
  has(j: ServerId): boolean;
  readonly size: number;
  /** True when the two sets share a server. */
  intersects(other: ServerSetReader): boolean;
  /** The set as a bit mask, bit j for server j. */
  readonly mask: number;
}

export interface ServerSetView extends ServerSetReader {
  add(j: ServerId): void;
  clear(): void;
}

/** A function from servers to integers (nextIndex, matchIndex), read-only. */
export interface PerServerReader {
  get(j: ServerId): number;
}

export interface PerServerView extends PerServerReader {
  set(j: ServerId, value: number): void;
  /** Sets every server's value. */
  fill(value: number): void;
}

/** A log, 1-indexed as in raft.tla, read-only. */
export interface LogReader {
  readonly length: number;
  /** The term of the entry at `index` (1..length). */
  term(index: number): number;
  value(index: number): number;
  /** The entry at `index`, as a view valid until the next `at` on this log. */
  at(index: number): EntryLike;
  /** raft.tla LastTerm: the last entry's term, 0 for an empty log. */
  lastTerm(): number;
  /** True when both logs hold the same entries at indexes 1..n (false when either is shorter). */
  samePrefix(other: LogReader, n: number): boolean;
}

export interface LogView extends LogReader {
  append(entry: EntryLike): void;
  /** Drops the last entry. */
  pop(): void;
}

type Writable<F extends ServerFieldKind> = F extends { kind: 'int' }
  ? number
  : F extends { kind: 'enum'; values: readonly (infer V)[] }
    ? V
    : F extends { kind: 'server?' }
      ? ServerId | null
      : F extends { kind: 'bool' }
        ? boolean
        : never;

type Scalar = { [K in ServerVariable]: Writable<ServerSchema[K]> extends never ? never : K }[ServerVariable];

type SubView<F extends ServerFieldKind, Write extends boolean> = F extends { kind: 'servers' }
  ? Write extends true
    ? ServerSetView
    : ServerSetReader
  : F extends { kind: 'perServer' }
    ? Write extends true
      ? PerServerView
      : PerServerReader
    : F extends { kind: 'log' }
      ? Write extends true
        ? LogView
        : LogReader
      : never;

/** One server's variables, readable and writable, as the handlers see them. */
export type ServerView = { -readonly [K in Scalar]: Writable<ServerSchema[K]> } & {
  readonly [K in Exclude<ServerVariable, Scalar>]: SubView<ServerSchema[K], true>;
};

/** One server's variables, read-only, as invariants and bounds see them. */
export type ServerReader = { readonly [K in Scalar]: Writable<ServerSchema[K]> } & {
  readonly [K in Exclude<ServerVariable, Scalar>]: SubView<ServerSchema[K], false>;
};

type FieldValue<F> = F extends { kind: 'int' } ? number : F extends { kind: 'bool' } ? boolean : EntryLike | null;

/** A message in the bag: its type, route, term and its type's fields. */
export type MessageView = {
  [T in MessageType]: {
    readonly type: T;
    readonly source: ServerId;
    readonly dest: ServerId;
    readonly term: number;
  } & {
    readonly [K in keyof MessageSchema[T]]: FieldValue<MessageSchema[T][K]>;
  };
}[MessageType];

/** A message to send: the same fields as a MessageView. */
export type OutgoingMessage = MessageView;

// The views' classes. Their properties are defined below from the schema, once, so every Cluster's views share
// one hidden class and the handlers' property reads stay monomorphic.

class ServerCursor {
  /**
   * `base` is the offset of this server's block. A variable the layout does not hold (a variant that is off)
   * gets no view, so a handler that reads it by mistake fails at once.
   */
  constructor(
    readonly c: Cluster,
    readonly base: number,
  ) {
    const self = this as unknown as Record<string, unknown>;
    for (const name of ALL_SERVER_VARIABLES) {
      const f: ServerFieldKind = SERVER_SCHEMA[name];
      const offset = c.layout.offset[name] as number | undefined;
      const at = base + (offset ?? 0);
      if (f.kind === 'servers') self[name] = offset === undefined ? undefined : new ServerSetCursor(c, at);
      else if (f.kind === 'perServer') self[name] = new PerServerCursor(c, at);
      else if (f.kind === 'log') self[name] = new LogCursor(c, at, c.layout.logCap);
    }
  }
}

ALL_SERVER_VARIABLES.forEach((name) => {
  const f: ServerFieldKind = SERVER_SCHEMA[name];
  const k = ONE_WORD_OFFSET[name]!;
  let accessors: { get(this: ServerCursor): unknown; set(this: ServerCursor, v: never): void } | undefined;
  if (f.kind === 'int') {
    accessors = {
      get() {
        return this.c.cur[this.base + k];
      },
      set(v: number) {
        this.c.write()[this.base + k] = v;
      },
    };
  } else if (f.kind === 'enum') {
    const values = f.values;
    const codes = new Map(values.map((v, i) => [v, i]));
    accessors = {
      get() {
        return values[this.c.cur[this.base + k]!];
      },
      set(v: string) {
        this.c.write()[this.base + k] = codes.get(v)!;
      },
    };
  } else if (f.kind === 'bool') {
    accessors = {
      get() {
        return this.c.cur[this.base + k] === 1;
      },
      set(v: boolean) {
        this.c.write()[this.base + k] = v ? 1 : 0;
      },
    };
  } else if (f.kind === 'server?') {
    accessors = {
      get() {
        const w = this.c.cur[this.base + k]!;
        return w === 0 ? null : w - 1;
      },
      set(v: ServerId | null) {
        this.c.write()[this.base + k] = v === null ? 0 : v + 1;
      },
    };
  }
  if (accessors !== undefined) Object.defineProperty(ServerCursor.prototype, name, accessors);
});

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

class ServerSetCursor implements ServerSetView {
  constructor(
    private readonly c: Cluster,
    private readonly at: number,
  ) {}
  get mask(): number {
    return this.c.cur[this.at]!;
  }
  has(j: ServerId): boolean {
    return (this.c.cur[this.at]! & (1 << j)) !== 0;
  }
  get size(): number {
    return popcount(this.c.cur[this.at]!);
  }
  intersects(other: ServerSetReader): boolean {
    return (this.c.cur[this.at]! & other.mask) !== 0;
  }
  add(j: ServerId): void {
    const t = this.c.write();
    t[this.at] = t[this.at]! | (1 << j);
  }
  clear(): void {
    this.c.write()[this.at] = 0;
  }
}

class PerServerCursor implements PerServerView {
  constructor(
    private readonly c: Cluster,
    private readonly at: number,
  ) {}
  get(j: ServerId): number {
    return this.c.cur[this.at + j]!;
  }
  set(j: ServerId, value: number): void {
    this.c.write()[this.at + j] = value;
  }
  fill(value: number): void {
    const t = this.c.write();
    for (let j = 0; j < this.c.n; j++) t[this.at + j] = value;
  }
}

class EntryCursor implements EntryLike {
  index = 1;
  constructor(private readonly log: LogCursor) {}
  get term(): number {
    return this.log.term(this.index);
  }
  get value(): number {
    return this.log.value(this.index);
  }
}

class LogCursor implements LogView {
  private readonly entry = new EntryCursor(this);
  /** `start` is the length word; entry k (1-based) is at start + 2k - 1 (term) and start + 2k (value). */
  constructor(
    private readonly c: Cluster,
    readonly start: number,
    private readonly cap: number,
  ) {}
  get length(): number {
    return this.c.cur[this.start]!;
  }
  term(index: number): number {
    return this.c.cur[this.start + 2 * index - 1]!;
  }
  value(index: number): number {
    return this.c.cur[this.start + 2 * index]!;
  }
  at(index: number): EntryLike {
    this.entry.index = index;
    return this.entry;
  }
  lastTerm(): number {
    const len = this.c.cur[this.start]!;
    return len === 0 ? 0 : this.c.cur[this.start + 2 * len - 1]!;
  }
  samePrefix(other: LogReader, n: number): boolean {
    if (this.length < n || other.length < n) return false;
    for (let k = 1; k <= n; k++) if (this.term(k) !== other.term(k) || this.value(k) !== other.value(k)) return false;
    return true;
  }
  append(entry: EntryLike): void {
    const len = this.c.cur[this.start]!;
    if (len >= this.cap) throw new Error(`spec: a log of ${len + 1} entries exceeds the layout's ${this.cap}`);
    // Read the entry before writing: it may be a view of this very state.
    const term = entry.term;
    const value = entry.value;
    const t = this.c.write();
    t[this.start + 2 * len + 1] = term;
    t[this.start + 2 * len + 2] = value;
    t[this.start] = len + 1;
  }
  pop(): void {
    const t = this.c.write();
    const len = t[this.start]!;
    // Zero the freed slot so that equal logs stay equal words.
    t[this.start + 2 * len - 1] = 0;
    t[this.start + 2 * len] = 0;
    t[this.start] = len - 1;
  }
}

class MessageCursor {
  /** Offset of the record in the Cluster's `src`. */
  at = 0;
  /** The view of each `entry?` field, by its offset in the record; made once, read on the hot path. */
  readonly entries: MessageEntryCursor[] = [];
  constructor(readonly c: Cluster) {
    for (const { offset, kind } of fieldOffset.values()) {
      if (kind === 'entry?') this.entries[offset] = new MessageEntryCursor(this, offset);
    }
  }
  get type(): MessageType {
    return MESSAGE_TYPES[this.c.src[this.at + M_TYPE]!]!;
  }
  get source(): ServerId {
    return this.c.src[this.at + M_SOURCE]!;
  }
  get dest(): ServerId {
    return this.c.src[this.at + M_DEST]!;
  }
  get term(): number {
    return this.c.src[this.at + M_TERM]!;
  }
  /** Copies in the bag. */
  get copies(): number {
    return this.c.src[this.at + M_COUNT]!;
  }
}

class MessageEntryCursor implements EntryLike {
  constructor(
    private readonly m: MessageCursor,
    private readonly offset: number,
  ) {}
  get term(): number {
    return this.m.c.src[this.m.at + this.offset]!;
  }
  get value(): number {
    return this.m.c.src[this.m.at + this.offset + 1]!;
  }
}

// Every message field becomes a getter at its offset. A name used by two types must sit at the same offset.
const fieldOffset = new Map<string, { offset: number; kind: MessageFieldKind['kind'] }>();
for (const type of MESSAGE_TYPES) {
  for (const [name, kind] of Object.entries(MESSAGE_SCHEMA[type]) as [string, MessageFieldKind][]) {
    const offset = (MESSAGE_FIELD_OFFSETS[type] as Record<string, number>)[name]!;
    const seen = fieldOffset.get(name);
    if (seen !== undefined && (seen.offset !== offset || seen.kind !== kind.kind)) {
      throw new Error(`schema: message field '${name}' has two offsets or kinds; rename one`);
    }
    fieldOffset.set(name, { offset, kind: kind.kind });
  }
}
for (const [name, { offset, kind }] of fieldOffset) {
  const get =
    kind === 'int'
      ? function (this: MessageCursor): number {
          return this.c.src[this.at + offset]!;
        }
      : kind === 'bool'
        ? function (this: MessageCursor): boolean {
            return this.c.src[this.at + offset] === 1;
          }
        : function (this: MessageCursor): EntryLike | null {
            return this.c.src[this.at + offset] === 0 ? null : this.entries[offset]!;
          };
  Object.defineProperty(MessageCursor.prototype, name, { get });
}

/**
 * One writer per message type that copies a message's fields into a key, generated from the schema: straight-line
 * code with a named read per field, so that V8 can inline it into `send` and, through it, into the handlers,
 * where the message literal then never needs to be allocated. The names come from schema.ts only.
 */
const FIELD_WRITERS: readonly ((key: Int32Array, m: OutgoingMessage) => void)[] = MESSAGE_TYPES.map((type) => {
  const lines: string[] = [];
  for (const [name, kind] of Object.entries(MESSAGE_SCHEMA[type]) as [string, MessageFieldKind][]) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`schema: '${name}' is not a field name`);
    const at = (MESSAGE_FIELD_OFFSETS[type] as Record<string, number>)[name]!;
    if (kind.kind === 'int') lines.push(`key[${at}] = m.${name};`);
    else if (kind.kind === 'bool') lines.push(`key[${at}] = m.${name} ? 1 : 0;`);
    else lines.push(`{ const e = m.${name}; if (e !== null) { key[${at}] = e.term; key[${at + 1}] = e.value; } }`);
  }
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generated from the schema's own names
  return new Function('key', 'm', lines.join('\n')) as (key: Int32Array, m: OutgoingMessage) => void;
});

/** Compares the record at `at` in `s` with the key `key`. */
function compareAt(s: Int32Array, at: number, key: Int32Array): number {
  for (let w = 0; w < MESSAGE_KEY_WORDS; w++) {
    const d = s[at + w]! - key[w]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** A cluster state being read, or turned into a successor. */
export class Cluster {
  /** The state being read: the parent of the successor being built. */
  src: Int32Array;
  /** `src` until the first write, then the scratch copy that becomes the successor. */
  cur: Int32Array;
  private scratch = new Int32Array(256);
  private copied = false;
  /** Whether the bag's records have moved since `begin` (a send or a discard that removed a record). */
  private bagMoved = false;
  private readonly key = new Int32Array(MESSAGE_KEY_WORDS);
  private readonly views: ServerView[];
  private readonly cursor: MessageCursor;
  readonly n: number;
  /** The hooks of the variants this cluster runs (variants/variant.ts). */
  readonly hooks: ActiveHooks;

  /** `variants`: the variants whose actions run on it; by default those whose variables the layout holds. */
  constructor(
    readonly layout: Layout,
    variants: readonly VariantModule[] = layout.variants,
  ) {
    this.n = layout.servers;
    this.hooks = activeHooks(variants);
    this.src = this.cur = new Int32Array(layout.length(new Int32Array(layout.bagStart + 1)));
    this.views = Array.from(
      { length: layout.servers },
      (_, i) => new ServerCursor(this, layout.base(i)) as unknown as ServerView,
    );
    this.cursor = new MessageCursor(this);
  }

  /** Points the cluster at `s`: reads see `s`, and the first write starts a successor. */
  begin(s: Int32Array): this {
    this.src = s;
    this.cur = s;
    this.copied = false;
    this.bagMoved = false;
    return this;
  }

  /** The successor built since `begin` (`src` itself when nothing was written); valid until the next `begin`. */
  get state(): Int32Array {
    return this.cur;
  }

  /** The buffer to write into: the scratch copy of `src`, made on the first write. */
  write(): Int32Array {
    // Small, so that V8 inlines it into every setter; the copy itself is out of line.
    return this.copied ? this.cur : this.copyOnWrite();
  }

  private copyOnWrite(): Int32Array {
    const s = this.src;
    const length = this.layout.length(s);
    if (this.scratch.length < length + MESSAGE_WORDS) this.scratch = new Int32Array(2 * (length + MESSAGE_WORDS));
    // States the checker keeps are exactly `length` long: set them whole, without a subarray view.
    this.scratch.set(s.length === length ? s : s.subarray(0, length));
    this.cur = this.scratch;
    this.copied = true;
    return this.cur;
  }

  /** Server i's variables. */
  server(i: ServerId): ServerView {
    return this.views[i]!;
  }

  /** Number of distinct messages in the bag of `src`. */
  get messageCount(): number {
    return this.src[this.layout.bagStart]!;
  }

  /** The k-th distinct message of `src`'s bag in canonical order (one shared view: valid until the next call). */
  message(k: number): MessageView {
    this.cursor.at = this.layout.message(k);
    return this.cursor as unknown as MessageView;
  }

  /** Copies of the k-th message of the current state. */
  copies(k: number): number {
    return this.cur[this.layout.message(k) + M_COUNT]!;
  }

  /** Total number of copies in flight in the current state. */
  inFlight(): number {
    const t = this.cur;
    let total = 0;
    for (let k = 0, at = this.layout.message(0); k < t[this.layout.bagStart]!; k++, at += MESSAGE_WORDS) {
      total += t[at + M_COUNT]!;
    }
    return total;
  }

  /** The most copies any message has in the current state. */
  maxCopies(): number {
    const t = this.cur;
    let most = 0;
    for (let k = 0, at = this.layout.message(0); k < t[this.layout.bagStart]!; k++, at += MESSAGE_WORDS) {
      most = Math.max(most, t[at + M_COUNT]!);
    }
    return most;
  }

  /** raft.tla Send: one more copy of `m`. */
  send(m: OutgoingMessage): void {
    const key = this.key;
    key.fill(0);
    const code = MESSAGE_TYPE_CODE[m.type];
    key[M_TYPE] = code;
    key[M_SOURCE] = m.source;
    key[M_DEST] = m.dest;
    key[M_TERM] = m.term;
    FIELD_WRITERS[code]!(key, m);
    this.addKey(key);
  }

  /** raft.tla Discard: one copy fewer of `m`, a message of `src` (from `message(k)`). */
  discard(m: MessageView): void {
    const at = this.find(m);
    const t = this.write();
    if (t[at + M_COUNT]! > 1) {
      t[at + M_COUNT]!--;
      return;
    }
    const bagStart = this.layout.bagStart;
    const count = t[bagStart]!;
    t.copyWithin(at, at + MESSAGE_WORDS, this.layout.message(count));
    t[bagStart] = count - 1;
    this.bagMoved = true;
  }

  /** raft.tla Reply: discards `request` and sends `response` in one step. */
  reply(response: OutgoingMessage, request: MessageView): void {
    this.discard(request);
    this.send(response);
  }

  /** raft.tla DuplicateMessage's effect: one more copy of `m`, a message of `src`. */
  duplicate(m: MessageView): void {
    const at = this.find(m);
    this.write()[at + M_COUNT]!++;
  }

  /** Where message `m` of `src` sits in the current state. */
  private find(m: MessageView): number {
    const at = (m as unknown as MessageCursor).at;
    if (!this.bagMoved) return at;
    const t = this.cur;
    const s = this.src;
    for (let k = 0, r = this.layout.message(0); k < t[this.layout.bagStart]!; k++, r += MESSAGE_WORDS) {
      let w = 0;
      while (w < MESSAGE_KEY_WORDS && t[r + w] === s[at + w]) w++;
      if (w === MESSAGE_KEY_WORDS) return r;
    }
    throw new Error('spec: discarding a message that is not in the bag');
  }

  /** Adds one copy of the message `key`, keeping the records sorted. */
  private addKey(key: Int32Array): void {
    const t = this.write();
    const bagStart = this.layout.bagStart;
    const count = t[bagStart]!;
    const end = this.layout.message(count);
    let at = this.layout.message(0);
    for (; at < end; at += MESSAGE_WORDS) {
      const c = compareAt(t, at, key);
      if (c === 0) {
        t[at + M_COUNT]!++;
        return;
      }
      if (c > 0) break;
    }
    if (end + MESSAGE_WORDS > t.length) throw new Error('spec: scratch buffer too small for a send');
    t.copyWithin(at + MESSAGE_WORDS, at, end);
    for (let w = 0; w < MESSAGE_KEY_WORDS; w++) t[at + w] = key[w]!;
    t[at + M_COUNT] = 1;
    t[bagStart] = count + 1;
    this.bagMoved = true;
  }
}

/** A read-only view of a cluster state, as invariants and bounds see it. */
export interface ClusterReader {
  readonly n: number;
  readonly layout: Layout;
  readonly hooks: Pick<ActiveHooks, 'configuration'>;
  /** The flat state being read. */
  readonly state: Int32Array;
  server(i: ServerId): ServerReader;
  readonly messageCount: number;
  message(k: number): MessageView;
  inFlight(): number;
  maxCopies(): number;
}
