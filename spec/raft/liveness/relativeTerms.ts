/**
 * Relative terms: an abstraction that keeps the state space finite without ending elections (docs/liveness.md).
 *
 * With `--max-term`, every run of elections ends at the bound, so a livelock (servers timing out forever) is
 * invisible: its behaviours are cut. Here a state is replaced by its normal form: with m the smallest currentTerm
 * of any server, every term value below m that occurs in the state (an entry's term, a message's) is replaced by
 * its rank among those values (1, 2, ...), and every term t ≥ m by t − m + K + 1, K being the number of those
 * values. 0 (raft.tla's "no entry" in lastLogTerm, prevLogTerm) stays 0. The bound maxTerm then bounds the
 * normal form's highest term: the number of distinct old terms plus the spread of the current ones.
 *
 * Why it is sound (an exact quotient, a bisimulation): the spec only compares terms (=, <, >, with each other and
 * with 0), copies them, and makes new ones as currentTerm + 1 (Timeout, prevote's proposed term). The renaming
 * is strictly increasing on the state's terms, so every comparison comes out the same, and it is a translation
 * on [m, ∞), where every new term falls (currentTerm ≥ m), so it commutes with + 1; currentTerm never decreases,
 * so m never does, and the normal form of a successor is the normal form of the renamed state's successor.
 * Hence a state and its normal form have the same successors up to normal form, by the same actions, the same
 * bounds apart from maxTerm, and the same truth of every property that compares terms only (all of
 * properties.ts, all of invariants.ts). A lasso of the normalised model is therefore a real behaviour of the
 * plain one up to renaming; liveness.ts replays it on the plain model, where its terms go on growing.
 * test/spec/relativeTerms.test.ts checks the commutation on every state of small models.
 */
import { List, Map as IMap } from 'immutable';
import { MESSAGE_FIELD_OFFSETS, M_TERM, M_TYPE } from '../layout.js';
import { logEntry, type LogEntry } from '../logEntry.js';
import { message, type Message, type MessageInit, type MessageType } from '../messages.js';
import { MESSAGE_SCHEMA, MESSAGE_TYPES, type MessageFieldKind } from '../schema.js';
import type { FastRaftModel } from '../model.js';
import type { ClusterState } from '../state.js';

/** The message fields that hold a term, besides `term` itself and an entry's term. */
const TERM_FIELDS: ReadonlySet<string> = new Set(['lastLogTerm', 'prevLogTerm']);

function fieldKinds(type: MessageType): [string, MessageFieldKind][] {
  return Object.entries(MESSAGE_SCHEMA[type]) as [string, MessageFieldKind][];
}

/** Calls `f` on every term value (0 included) the state holds. */
function forEachTerm(s: ClusterState, f: (t: number) => void): void {
  for (const server of s.servers) {
    f(server.currentTerm);
    for (const e of server.log) f(e.term);
  }
  for (const m of s.messages.keys()) {
    f(m.term);
    const fields = m as unknown as Record<string, unknown>;
    for (const [name, kind] of fieldKinds(m.type)) {
      const v = fields[name];
      if (kind.kind === 'entry?' && v !== null) f((v as LogEntry).term);
      else if (TERM_FIELDS.has(name)) f(v as number);
    }
  }
}

/** `s` with every term t replaced by `rename(t)` (which must keep 0 as 0). */
export function mapTerms(s: ClusterState, rename: (t: number) => number): ClusterState {
  const entry = (e: LogEntry): LogEntry => logEntry(rename(e.term), e.value);
  const servers = s.servers.map((v) => v.merge({ currentTerm: rename(v.currentTerm), log: List(v.log.map(entry)) }));
  const messages = IMap<Message, number>().withMutations((bag) => {
    for (const [m, copies] of s.messages) {
      const fields: Record<string, unknown> = { type: m.type, source: m.source, dest: m.dest, term: rename(m.term) };
      const old = m as unknown as Record<string, unknown>;
      for (const [name, kind] of fieldKinds(m.type)) {
        const v = old[name];
        fields[name] =
          kind.kind === 'entry?' && v !== null ? entry(v as LogEntry) : TERM_FIELDS.has(name) ? rename(v as number) : v;
      }
      bag.set(message(fields as unknown as MessageInit<MessageType>) as Message, copies);
    }
  });
  return s.merge({ servers, messages });
}

/** The renaming that takes `s` to its normal form, or undefined when `s` is already in normal form. */
export function normalRenaming(s: ClusterState): ((t: number) => number) | undefined {
  let m = Infinity;
  for (const server of s.servers) m = Math.min(m, server.currentTerm);
  const old = new Set<number>();
  forEachTerm(s, (t) => {
    if (t > 0 && t < m) old.add(t);
  });
  const ranks = [...old].sort((a, b) => a - b);
  const shift = m - ranks.length - 1;
  if (shift === 0 && ranks.every((t, k) => t === k + 1)) return undefined;
  const rank = new Map(ranks.map((t, k) => [t, k + 1]));
  return (t) => (t === 0 ? 0 : t < m ? rank.get(t)! : t - shift);
}

/** The normal form of `s` (itself when it is one). */
export function normaliseTerms(s: ClusterState): ClusterState {
  const rename = normalRenaming(s);
  return rename === undefined ? s : mapTerms(s, rename);
}

/**
 * The flat model whose states are normal forms: each successor is normalised (a state with a server still at
 * term 1 is one already, the common case, and costs one read). Actions, positions and bounds are the plain
 * model's; maxTerm bounds the normal form.
 */
export function relativeTermsModel(fast: FastRaftModel): FastRaftModel {
  const normal = flatNormaliser(fast);
  return {
    ...fast,
    next: (s) => fast.next(s).map((t) => ({ action: t.action, state: normal(t.state) })),
    forEachSuccessor: (s, visit) => {
      fast.forEachSuccessor!(s, (action, t) => {
        visit(action, normal(t));
      });
    },
  };
}

/**
 * The normal form of a flat state of `fast` (the state itself when it is one; else a new array), computed on the
 * flat words: the term words are those mapTerms renames (each server's currentTerm and its entries' terms; each
 * message's term, its entry's term and its TERM_FIELDS). The bag needs no re-sorting: its records are sorted by
 * their words, and the renaming is strictly increasing and keeps 0, so it keeps every comparison of two records.
 * test/spec/raft/relativeTerms.test.ts checks it against normaliseTerms on the values.
 */
export function flatNormaliser(fast: FastRaftModel): (t: Int32Array) => Int32Array {
  const L = fast.layout;
  const currentTerm = L.offset.currentTerm;
  const log = L.offset.log;
  // Per message type code, the offsets of its term words in a record.
  const messageTerms: readonly number[][] = MESSAGE_TYPES.map((type) => [
    M_TERM,
    ...fieldKinds(type).flatMap(([name, kind]) =>
      kind.kind === 'entry?' || TERM_FIELDS.has(name)
        ? [(MESSAGE_FIELD_OFFSETS[type] as Record<string, number>)[name]!]
        : [],
    ),
  ]);
  /** Calls `f` on the offset of every term word of `t`. */
  const forEachTermWord = (t: Int32Array, f: (at: number) => void): void => {
    for (let i = 0; i < L.servers; i++) {
      const base = L.base(i);
      f(base + currentTerm);
      for (let k = 0, n = t[base + log]!; k < n; k++) f(base + log + 1 + 2 * k);
    }
    for (let k = 0, n = t[L.bagStart]!; k < n; k++) {
      const at = L.message(k);
      for (const offset of messageTerms[t[at + M_TYPE]!]!) f(at + offset);
    }
  };
  // The distinct old terms (0 < t < m) of the state being normalised, sorted: few, so an insertion sort.
  const old: number[] = [];
  return (t) => {
    let m = Infinity;
    for (let i = 0; i < L.servers; i++) m = Math.min(m, t[L.base(i) + currentTerm]!);
    // With a server at term 1 there is no old term and no shift: the common case costs a read per server.
    if (m === 1) return t;
    old.length = 0;
    forEachTermWord(t, (at) => {
      const v = t[at]!;
      if (v <= 0 || v >= m) return;
      let k = old.length;
      while (k > 0 && old[k - 1]! > v) k--;
      if (old[k - 1] !== v) old.splice(k, 0, v);
    });
    const shift = m - old.length - 1;
    if (shift === 0 && old.every((v, k) => v === k + 1)) return t;
    const out = t.slice(0, L.length(t));
    forEachTermWord(out, (at) => {
      const v = out[at]!;
      if (v === 0) return;
      out[at] = v < m ? old.indexOf(v) + 1 : v - shift;
    });
    return out;
  };
}
