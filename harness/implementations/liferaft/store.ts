/**
 * liferaft's storage, as the harness gives it: liferaft's own Log class over a memdown database (the in-memory
 * leveldown its own tests use: memdown 1 for liferaft 1.0.0, memdown 6 for the fork's newer levelup), passed
 * through the Log's public `adapter` option. The harness wraps the database
 * it hands over, not liferaft: every write is mirrored here, so the recorder reads what the node has persisted
 * (its log) at any moment, and every callback the database owes is counted, so the runtime knows when a step's
 * work is done. A node restarted after a crash opens the same location, so it finds exactly what it persisted.
 */
import memdown, { type MemDown } from 'memdown';
import memdown6 from 'memdown6';
import type { SimRuntime } from '../simRuntime.js';

/** One persisted log entry, as liferaft writes it (its `responses`, the acknowledgements, are left out). */
export interface StoredEntry {
  readonly index: number;
  readonly term: number;
  readonly command: unknown;
  readonly committed: boolean;
}

/**
 * The entry index of a stored key. liferaft 1.0.0's Log uses keyEncoding 'binary', which turns the number n into
 * `new Buffer(n)`: n zero bytes, so the key's length is the index (and keys sort by index, as the log needs).
 * The fork writes n as 8 hexadecimal digits.
 */
function indexOfKey(key: unknown): number {
  if (Buffer.isBuffer(key) && key.every((b) => b === 0)) return key.length;
  const text = String(key);
  return /^[0-9a-f]{8}$/.test(text) ? parseInt(text, 16) : Number(text);
}

function entryOf(index: number, value: unknown): StoredEntry {
  const v = JSON.parse(Buffer.isBuffer(value) ? value.toString() : String(value)) as Partial<StoredEntry>;
  return { index, term: Number(v.term), command: v.command, committed: v.committed === true };
}

/** The persisted logs of one run's nodes, by node address. */
export class Stores {
  private readonly logs = new Map<string, Map<number, StoredEntry>>();

  /** memdown 6's databases, one per node, kept across the node's restarts (memdown 1 keeps them by location). */
  private readonly databases = new Map<string, MemDown>();

  constructor(
    private readonly runtime: SimRuntime,
    /** A name unique to the run: memdown 1 keeps databases by location for the whole process. */
    private readonly runName: string,
    private readonly memdownVersion: 1 | 6,
  ) {}

  /** Forgets every database of every run (memdown's global store). */
  static clearAll(): void {
    memdown.clearGlobalStore(true);
  }

  /** The node's persisted log, in index order. */
  log(address: string): StoredEntry[] {
    return [...(this.logs.get(address)?.values() ?? [])].sort((a, b) => a.index - b.index);
  }

  /** The `adapter` option for the node's Log: opens (or reopens, after a restart) the node's database. */
  adapter(address: string): () => MemDown {
    return () => this.open(address);
  }

  private open(address: string): MemDown {
    if (this.memdownVersion === 1) return this.wrap(address, memdown(`${this.runName}/${address}`));
    let db = this.databases.get(address);
    if (db === undefined) {
      db = this.wrap(address, memdown6());
      this.databases.set(address, db);
    }
    return db;
  }

  /** `db` with every write mirrored and every callback it owes counted. */
  private wrap(address: string, db: MemDown): MemDown {
    let mirror = this.logs.get(address);
    if (mirror === undefined) {
      mirror = new Map();
      this.logs.set(address, mirror);
    }
    const log = mirror;
    const rt = this.runtime;
    const open = db._open.bind(db);
    const put = db._put.bind(db);
    const get = db._get.bind(db);
    const del = db._del.bind(db);
    const batch = db._batch.bind(db);
    const iterator = db._iterator.bind(db);
    db._open = (options, cb) => {
      open(options, rt.track(cb));
    };
    db._get = (key, options, cb) => {
      get(key, options, rt.track(cb));
    };
    db._put = (key, value, options, cb) => {
      const index = indexOfKey(key);
      log.set(index, entryOf(index, value));
      put(key, value, options, rt.track(cb));
    };
    db._del = (key, options, cb) => {
      log.delete(indexOfKey(key));
      del(key, options, rt.track(cb));
    };
    db._batch = (ops, options, cb) => {
      for (const op of ops) {
        const index = indexOfKey(op.key);
        if (op.type === 'put') log.set(index, entryOf(index, op.value));
        else log.delete(index);
      }
      batch(ops, options, rt.track(cb));
    };
    db._iterator = (options) => {
      const it = iterator(options);
      const next = it._next.bind(it);
      it._next = (cb) => {
        next(rt.track(cb));
      };
      // abstract-leveldown 2 calls `_end` only when the iterator has one (memdown's has not).
      if (typeof it._end === 'function') {
        const end = it._end.bind(it);
        it._end = (cb) => {
          end(rt.track(cb));
        };
      }
      return it;
    };
    return db;
  }
}
