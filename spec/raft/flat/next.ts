/**
 * The next-state relation on flat states: the same actions, in the same order, as the reference spec
 * (spec/raft/next.ts), asking the same rule functions (rules.ts). The reference is the specification; this is its
 * fast twin for exhaustive checking. test/spec/raft/flat.test.ts holds them equal: the same labelled successors
 * in the same order on every state of random walks, with and without each bug, and TLC's counts on both.
 *
 * Successors are written into one scratch buffer and handed to a visitor, so enumerating them allocates nothing;
 * the checker copies only the successors that are new. A flat state's meaningful length is `flatLength`: words
 * past it in a buffer are ignored. The argument is never written.
 */
import type { RaftConfig } from '../config.js';
import type { RaftRules } from '../rules.js';
import { addMessage, flatLength, removeMessageAt } from './bag.js';
import {
  AE_REQUEST,
  AE_RESPONSE,
  CANDIDATE,
  COMMIT_INDEX,
  FOLLOWER,
  LEADER,
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

/** Flat action codes; `FLAT_ACTION_NAMES[code]` is the reference spec's action name. */
export const FLAT_ACTION_NAMES = [
  'Restart',
  'Timeout',
  'RequestVote',
  'BecomeLeader',
  'ClientRequest',
  'AdvanceCommitIndex',
  'AppendEntries',
  'UpdateTerm',
  'HandleRequestVoteRequest',
  'HandleRequestVoteResponse',
  'DropStaleResponse',
  'HandleAppendEntriesRequest',
  'HandleAppendEntriesResponse',
  'DuplicateMessage',
  'DropMessage',
] as const;

const code = (name: (typeof FLAT_ACTION_NAMES)[number]): number => FLAT_ACTION_NAMES.indexOf(name);
const RESTART = code('Restart');
const TIMEOUT = code('Timeout');
const REQUEST_VOTE = code('RequestVote');
const BECOME_LEADER = code('BecomeLeader');
const CLIENT_REQUEST = code('ClientRequest');
const ADVANCE_COMMIT = code('AdvanceCommitIndex');
const APPEND_ENTRIES = code('AppendEntries');
const UPDATE_TERM = code('UpdateTerm');
const HANDLE_RV_REQUEST = code('HandleRequestVoteRequest');
const HANDLE_RV_RESPONSE = code('HandleRequestVoteResponse');
const DROP_STALE = code('DropStaleResponse');
const HANDLE_AE_REQUEST = code('HandleAppendEntriesRequest');
const HANDLE_AE_RESPONSE = code('HandleAppendEntriesResponse');
const DUPLICATE = code('DuplicateMessage');
const DROP = code('DropMessage');

/** One successor: the action code and the new state. */
export interface FlatTransition {
  readonly action: number;
  readonly state: Int32Array;
}

/** Receives each successor; `state` is a scratch buffer valid only during the call. */
export type FlatVisitor = (action: number, state: Int32Array) => void;

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

/** The successor generator for one configuration and rule set. */
export class FlatNext {
  private readonly key = new Int32Array(MESSAGE_WORDS);
  private scratch = new Int32Array(256);

  constructor(
    private readonly layout: FlatLayout,
    private readonly config: RaftConfig,
    private readonly rules: RaftRules,
  ) {}

  /** Every successor of `s` as fresh arrays, in the reference spec's order. */
  next(s: Int32Array): FlatTransition[] {
    const out: FlatTransition[] = [];
    this.forEachSuccessor(s, (action, t) => out.push({ action, state: t.slice(0, flatLength(this.layout, t)) }));
    return out;
  }

  /** Calls `visit` on every successor of `s`, in the reference spec's order. */
  forEachSuccessor(s: Int32Array, visit: FlatVisitor): void {
    const L = this.layout;
    const n = L.servers;
    if (this.config.restart) for (let i = 0; i < n; i++) visit(RESTART, this.restart(s, i));
    for (let i = 0; i < n; i++) {
      const b = L.base(i);
      if (s[b + ROLE] === LEADER) continue;
      const t = this.begin(s);
      t[b + ROLE] = CANDIDATE;
      t[b + TERM]!++;
      t[b + VOTED_FOR] = 0;
      t[b + VOTES_RESPONDED] = 0;
      t[b + VOTES_GRANTED] = 0;
      visit(TIMEOUT, t);
    }
    for (let i = 0; i < n; i++) {
      const b = L.base(i);
      if (s[b + ROLE] !== CANDIDATE) continue;
      const len = s[b + LOG_LEN]!;
      for (let j = 0; j < n; j++) {
        if ((s[b + VOTES_RESPONDED]! & (1 << j)) !== 0) continue;
        const m = this.message(RV_REQUEST, i, j, s[b + TERM]!, len > 0 ? s[b + LOG + 2 * (len - 1)]! : 0, len, 0, 0, 0);
        visit(REQUEST_VOTE, addMessage(L, this.begin(s), m));
      }
    }
    for (let i = 0; i < n; i++) {
      const b = L.base(i);
      if (s[b + ROLE] !== CANDIDATE || 2 * popcount(s[b + VOTES_GRANTED]!) <= n) continue;
      const t = this.begin(s);
      t[b + ROLE] = LEADER;
      for (let k = 0; k < n; k++) {
        t[b + L.nextIndex + k] = s[b + LOG_LEN]! + 1;
        t[b + L.matchIndex + k] = 0;
      }
      visit(BECOME_LEADER, t);
    }
    for (let i = 0; i < n; i++) {
      const b = L.base(i);
      if (s[b + ROLE] !== LEADER) continue;
      const len = s[b + LOG_LEN]!;
      for (let v = 1; v <= this.config.values; v++) {
        const t = this.begin(s);
        t[b + LOG + 2 * len] = s[b + TERM]!;
        t[b + LOG + 2 * len + 1] = v;
        t[b + LOG_LEN] = len + 1;
        visit(CLIENT_REQUEST, t);
      }
    }
    for (let i = 0; i < n; i++) {
      if (s[L.base(i) + ROLE] === LEADER) visit(ADVANCE_COMMIT, this.advanceCommitIndex(s, i));
    }
    for (let i = 0; i < n; i++) {
      if (s[L.base(i) + ROLE] !== LEADER) continue;
      for (let j = 0; j < n; j++) if (j !== i) visit(APPEND_ENTRIES, this.appendEntries(s, i, j));
    }
    const count = s[L.bagStart]!;
    for (let k = 0, at = L.message(0); k < count; k++, at += MESSAGE_WORDS) this.receive(s, at, visit);
    if (this.config.duplicate) {
      for (let k = 0, at = L.message(0); k < count; k++, at += MESSAGE_WORDS) {
        const t = this.begin(s);
        t[at + M_COUNT]!++;
        visit(DUPLICATE, t);
      }
    }
    if (this.config.drop) {
      for (let k = 0, at = L.message(0); k < count; k++, at += MESSAGE_WORDS) {
        visit(DROP, removeMessageAt(L, this.begin(s), at));
      }
    }
  }

  /** Copies `s` into the scratch buffer, with room for one more message. */
  private begin(s: Int32Array): Int32Array {
    const length = flatLength(this.layout, s);
    if (this.scratch.length < length + MESSAGE_WORDS) this.scratch = new Int32Array(2 * (length + MESSAGE_WORDS));
    // States the checker keeps are exactly `length` long: set them whole, without a subarray view.
    this.scratch.set(s.length === length ? s : s.subarray(0, length));
    return this.scratch;
  }

  /** Fills the scratch message key. */
  private message(
    type: number,
    source: number,
    dest: number,
    term: number,
    a: number,
    b: number,
    c: number,
    d: number,
    e: number,
  ): Int32Array {
    const m = this.key;
    m[M_TYPE] = type;
    m[M_SOURCE] = source;
    m[M_DEST] = dest;
    m[M_TERM] = term;
    m[M_A] = a;
    m[M_B] = b;
    m[M_C] = c;
    m[M_D] = d;
    m[M_E] = e;
    return m;
  }

  private restart(s: Int32Array, i: number): Int32Array {
    const L = this.layout;
    const b = L.base(i);
    const t = this.begin(s);
    t[b + ROLE] = FOLLOWER;
    t[b + VOTES_RESPONDED] = 0;
    t[b + VOTES_GRANTED] = 0;
    t[b + COMMIT_INDEX] = 0;
    for (let k = 0; k < L.servers; k++) {
      t[b + L.nextIndex + k] = 1;
      t[b + L.matchIndex + k] = 0;
    }
    if (!this.rules.restartKeepsTermAndVote) {
      t[b + TERM] = 1;
      t[b + VOTED_FOR] = 0;
    }
    return t;
  }

  private advanceCommitIndex(s: Int32Array, i: number): Int32Array {
    const L = this.layout;
    const n = L.servers;
    const b = L.base(i);
    let highest = 0;
    for (let index = s[b + LOG_LEN]!; index >= 1; index--) {
      let agree = 1;
      for (let k = 0; k < n; k++) if (k !== i && s[b + L.matchIndex + k]! >= index) agree++;
      if (2 * agree > n) {
        highest = index;
        break;
      }
    }
    // The action fires even when it changes nothing; the unchanged state is its successor.
    const t = this.begin(s);
    if (highest !== 0 && this.rules.mayCommit(s[b + LOG + 2 * (highest - 1)]!, s[b + TERM]!)) {
      t[b + COMMIT_INDEX] = highest;
    }
    return t;
  }

  private appendEntries(s: Int32Array, i: number, j: number): Int32Array {
    const L = this.layout;
    const b = L.base(i);
    const len = s[b + LOG_LEN]!;
    const next = s[b + L.nextIndex + j]!;
    const prevLogIndex = next - 1;
    const prevLogTerm = prevLogIndex > 0 ? s[b + LOG + 2 * (prevLogIndex - 1)]! : 0;
    const last = Math.min(len, next);
    const hasEntry = last >= next;
    const entryTerm = hasEntry ? s[b + LOG + 2 * (next - 1)]! : 0;
    const entryValue = hasEntry ? s[b + LOG + 2 * (next - 1) + 1]! : 0;
    const commit = Math.min(s[b + COMMIT_INDEX]!, last);
    const m = this.message(AE_REQUEST, i, j, s[b + TERM]!, prevLogIndex, prevLogTerm, entryTerm, entryValue, commit);
    return addMessage(L, this.begin(s), m);
  }

  /** raft.tla Receive of the message record at `at`: pushes every way it can be received. */
  private receive(s: Int32Array, at: number, visit: FlatVisitor): void {
    const L = this.layout;
    const i = s[at + M_DEST]!;
    const j = s[at + M_SOURCE]!;
    const b = L.base(i);
    const mTerm = s[at + M_TERM]!;
    const currentTerm = s[b + TERM]!;
    if (mTerm > currentTerm) {
      const t = this.begin(s);
      t[b + TERM] = mTerm;
      t[b + ROLE] = FOLLOWER;
      t[b + VOTED_FOR] = 0;
      visit(UPDATE_TERM, t);
      return;
    }
    switch (s[at + M_TYPE]!) {
      case RV_REQUEST: {
        const len = s[b + LOG_LEN]!;
        const voted = s[b + VOTED_FOR]!;
        const grant =
          mTerm === currentTerm &&
          this.rules.voteLogOk(s[at + M_A]!, s[at + M_B]!, len > 0 ? s[b + LOG + 2 * (len - 1)]! : 0, len) &&
          this.rules.voteAvailable(voted === 0 ? null : voted - 1, j);
        const response = this.message(RV_RESPONSE, i, j, currentTerm, grant ? 1 : 0, 0, 0, 0, 0);
        const t = addMessage(L, removeMessageAt(L, this.begin(s), at), response);
        if (grant) t[b + VOTED_FOR] = j + 1;
        visit(HANDLE_RV_REQUEST, t);
        return;
      }
      case RV_RESPONSE: {
        if (mTerm < currentTerm) visit(DROP_STALE, removeMessageAt(L, this.begin(s), at));
        if (this.rules.countsVoteResponse(currentTerm, mTerm)) {
          const granted = s[at + M_A] === 1;
          const t = removeMessageAt(L, this.begin(s), at);
          t[b + VOTES_RESPONDED]! |= 1 << j;
          if (granted) t[b + VOTES_GRANTED]! |= 1 << j;
          visit(HANDLE_RV_RESPONSE, t);
        }
        return;
      }
      case AE_REQUEST: {
        const t = this.handleAppendEntriesRequest(s, at, i, j, b, mTerm, currentTerm);
        if (t !== undefined) visit(HANDLE_AE_REQUEST, t);
        return;
      }
      case AE_RESPONSE: {
        if (mTerm < currentTerm) {
          visit(DROP_STALE, removeMessageAt(L, this.begin(s), at));
          return;
        }
        const t = removeMessageAt(L, this.begin(s), at);
        const matchIndex = s[at + M_B]!;
        if (s[at + M_A] === 1) {
          t[b + L.nextIndex + j] = matchIndex + 1;
          t[b + L.matchIndex + j] = matchIndex;
        } else {
          t[b + L.nextIndex + j] = Math.max(s[b + L.nextIndex + j]! - 1, 1);
        }
        visit(HANDLE_AE_RESPONSE, t);
        return;
      }
      default:
        throw new Error(`flat engine: message type ${String(s[at + M_TYPE])} is not one of the four`);
    }
  }

  private handleAppendEntriesRequest(
    s: Int32Array,
    at: number,
    i: number,
    j: number,
    b: number,
    mTerm: number,
    currentTerm: number,
  ): Int32Array | undefined {
    const L = this.layout;
    const len = s[b + LOG_LEN]!;
    const role = s[b + ROLE]!;
    const prevLogIndex = s[at + M_A]!;
    const termAtPrev = prevLogIndex > 0 && prevLogIndex <= len ? s[b + LOG + 2 * (prevLogIndex - 1)]! : 0;
    const logOk = this.rules.appendLogOk(prevLogIndex, s[at + M_B]!, len, termAtPrev);
    if (mTerm < currentTerm || (mTerm === currentTerm && role === FOLLOWER && !logOk)) {
      const response = this.message(AE_RESPONSE, i, j, currentTerm, 0, 0, 0, 0, 0);
      return addMessage(L, removeMessageAt(L, this.begin(s), at), response);
    }
    if (mTerm !== currentTerm) return undefined;
    if (role === CANDIDATE) {
      const t = this.begin(s);
      t[b + ROLE] = FOLLOWER;
      return t;
    }
    if (role !== FOLLOWER || !logOk) return undefined;
    const index = prevLogIndex + 1;
    const entryTerm = s[at + M_C]!;
    if (entryTerm === 0 || (index <= len && s[b + LOG + 2 * (index - 1)] === entryTerm)) {
      const response = this.message(
        AE_RESPONSE,
        i,
        j,
        currentTerm,
        1,
        prevLogIndex + (entryTerm === 0 ? 0 : 1),
        0,
        0,
        0,
      );
      const t = addMessage(L, removeMessageAt(L, this.begin(s), at), response);
      t[b + COMMIT_INDEX] = s[at + M_E]!;
      return t;
    }
    if (index <= len) {
      // Conflict: drop the last entry, zeroing its slot so equal states stay equal words.
      const t = this.begin(s);
      t[b + LOG + 2 * (len - 1)] = 0;
      t[b + LOG + 2 * (len - 1) + 1] = 0;
      t[b + LOG_LEN] = len - 1;
      return t;
    }
    if (len === prevLogIndex) {
      const t = this.begin(s);
      t[b + LOG + 2 * len] = entryTerm;
      t[b + LOG + 2 * len + 1] = s[at + M_D]!;
      t[b + LOG_LEN] = len + 1;
      return t;
    }
    return undefined;
  }
}
