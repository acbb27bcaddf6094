// The parts of liferaft 1.0.0 (plain JavaScript, no types of its own) and memdown 1.4 that the harness uses.

declare module 'liferaft' {
  /** One message as liferaft writes it: `last` is its log's last entry (or, for an entry, the one before). */
  export interface Packet {
    state?: number;
    term?: number;
    address?: string;
    type?: string;
    leader?: string;
    last?: { index: number; term: number; committedIndex: number };
    data?: unknown;
  }
  export type Write = (packet: unknown, callback?: (err: unknown, data?: unknown) => void) => void;
  export default class Raft {
    constructor(address: string, options: Record<string, unknown>);
    static readonly LEADER: number;
    static readonly CANDIDATE: number;
    static readonly FOLLOWER: number;
    static readonly STOPPED: number;
    static readonly CHILD: number;
    static readonly states: readonly string[];
    address: string;
    term: number;
    state: number;
    votes: { for: string | null; granted: number };
    log: { committedIndex: number } | null;
    join(address: string, write: Write): unknown;
    command(command: unknown): Promise<void>;
    end(): boolean;
    on(event: string, fn: (...args: unknown[]) => void): this;
    emit(event: string, ...args: unknown[]): boolean;
  }
}

declare module 'liferaft/log.js' {
  const Log: new (node: unknown, options: Record<string, unknown>) => unknown;
  export default Log;
}

declare module 'memdown' {
  export interface MemIterator {
    _next(callback: (...args: unknown[]) => void): void;
    _end?(callback: (...args: unknown[]) => void): void;
  }
  export interface MemDown {
    _open(options: unknown, callback: (...args: unknown[]) => void): void;
    _put(key: unknown, value: unknown, options: unknown, callback: (...args: unknown[]) => void): void;
    _get(key: unknown, options: unknown, callback: (...args: unknown[]) => void): void;
    _del(key: unknown, options: unknown, callback: (...args: unknown[]) => void): void;
    _batch(
      ops: readonly { type: string; key: unknown; value?: unknown }[],
      options: unknown,
      callback: (...args: unknown[]) => void,
    ): void;
    _iterator(options: unknown): MemIterator;
  }
  interface MemDownConstructor {
    (location: string): MemDown;
    clearGlobalStore(strict?: boolean): void;
  }
  const memdown: MemDownConstructor;
  export default memdown;
}

declare module '@markwylde/liferaft' {
  export { default } from 'liferaft';
}

declare module '@markwylde/liferaft/log.js' {
  export { default } from 'liferaft/log.js';
}

declare module 'memdown6' {
  import type { MemDown } from 'memdown';
  const memdown6: () => MemDown;
  export default memdown6;
}
