/**
 * Server symmetry (TLC's `SYMMETRY Permutations(Server)`): servers are interchangeable, so a state and any
 * renaming of its servers behave alike. The canonical form of a state is the least (word by word) of its
 * renamings; equal orbits give equal canonical forms. Which words name a server is derived from schema.ts:
 * `server?` variables hold an id, `servers` a bit mask of ids, `perServer` one word per id, and every message's
 * source and dest. Sound for every built-in invariant (each treats all servers alike); a user's invariant must
 * too, for a reduced check to mean what it says.
 *
 * membership (docs/variants.md) names servers in two more places, both value words of log entries: a
 * configuration entry's value is the negated bit mask of its servers, in a log or in an AppendEntriesRequest's
 * entry, and a renaming renames that mask (client values, positive, are copied). The initial configuration is
 * not a state word but the layout's `initialMembers`, used by every server whose log has no configuration
 * entry: a renaming that moves it would reach a state the model does not have. So the group is the renamings
 * that map the initial members onto themselves (TLC's `Permutations(Members) \cup Permutations(Others)`):
 * K!·(N−K)! of them, every one (N!) without membership or when every server starts as a member.
 *
 * Canonicalising runs once per successor, so it is built for speed: each renaming is written in word order and
 * compared with the best so far as it is written, and abandoned at the first word where it is greater (most
 * renamings are, within the first server's first words: their currentTerm or role). Per renaming, its inverse
 * and a table that renames bit masks are computed once.
 */
import type { Symmetry } from '../../checker/symmetry.js';
import { fromFlat } from './codec.js';
import {
  M_DEST,
  M_SOURCE,
  M_TYPE,
  MESSAGE_FIELD_OFFSETS,
  MESSAGE_TYPE_CODE,
  MESSAGE_WORDS,
  type Layout,
} from './layout.js';
import { SERVER_SCHEMA } from './schema.js';
import type { ClusterState } from './state.js';
import { flatOf } from './values.js';

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

/** What a word of a server block holds, for renaming (0: a plain word, copied). */
const SERVER = 1;
const SERVERS = 2;
const PER_SERVER = 3;
/** A log entry's value word: a client value (copied) or a configuration, a negated bit mask (renamed). */
const ENTRY_VALUE = 4;

/** The one message type carrying an entry, and where its value word sits in a record. */
const ENTRY_TYPE = MESSAGE_TYPE_CODE.AppendEntriesRequest;
const M_ENTRY_VALUE = MESSAGE_FIELD_OFFSETS.AppendEntriesRequest.entry + 1;

/** A renaming with what applying it needs: p (server i becomes p[i]), its inverse, and p applied to bit masks. */
interface Renaming {
  readonly p: Int32Array;
  readonly inverse: Int32Array;
  readonly masks: Int32Array;
}

function renaming(p: Int32Array): Renaming {
  const n = p.length;
  const inverse = new Int32Array(n);
  for (let i = 0; i < n; i++) inverse[p[i]!] = i;
  const masks = new Int32Array(1 << n);
  for (let m = 0; m < 1 << n; m++) {
    let r = 0;
    for (let j = 0; j < n; j++) if ((m & (1 << j)) !== 0) r |= 1 << p[j]!;
    masks[m] = r;
  }
  return { p, inverse, masks };
}

/** Renames the servers of states of one layout. */
export class ServerSymmetry implements Symmetry<Int32Array> {
  /** Every renaming, the identity first. */
  private readonly renamings: readonly Renaming[];
  /** Per word of a server block: what it holds (PLAIN, SERVER, ...), and for PER_SERVER its variable's offset. */
  private readonly kinds: Uint8Array;
  private readonly perServerStart: Int32Array;
  private a: Int32Array = new Int32Array(0);
  private b: Int32Array = new Int32Array(0);
  /** orbitSize's own buffer: the state it is asked about may be `a` or `b`, canonicalize's last answer. */
  private c: Int32Array = new Int32Array(0);
  private readonly record = new Int32Array(MESSAGE_WORDS);

  constructor(private readonly layout: Layout) {
    // The renamings that keep the initial configuration (all of them when every server is in it).
    this.renamings = permutations(layout.servers)
      .map(renaming)
      .filter((r) => r.masks[layout.initialMembers] === layout.initialMembers);
    // Words no variable of this layout holds (a variant's word kept at zero) are PLAIN: copied as they are.
    this.kinds = new Uint8Array(layout.serverWords);
    this.perServerStart = new Int32Array(layout.serverWords);
    for (const name of layout.variables) {
      const at = layout.offset[name];
      const kind = SERVER_SCHEMA[name].kind;
      if (kind === 'server?') this.kinds[at] = SERVER;
      else if (kind === 'servers') this.kinds[at] = SERVERS;
      else if (kind === 'perServer') {
        for (let j = 0; j < layout.servers; j++) {
          this.kinds[at + j] = PER_SERVER;
          this.perServerStart[at + j] = at;
        }
      } else if (kind === 'log') {
        // The length, then (term, value) slots.
        for (let k = 0; k < layout.logCap; k++) this.kinds[at + 2 + 2 * k] = ENTRY_VALUE;
      }
    }
  }

  /** The number of renamings in the group (n!, or K!·(n−K)! with K initial members of membership). */
  get order(): number {
    return this.renamings.length;
  }

  /** The group's renamings, the identity first: p maps server i to p[i]. */
  get group(): readonly Int32Array[] {
    return this.renamings.map((r) => r.p);
  }

  /**
   * Writes into `out` the state `s` with server i renamed p[i] (the bag sorted again). For a p outside `group`
   * (one that moves membership's initial configuration) the result is not a state of the same model.
   */
  rename(s: Int32Array, p: Int32Array, out: Int32Array): void {
    this.renameInto(s, renaming(p), undefined, out, this.layout.length(s));
  }

  /**
   * The orbit's representative: the least renaming of `s`. It is `s` itself when `s` is least, else a buffer of
   * this object's valid until the next call; words past `layout.length` of it are unspecified.
   */
  canonicalize(s: Int32Array): Int32Array {
    const length = this.layout.length(s);
    if (this.a.length < length) {
      this.a = new Int32Array(length * 2);
      this.b = new Int32Array(length * 2);
    }
    let best: Int32Array = s;
    let spare = this.a;
    for (let k = 1; k < this.renamings.length; k++) {
      if (this.renameInto(s, this.renamings[k]!, best, spare, length) < 0) {
        // The new best is written; the old one (unless it is `s`) is free for the next renaming.
        const previous = best;
        best = spare;
        spare = previous === s ? this.b : previous;
      }
    }
    return best;
  }

  /**
   * The size of `s`'s orbit: n! over the number of renamings that leave `s` as it is (its stabiliser), since the
   * renamings that give one state form a coset of the stabiliser.
   */
  orbitSize(s: Int32Array): number {
    const length = this.layout.length(s);
    if (this.c.length < length) this.c = new Int32Array(length * 2);
    let fixed = 1;
    for (let k = 1; k < this.renamings.length; k++) {
      if (this.renameInto(s, this.renamings[k]!, s, this.c, length) === 0) fixed++;
    }
    return this.renamings.length / fixed;
  }

  /**
   * Writes the renaming `r` of `s` into `out`, word by word, comparing it with `best` as it goes: returns 1 (and
   * stops, `out` half written) as soon as it is greater, else -1 when less, 0 when equal. Without `best` it
   * writes the whole renaming and returns -1.
   */
  private renameInto(
    s: Int32Array,
    r: Renaming,
    best: Int32Array | undefined,
    out: Int32Array,
    length: number,
  ): number {
    const L = this.layout;
    const n = L.servers;
    const W = L.serverWords;
    const kinds = this.kinds;
    const starts = this.perServerStart;
    const { p, inverse, masks } = r;
    let cmp = best === undefined ? -1 : 0;
    let o = 0;
    for (let j = 0; j < n; j++) {
      // Block j of the renaming is the block of the server renamed j.
      const from = inverse[j]! * W;
      for (let w = 0; w < W; w++, o++) {
        let v: number;
        switch (kinds[w]!) {
          case SERVER: {
            const x = s[from + w]!;
            v = x === 0 ? 0 : p[x - 1]! + 1;
            break;
          }
          case SERVERS:
            v = masks[s[from + w]!]!;
            break;
          case PER_SERVER: {
            const start = starts[w]!;
            v = s[from + start + inverse[w - start]!]!;
            break;
          }
          case ENTRY_VALUE: {
            const x = s[from + w]!;
            v = x < 0 ? -masks[-x]! : x;
            break;
          }
          default:
            v = s[from + w]!;
        }
        if (cmp === 0) {
          const b = best![o]!;
          if (v !== b) {
            if (v > b) return 1;
            cmp = -1;
          }
        }
        out[o] = v;
      }
    }
    const count = s[L.bagStart]!;
    out[L.bagStart] = count;
    for (let k = 0; k < count; k++) {
      const at = L.message(k);
      for (let w = 0; w < MESSAGE_WORDS; w++) out[at + w] = s[at + w]!;
      out[at + M_SOURCE] = p[s[at + M_SOURCE]!]!;
      out[at + M_DEST] = p[s[at + M_DEST]!]!;
      if (s[at + M_TYPE] === ENTRY_TYPE) {
        const x = s[at + M_ENTRY_VALUE]!;
        if (x < 0) out[at + M_ENTRY_VALUE] = -masks[-x]!;
      }
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
    if (cmp !== 0) return cmp;
    for (let w = L.bagStart + 1; w < length; w++) {
      const d = out[w]! - best![w]!;
      if (d !== 0) return d > 0 ? 1 : -1;
    }
    return 0;
  }
}

function compareTmp(t: Int32Array, a: number, tmp: Int32Array): number {
  for (let w = 0; w < MESSAGE_WORDS; w++) {
    const d = t[a + w]! - tmp[w]!;
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Server symmetry on Immutable.js values (the reference engine): a value is canonicalised through its flat
 * state, in the layout its own longest log fixes, so that equal values give equal representatives.
 * `initialMembers` is membership's initial configuration (config.ts `initialMembersMask`), every server when
 * absent: the group keeps it.
 */
export function valueSymmetry(initialMembers?: number): Symmetry<ClusterState> {
  const symmetries = new Map<Layout, ServerSymmetry>();
  const of = (layout: Layout): ServerSymmetry => {
    let sym = symmetries.get(layout);
    if (sym === undefined) symmetries.set(layout, (sym = new ServerSymmetry(layout)));
    return sym;
  };
  return {
    canonicalize(s) {
      const { layout, flat } = flatOf(s, 0, initialMembers);
      const canonical = of(layout).canonicalize(flat);
      return canonical === flat ? s : fromFlat(layout, canonical);
    },
    orbitSize(s) {
      const { layout, flat } = flatOf(s, 0, initialMembers);
      return of(layout).orbitSize(flat);
    },
  };
}
