/**
 * Where every variable of the schema lives in a flat state: one `Int32Array` per cluster state, so the checker's
 * hot path copies a few hundred bytes per successor instead of building Immutable.js structures, and a state is
 * its own canonical encoding. Everything here is computed from schema.ts.
 *
 * A flat state is N server blocks, then the bag. In a server block each variable takes, in schema order:
 * int, enum, server? (0 for Nil, else id + 1) and servers (a bit mask): one word; perServer: N words; log: its
 * length, then `logCap` (term, value) slots, unused slots zero so that equal logs are equal words. A value word
 * is a client value or, with membership, a configuration (negative: logEntry.ts).
 * The bag is one word K, then K message records sorted by their key words: type, source, dest, term, the type's
 * fields in schema order (int and bool: one word; entry?: term and value, term 0 for none), zero padding up to
 * the widest type, and last the number of copies.
 */
import {
  ALL_SERVER_VARIABLES,
  MESSAGE_SCHEMA,
  MESSAGE_TYPES,
  SERVER_SCHEMA,
  variableVariant,
  type MessageFieldKind,
  type MessageType,
  type ServerFieldKind,
  type ServerVariable,
} from './schema.js';
import { VARIANT_MODULES } from './variants/registry.js';
import type { VariantModule } from './variants/variant.js';

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
  return f.kind === 'int' || f.kind === 'enum' || f.kind === 'server?' || f.kind === 'servers' || f.kind === 'bool';
}

/**
 * A one-word variable's offset in a server block: its position among the one-word variables, variants' included
 * (they come last in the schema), so that it is the same in every layout that holds the variable.
 */
export const ONE_WORD_OFFSET: Readonly<Partial<Record<ServerVariable, number>>> = Object.fromEntries(
  ALL_SERVER_VARIABLES.filter((name) => isOneWord(SERVER_SCHEMA[name])).map((name, k) => [name, k]),
);

for (const name of ALL_SERVER_VARIABLES) {
  if (variableVariant(name) !== undefined && !isOneWord(SERVER_SCHEMA[name])) {
    throw new Error(`schema: variant variable '${name}' must take one word`);
  }
}

/** Offsets derived from the number of servers and the log capacity. */
export class Layout {
  /** Words of one server block. */
  readonly serverWords: number;
  /** Offset of each variable inside a server block (variables of variants that are off have none). */
  readonly offset: Readonly<Record<ServerVariable, number>>;
  /** The variables this layout holds, in schema order: raft.tla's and those of the variants that are on. */
  readonly variables: readonly ServerVariable[];
  /** Offset of the bag's K word. */
  readonly bagStart: number;
  /**
   * membership: the initial configuration (a bit mask of servers), the one a server uses while its log holds
   * no configuration entry. Every server without membership.
   */
  readonly initialMembers: number;
  /** The variants whose variables the layout holds, in registry order: those that are on. */
  readonly variants: readonly VariantModule[];
  /**
   * `logCap` must exceed maxLogLen by one: a successor may break the bound by one entry before it is discarded.
   * `variants` are the variants whose variables the layout holds ('all' for every one: the value engine's
   * layouts, which serve every configuration). `initialMembers` defaults to every server.
   */
  constructor(
    readonly servers: number,
    readonly logCap: number,
    variants: readonly string[] | 'all' = [],
    initialMembers?: number,
  ) {
    this.initialMembers = initialMembers ?? (1 << servers) - 1;
    this.variants = (VARIANT_MODULES as readonly VariantModule[]).filter(
      (m) => variants === 'all' || variants.includes(m.variant.name),
    );
    this.variables = ALL_SERVER_VARIABLES.filter((name) => {
      const v = variableVariant(name);
      return v === undefined || variants === 'all' || variants.includes(v);
    });
    const offset: Partial<Record<ServerVariable, number>> = {};
    // One-word variables first, at their constant offsets (views read them there whatever the configuration);
    // a variant's variable that sits before one that is on keeps its word, always zero. Then the others, each in
    // schema order.
    let at = 0;
    for (const name of this.variables) {
      if (!isOneWord(SERVER_SCHEMA[name])) continue;
      offset[name] = ONE_WORD_OFFSET[name]!;
      at = Math.max(at, ONE_WORD_OFFSET[name]! + 1);
    }
    for (const name of this.variables) {
      if (isOneWord(SERVER_SCHEMA[name])) continue;
      offset[name] = at;
      at += this.words(SERVER_SCHEMA[name]);
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
      case 'bool':
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
