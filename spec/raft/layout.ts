/**
 * Where every variable of the schema lives in a flat state: one `Int32Array` per cluster state, so the checker's
 * hot path copies a few hundred bytes per successor instead of building Immutable.js structures, and a state is
 * its own canonical encoding. Everything here is computed from schema.ts.
 *
 * A flat state is N server blocks, then the bag. In a server block each variable takes, in schema order:
 * int, enum, server? (0 for Nil, else id + 1) and servers (a bit mask): one word; perServer: N words; log: its
 * length, then `logCap` (term, value) slots, unused slots zero so that equal logs are equal words.
 * The bag is one word K, then K message records sorted by their key words: type, source, dest, term, the type's
 * fields in schema order (int and bool: one word; entry?: term and value, term 0 for none), zero padding up to
 * the widest type, and last the number of copies.
 */
import {
  MESSAGE_SCHEMA,
  MESSAGE_TYPES,
  SERVER_SCHEMA,
  SERVER_VARIABLES,
  type MessageFieldKind,
  type MessageType,
  type ServerFieldKind,
  type ServerVariable,
} from './schema.js';

/** Words a message field takes. */
function messageFieldWords(f: MessageFieldKind): number {
  return f.kind === 'entry?' ? 2 : 1;
}

/** Offsets of the header words in a message record. */
export const M_TYPE = 0;
export const M_SOURCE = 1;
export const M_DEST = 2;
export const M_TERM = 3;
const M_FIELDS = 4;

/** Each message field's offset in a record, by type and name. */
export const MESSAGE_FIELD_OFFSETS: {
  readonly [T in MessageType]: Readonly<Record<keyof MessageSchema[T] & string, number>>;
} = Object.fromEntries(
  MESSAGE_TYPES.map((type) => {
    let at = M_FIELDS;
    const offsets: Record<string, number> = {};
    for (const [name, kind] of Object.entries(MESSAGE_SCHEMA[type]) as [string, MessageFieldKind][]) {
      offsets[name] = at;
      at += messageFieldWords(kind);
    }
    return [type, offsets];
  }),
) as never;

type MessageSchema = typeof MESSAGE_SCHEMA;

/** Words that identify a message (all but the copy count): the header and the widest type's fields. */
export const MESSAGE_KEY_WORDS =
  M_FIELDS +
  Math.max(
    ...MESSAGE_TYPES.map((t) =>
      (Object.values(MESSAGE_SCHEMA[t]) as MessageFieldKind[]).reduce((sum, f) => sum + messageFieldWords(f), 0),
    ),
  );
/** Words of one message record, the copy count included. */
export const MESSAGE_WORDS = MESSAGE_KEY_WORDS + 1;
export const M_COUNT = MESSAGE_KEY_WORDS;

/** A message type's code: its position in the schema. */
export const MESSAGE_TYPE_CODE = Object.fromEntries(MESSAGE_TYPES.map((t, k) => [t, k])) as Record<MessageType, number>;

/** Whether a variable of this kind takes one word whatever the configuration. */
export function isOneWord(f: ServerFieldKind): boolean {
  return f.kind === 'int' || f.kind === 'enum' || f.kind === 'server?' || f.kind === 'servers';
}

/** A one-word variable's offset in a server block: its position among the one-word variables. */
export const ONE_WORD_OFFSET: Readonly<Partial<Record<ServerVariable, number>>> = Object.fromEntries(
  SERVER_VARIABLES.filter((name) => isOneWord(SERVER_SCHEMA[name])).map((name, k) => [name, k]),
);

/** Offsets derived from the number of servers and the log capacity. */
export class Layout {
  /** Words of one server block. */
  readonly serverWords: number;
  /** Offset of each variable inside a server block. */
  readonly offset: Readonly<Record<ServerVariable, number>>;
  /** Offset of the bag's K word. */
  readonly bagStart: number;

  /** `logCap` must exceed maxLogLen by one: a successor may break the bound by one entry before it is discarded. */
  constructor(
    readonly servers: number,
    readonly logCap: number,
  ) {
    const offset: Partial<Record<ServerVariable, number>> = {};
    let at = 0;
    // One-word variables first, so that their offsets do not depend on the configuration (views read them at
    // constant offsets), then the others, each in schema order.
    for (const oneWord of [true, false]) {
      for (const name of SERVER_VARIABLES) {
        const words = this.words(SERVER_SCHEMA[name]);
        if (isOneWord(SERVER_SCHEMA[name]) !== oneWord) continue;
        offset[name] = at;
        at += words;
      }
    }
    this.offset = offset as Record<ServerVariable, number>;
    this.serverWords = at;
    this.bagStart = servers * at;
  }

  /** Words a variable of this kind takes in a server block. */
  words(f: ServerFieldKind): number {
    switch (f.kind) {
      case 'int':
      case 'enum':
      case 'server?':
      case 'servers':
        return 1;
      case 'perServer':
        return this.servers;
      case 'log':
        return 1 + 2 * this.logCap;
    }
  }

  /** Offset of server i's block. */
  base(i: number): number {
    return i * this.serverWords;
  }

  /** Offset of the k-th message record. */
  message(k: number): number {
    return this.bagStart + 1 + k * MESSAGE_WORDS;
  }

  /** Number of meaningful words in the flat state `s` (a buffer may be longer). */
  length(s: Int32Array): number {
    return this.bagStart + 1 + s[this.bagStart]! * MESSAGE_WORDS;
  }
}
