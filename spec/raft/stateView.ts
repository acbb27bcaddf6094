/**
 * The state as a user's invariant reads it: exactly the shape of the `state` objects in `--json` traces
 * (describe.ts's ClusterJson), raft.tla's variables (and those of the variants that are on) as functions of server names (`s.currentTerm.s1`,
 * `s.state.s2 === 'Leader'`, `s.log.s1[0].term`, `s.nextIndex.s1.s2`, `s.messages`), but lazy: a view over the
 * flat state the checker holds, made once per layout. Each variable is built on its first access and kept until
 * the view moves to another state, so an invariant pays only for what it reads. Treat it as read-only. `JSON.stringify(view)` gives
 * the state's JSON. Derived from schema.ts, like everything else that knows the state's shape.
 */
import type { ClusterReader } from './cluster.js';
import { messageAt } from './codec.js';
import { entryJson, messageToJson, type ClusterJson, type EntryJson, type MessageJson } from './describe.js';
import type { Layout } from './layout.js';
import { M_COUNT } from './layout.js';
import type { Message } from './messages.js';
import { SERVER_SCHEMA, type ServerFieldKind } from './schema.js';
import { serverName } from './types.js';

/** A cluster state as a user's invariant sees it (read-only). */
export type RaftState = {
  readonly [K in keyof ClusterJson]: K extends 'messages'
    ? readonly Readonly<MessageJson & { count: number }>[]
    : Readonly<ClusterJson[K]>;
};

/** A user's invariant: true when the property holds in `s`. */
export type RaftStatePredicate = (s: RaftState) => boolean;

/** A lazy view that can be pointed at one flat state after another. */
export interface StateView {
  /** The view of `c`'s current state (the same object every time; valid until the next call). */
  of(c: ClusterReader): RaftState;
}

class LazyState {
  private reader: ClusterReader | undefined;
  private generation = 0;
  readonly view: Record<string, unknown> = {};
  private readonly names: readonly string[];

  constructor(private readonly layout: Layout) {
    this.names = Array.from({ length: layout.servers }, (_, i) => serverName(i));
    // The layout's variables: raft.tla's and those of the configuration's variants, as in its JSON.
    for (const name of layout.variables) {
      const f: ServerFieldKind = SERVER_SCHEMA[name];
      const value = this.valueOf(f, name);
      // One plain object per variable and state, built on first access: keyed reads on it are plain data loads.
      const get = this.cached(() => {
        const perServer: Record<string, unknown> = {};
        for (let i = 0; i < this.names.length; i++) perServer[this.names[i]!] = value(i);
        return perServer;
      });
      Object.defineProperty(this.view, name, { enumerable: true, get });
    }
    Object.defineProperty(this.view, 'messages', { enumerable: true, get: this.cached(() => this.messages()) });
    Object.freeze(this.view);
  }

  of(c: ClusterReader): RaftState {
    this.reader = c;
    this.generation++;
    return this.view as RaftState;
  }

  private get c(): ClusterReader {
    if (this.reader === undefined) throw new Error('stateView: read before a state was loaded');
    return this.reader;
  }

  /** A getter that builds its value once per state. */
  private cached<T>(build: () => T): () => T {
    let at = -1;
    let value: T | undefined;
    return () => {
      if (at !== this.generation) {
        value = build();
        at = this.generation;
      }
      return value as T;
    };
  }

  /** Server i's value of the variable, as JSON. */
  private valueOf(f: ServerFieldKind, name: string): (i: number) => unknown {
    // One-word variables are read straight from the flat words: it is the hot part of a user's invariant.
    const offset = this.layout.offset[name as keyof Layout['offset']];
    const word = (i: number): number => this.c.state[this.layout.base(i) + offset]!;
    switch (f.kind) {
      case 'int':
        return word;
      case 'enum': {
        const values = f.values;
        return (i) => values[word(i)];
      }
      case 'server?':
        return (i) => {
          const v = word(i);
          return v === 0 ? null : this.names[v - 1];
        };
      case 'bool':
        return (i) => word(i) === 1;
      case 'servers':
        return (i) => {
          const set = this.c.server(i)[name as 'votesGranted'];
          const out: string[] = [];
          for (let j = 0; j < this.names.length; j++) if (set.has(j)) out.push(this.names[j]!);
          return out;
        };
      case 'perServer':
        return (i) => {
          const list = this.c.server(i)[name as 'nextIndex'];
          const out: Record<string, number> = {};
          for (let j = 0; j < this.names.length; j++) out[this.names[j]!] = list.get(j);
          return out;
        };
      case 'log':
        return (i) => {
          const log = this.c.server(i)[name as 'log'];
          const out: EntryJson[] = [];
          for (let k = 1; k <= log.length; k++) out.push(entryJson(log.term(k), log.value(k)));
          return out;
        };
    }
  }

  private messages(): readonly CountedJson[] {
    const t = this.c.state;
    const out: CountedJson[] = [];
    for (let k = 0; k < this.c.messageCount; k++) {
      const at = this.layout.message(k);
      out.push(messageJsonAt(t, at, t[at + M_COUNT]!));
    }
    return out;
  }
}

type CountedJson = Readonly<MessageJson & { count: number }>;

/** Message JSON by message and count (messages are interned, so each is built once). */
const messageJson = new WeakMap<Message, CountedJson[]>();

function messageJsonAt(t: Int32Array, at: number, count: number): CountedJson {
  const m = messageAt(t, at);
  let byCount = messageJson.get(m);
  if (byCount === undefined) messageJson.set(m, (byCount = []));
  let json = byCount[count];
  if (json === undefined) byCount[count] = json = Object.freeze({ ...messageToJson(m), count });
  return json;
}

const views = new WeakMap<Layout, LazyState>();

/** The lazy view of a cluster state of this layout. */
function lazyState(layout: Layout): LazyState {
  let v = views.get(layout);
  if (v === undefined) views.set(layout, (v = new LazyState(layout)));
  return v;
}

export function stateView(c: ClusterReader): RaftState {
  return lazyState(c.layout).of(c);
}

/** Raised when a user's invariant throws or returns a non-boolean: names the invariant and carries the state it threw on. */
export class InvariantThrew extends Error {
  constructor(
    readonly invariant: string,
    readonly reason: unknown,
    readonly state: string,
  ) {
    super(
      `invariant '${invariant}' threw: ${reason instanceof Error ? reason.message : String(reason)}, on the state ${state}`,
    );
  }
}

/**
 * A user's predicate as an invariant of the spec: it reads the lazy view; a throw becomes InvariantThrew.
 * `witness`: the witness (witnesses.ts) whose situation it is about, for vacuity, as a built-in invariant's.
 */
export function userInvariant(
  name: string,
  predicate: RaftStatePredicate,
  witness?: string,
): { name: string; holds(c: ClusterReader): boolean; source: string; witness?: string } {
  let layout: Layout | undefined;
  let lazy: LazyState | undefined;
  return {
    name,
    source: predicate.toString(),
    ...(witness === undefined ? {} : { witness }),
    holds: (c) => {
      if (c.layout !== layout) {
        layout = c.layout;
        lazy = lazyState(c.layout);
      }
      const s = lazy!.of(c);
      let result: unknown;
      try {
        result = predicate(s);
      } catch (e) {
        throw new InvariantThrew(name, e, JSON.stringify(s));
      }
      if (typeof result !== 'boolean') {
        throw new InvariantThrew(name, `it returned ${typeof result}, not a boolean`, JSON.stringify(s));
      }
      return result;
    },
  };
}
