/**
 * The canonical encoding of an etcd profile state as 32-bit words (what the checker fingerprints and keeps off
 * the heap), and its inverse. Per server, in id order: currentTerm, state, votedFor, commitIndex,
 * votesResponded, votesGranted, pendingConfChangeIndex, config (voters, outgoing, learners), durableState (term,
 * vote, log length, commit, config), matchIndex (one word per server), the log (length, entries); then
 * reconfigCount and the two bags (distinct messages, then per message its count, word count and words).
 */
import type { Encoding } from '../../checker/encoding.js';
import { type Bag, type BagItem } from './bag.js';
import { messageFromWords } from './messages.js';
import { ROLES, type Conf, type EtcdState, type ServerVars } from './state.js';

interface Sink {
  push(word: number): void;
}

function pushConf(out: Sink, c: Conf): void {
  out.push(c.voters);
  out.push(c.outgoing);
  out.push(c.learners);
}

function pushBag(out: Sink, bag: Bag): void {
  out.push(bag.length);
  for (const { message, count } of bag) {
    out.push(count);
    out.push(message.words.length);
    for (const w of message.words) out.push(w);
  }
}

/** Writes `s`'s canonical words into `out`. */
export function encodeEtcd(s: EtcdState, out: Sink): void {
  for (const v of s.servers) {
    out.push(v.currentTerm);
    out.push(ROLES.indexOf(v.state));
    out.push(v.votedFor);
    out.push(v.commitIndex);
    out.push(v.votesResponded);
    out.push(v.votesGranted);
    out.push(v.pendingConfChangeIndex);
    pushConf(out, v.config);
    const d = v.durableState;
    out.push(d.currentTerm);
    out.push(d.votedFor);
    out.push(d.log);
    out.push(d.commitIndex);
    pushConf(out, d.config);
    for (const m of v.matchIndex) out.push(m);
    out.push(v.log.length);
    for (const e of v.log) out.push(e);
  }
  out.push(s.reconfigCount);
  pushBag(out, s.messages);
  pushBag(out, s.pendingMessages);
}

/** `s`'s words as an array (for comparing states and for tests). */
export function etcdWords(s: EtcdState): number[] {
  const out: number[] = [];
  encodeEtcd(s, out);
  return out;
}

/** The state of `servers` servers whose canonical words are `words` (the inverse of `encodeEtcd`). */
export function decodeEtcd(words: ArrayLike<number>, servers: number): EtcdState {
  let at = 0;
  const next = (): number => words[at++]!;
  const conf = (): Conf => ({ voters: next(), outgoing: next(), learners: next() });
  const list: ServerVars[] = [];
  for (let k = 0; k < servers; k++) {
    const currentTerm = next();
    const state = ROLES[next()]!;
    const votedFor = next();
    const commitIndex = next();
    const votesResponded = next();
    const votesGranted = next();
    const pendingConfChangeIndex = next();
    const config = conf();
    const durableState = { currentTerm: next(), votedFor: next(), log: next(), commitIndex: next(), config: conf() };
    const matchIndex = Array.from({ length: servers }, next);
    const log = Array.from({ length: next() }, next);
    list.push({
      currentTerm,
      state,
      votedFor,
      log,
      commitIndex,
      votesResponded,
      votesGranted,
      matchIndex,
      pendingConfChangeIndex,
      config,
      durableState,
    });
  }
  const reconfigCount = next();
  const bag = (): Bag => {
    const items: BagItem[] = [];
    const n = next();
    for (let k = 0; k < n; k++) {
      const count = next();
      const length = next();
      items.push({ count, message: messageFromWords(words, at).message });
      at += length;
    }
    return items;
  };
  const messages = bag();
  const pendingMessages = bag();
  return { servers: list, reconfigCount, messages, pendingMessages };
}

/** Writes `s` into a checker Encoding. */
export function encodeInto(s: EtcdState, out: Encoding): void {
  encodeEtcd(s, out);
}
