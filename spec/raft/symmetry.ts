/**
 * Server symmetry (TLC's `SYMMETRY Permutations(Server)`): servers are interchangeable, so a state and any
 * renaming of its servers behave alike. The canonical form of a state is the least (word by word) of its
 * renamings; equal orbits give equal canonical forms. Which words name a server is derived from schema.ts:
 * `server?` variables hold an id, `servers` a bit mask of ids, `perServer` one word per id, and every message's
 * source and dest. Sound for every built-in invariant (each treats all servers alike); a user's invariant must
 * too, for a reduced check to mean what it says.
 */
import { M_DEST, M_SOURCE, MESSAGE_WORDS, type Layout } from './layout.js';
import { SERVER_SCHEMA, type ServerFieldKind } from './schema.js';

function permutations(n: number): Int32Array[] {
  const out: Int32Array[] = [];
  const p = Int32Array.from({ length: n }, (_, k) => k);
  const go = (k: number): void => {
    if (k === n) {
      out.push(p.slice());
      return;
    }
    for (let i = k; i < n; i++) {
      [p[k], p[i]] = [p[i]!, p[k]!];
      go(k + 1);
      [p[k], p[i]] = [p[i]!, p[k]];
    }
  };
  go(0);
  return out;
}

/** Renames the servers of states of one layout. */
export class ServerSymmetry {
  private readonly perms: Int32Array[];
  private readonly variables: readonly { offset: number; kind: ServerFieldKind['kind'] }[];
  private best: Int32Array = new Int32Array(0);
  private scratch: Int32Array = new Int32Array(0);
  private readonly record = new Int32Array(MESSAGE_WORDS);

  constructor(private readonly layout: Layout) {
    this.perms = permutations(layout.servers);
    this.variables = layout.variables.map((name) => ({ offset: layout.offset[name], kind: SERVER_SCHEMA[name].kind }));
  }

  /** Writes into `out` the state `s` with server i renamed p[i]. */
  rename(s: Int32Array, p: Int32Array, out: Int32Array): void {
    const L = this.layout;
    const n = L.servers;
    for (let i = 0; i < n; i++) {
      const from = L.base(i);
      const to = L.base(p[i]!);
      for (const { offset, kind } of this.variables) {
        const a = from + offset;
        const b = to + offset;
        switch (kind) {
          case 'server?':
            out[b] = s[a] === 0 ? 0 : p[s[a]! - 1]! + 1;
            break;
          case 'servers': {
            let mask = 0;
            for (let j = 0; j < n; j++) if ((s[a]! & (1 << j)) !== 0) mask |= 1 << p[j]!;
            out[b] = mask;
            break;
          }
          case 'perServer':
            for (let j = 0; j < n; j++) out[b + p[j]!] = s[a + j]!;
            break;
          case 'log':
            for (let w = 0; w <= 2 * L.logCap; w++) out[b + w] = s[a + w]!;
            break;
          case 'int':
          case 'enum':
          case 'bool':
            out[b] = s[a]!;
        }
      }
    }
    const count = s[L.bagStart]!;
    out[L.bagStart] = count;
    for (let k = 0; k < count; k++) {
      const at = L.message(k);
      for (let w = 0; w < MESSAGE_WORDS; w++) out[at + w] = s[at + w]!;
      out[at + M_SOURCE] = p[s[at + M_SOURCE]!]!;
      out[at + M_DEST] = p[s[at + M_DEST]!]!;
    }
    // Keep the bag sorted by key (insertion sort: bags are small).
    const tmp = this.record;
    for (let k = 1; k < count; k++) {
      const at = L.message(k);
      tmp.set(out.subarray(at, at + MESSAGE_WORDS));
      let j = k - 1;
      while (j >= 0 && compareTmp(out, L.message(j), tmp) > 0) {
        out.copyWithin(L.message(j + 1), L.message(j), L.message(j) + MESSAGE_WORDS);
        j--;
      }
      out.set(tmp, L.message(j + 1));
    }
  }

  /** The orbit's representative: the least renaming of `s`; a buffer valid until the next call. */
  canonicalize(s: Int32Array): Int32Array {
    const length = this.layout.length(s);
    if (this.best.length < length) {
      this.best = new Int32Array(length);
      this.scratch = new Int32Array(length);
    }
    this.best.set(s.subarray(0, length));
    for (let k = 1; k < this.perms.length; k++) {
      this.rename(s, this.perms[k]!, this.scratch);
      let w = 0;
      while (w < length && this.scratch[w] === this.best[w]) w++;
      if (w < length && this.scratch[w]! < this.best[w]!) [this.best, this.scratch] = [this.scratch, this.best];
    }
    return this.best.length === length ? this.best : this.best.subarray(0, length);
  }
}

function compareTmp(t: Int32Array, a: number, tmp: Int32Array): number {
  for (let w = 0; w < MESSAGE_WORDS; w++) {
    const d = t[a + w]! - tmp[w]!;
    if (d !== 0) return d;
  }
  return 0;
}
