/** Conversions between the reference spec's Immutable cluster states and flat states. */
import { List, Map as IMap, Set as ISet } from 'immutable';
import { logEntry } from '../logEntry.js';
import {
  appendEntriesRequest,
  appendEntriesResponse,
  compareMessages,
  requestVoteRequest,
  requestVoteResponse,
  type Message,
} from '../messages.js';
import { ClusterState, ServerState } from '../state.js';
import type { Role } from '../types.js';
import {
  AE_REQUEST,
  AE_RESPONSE,
  COMMIT_INDEX,
  LOG,
  LOG_LEN,
  M_A,
  M_B,
  M_C,
  M_COUNT,
  M_D,
  M_DEST,
  M_E,
  M_SOURCE,
  M_TERM,
  M_TYPE,
  MESSAGE_WORDS,
  ROLE,
  RV_REQUEST,
  RV_RESPONSE,
  TERM,
  VOTED_FOR,
  VOTES_GRANTED,
  VOTES_RESPONDED,
  type FlatLayout,
} from './layout.js';

const ROLES: readonly Role[] = ['Follower', 'Candidate', 'Leader'];

function mask(ids: Iterable<number>): number {
  let bits = 0;
  for (const id of ids) bits |= 1 << id;
  return bits;
}

function ids(bits: number, n: number): ISet<number> {
  return ISet(Array.from({ length: n }, (_, k) => k).filter((k) => (bits & (1 << k)) !== 0));
}

/** The nine key words of a message, as the flat layout stores them. */
function messageKey(m: Message): number[] {
  const head = [m.source, m.dest, m.term];
  switch (m.type) {
    case 'RequestVoteRequest':
      return [RV_REQUEST, ...head, m.lastLogTerm, m.lastLogIndex, 0, 0, 0];
    case 'RequestVoteResponse':
      return [RV_RESPONSE, ...head, m.voteGranted ? 1 : 0, 0, 0, 0, 0];
    case 'AppendEntriesRequest':
      return [
        AE_REQUEST,
        ...head,
        m.prevLogIndex,
        m.prevLogTerm,
        m.entry?.term ?? 0,
        m.entry?.value ?? 0,
        m.commitIndex,
      ];
    case 'AppendEntriesResponse':
      return [AE_RESPONSE, ...head, m.success ? 1 : 0, m.matchIndex, 0, 0, 0];
  }
}

/** The flat state of `s`; throws when a log does not fit the layout's capacity. */
export function toFlat(L: FlatLayout, s: ClusterState): Int32Array {
  const messages = [...s.messages.keys()].sort(compareMessages);
  const t = new Int32Array(L.bagStart + 1 + messages.length * MESSAGE_WORDS);
  s.servers.forEach((v, i) => {
    const b = L.base(i);
    if (v.log.size > L.logCap) throw new Error(`flat engine: a log of ${v.log.size} entries exceeds ${L.logCap}`);
    t[b + TERM] = v.currentTerm;
    t[b + ROLE] = ROLES.indexOf(v.state);
    t[b + VOTED_FOR] = v.votedFor === null ? 0 : v.votedFor + 1;
    t[b + COMMIT_INDEX] = v.commitIndex;
    t[b + VOTES_RESPONDED] = mask(v.votesResponded);
    t[b + VOTES_GRANTED] = mask(v.votesGranted);
    t[b + LOG_LEN] = v.log.size;
    v.log.forEach((e, k) => {
      t[b + LOG + 2 * k] = e.term;
      t[b + LOG + 2 * k + 1] = e.value;
    });
    v.nextIndex.forEach((x, k) => (t[b + L.nextIndex + k] = x));
    v.matchIndex.forEach((x, k) => (t[b + L.matchIndex + k] = x));
  });
  t[L.bagStart] = messages.length;
  messages.forEach((m, k) => {
    const at = L.message(k);
    t.set(messageKey(m), at);
    t[at + M_COUNT] = s.messages.get(m)!;
  });
  return t;
}

function messageAt(t: Int32Array, at: number): Message {
  const source = t[at + M_SOURCE]!;
  const dest = t[at + M_DEST]!;
  const term = t[at + M_TERM]!;
  const [a, b, c, d, e] = [t[at + M_A]!, t[at + M_B]!, t[at + M_C]!, t[at + M_D]!, t[at + M_E]!];
  switch (t[at + M_TYPE]!) {
    case RV_REQUEST:
      return requestVoteRequest(source, dest, term, a, b);
    case RV_RESPONSE:
      return requestVoteResponse(source, dest, term, a === 1);
    case AE_REQUEST:
      return appendEntriesRequest(source, dest, term, a, b, c === 0 ? null : logEntry(c, d), e);
    default:
      return appendEntriesResponse(source, dest, term, a === 1, b);
  }
}

/** The reference cluster state of the flat state `t`. */
export function fromFlat(L: FlatLayout, t: Int32Array): ClusterState {
  const n = L.servers;
  const servers = Array.from({ length: n }, (_, i) => {
    const b = L.base(i);
    const len = t[b + LOG_LEN]!;
    return new ServerState({
      currentTerm: t[b + TERM]!,
      state: ROLES[t[b + ROLE]!]!,
      votedFor: t[b + VOTED_FOR] === 0 ? null : t[b + VOTED_FOR]! - 1,
      log: List(Array.from({ length: len }, (_, k) => logEntry(t[b + LOG + 2 * k]!, t[b + LOG + 2 * k + 1]!))),
      commitIndex: t[b + COMMIT_INDEX]!,
      votesResponded: ids(t[b + VOTES_RESPONDED]!, n),
      votesGranted: ids(t[b + VOTES_GRANTED]!, n),
      nextIndex: List(Array.from({ length: n }, (_, k) => t[b + L.nextIndex + k]!)),
      matchIndex: List(Array.from({ length: n }, (_, k) => t[b + L.matchIndex + k]!)),
    });
  });
  let messages = IMap<Message, number>();
  for (let k = 0; k < t[L.bagStart]!; k++) {
    const at = L.message(k);
    messages = messages.set(messageAt(t, at), t[at + M_COUNT]!);
  }
  return new ClusterState({ servers: List(servers), messages });
}
