/**
 * How liferaft's messages and state map to `raft-check validate` events (docs/implementations.md explains each
 * choice). liferaft's term starts at 0 where raft.tla's starts at 1, so every term is logged plus one. liferaft
 * writes an empty log's last term as the node's current term; the model's is 0, so an index 0 is logged with
 * term 0. Its messages:
 *
 * - `vote` (RequestVote) and its reply `voted` {granted};
 * - `append` (AppendEntries): `last` is the entry before the one carried in `data` (or, with no data, the
 *   leader's last entry: a heartbeat), `last.committedIndex` the leader's commit index;
 * - `append ack` {index} and `append fail` {index}: a follower's success and failure answers, sent to its leader
 *   as new messages; a leader answers `append fail` by writing an `append` back;
 * - a stale term gets an `error` answer (a Promise liferaft forgets to await, which goes out as `{}`).
 */
import type Raft from 'liferaft';
import type { Packet } from 'liferaft';
import type { StoredEntry } from './store.js';

/** One event line, before it is written as JSON. */
export type TraceLine = { readonly type: string; readonly server: string } & Record<string, unknown>;

/** What the recorder reads of a node after a step (liferaft's terms, not yet shifted). */
export interface Snapshot {
  readonly term: number;
  readonly role: string;
  readonly votedFor: string | null;
  /** The highest index the node has persisted. */
  readonly logLength: number;
  readonly commitIndex: number;
}

export function nodeSnapshot(raft: Raft, stateNames: readonly string[], log: readonly StoredEntry[]): Snapshot {
  return {
    term: raft.term,
    role: stateNames[raft.state] ?? String(raft.state),
    votedFor: raft.votes.for,
    logLength: log.length === 0 ? 0 : log[log.length - 1]!.index,
    commitIndex: raft.log?.committedIndex ?? 0,
  };
}

/** The two kinds of message that start an exchange; every other packet answers one. */
export function isRequest(packet: unknown): boolean {
  const type = (packet as Packet | undefined)?.type;
  return type === 'vote' || type === 'append';
}

/** What a node answered to the message it handled. */
export type Answer =
  | { readonly kind: 'voted'; readonly granted: boolean }
  | { readonly kind: 'ack'; readonly index: number }
  | { readonly kind: 'fail' }
  /** The stale-term rejection (an unawaited Promise, so a thenable here). */
  | { readonly kind: 'error' }
  | { readonly kind: 'none' };

function isThenable(x: unknown): boolean {
  return typeof (x as { then?: unknown } | undefined)?.then === 'function';
}

export function answerOf(answers: readonly unknown[]): Answer {
  for (const a of answers) {
    if (a === undefined) continue;
    if (isThenable(a)) return { kind: 'error' };
    const p = a as Packet;
    const data = p.data as { granted?: boolean; index?: number } | undefined;
    switch (p.type) {
      case 'voted':
        return { kind: 'voted', granted: data?.granted === true };
      case 'append ack':
        return { kind: 'ack', index: Number(data?.index) };
      case 'append fail':
        return { kind: 'fail' };
      case undefined:
      default:
        return { kind: 'error' };
    }
  }
  return { kind: 'none' };
}

const modelTerm = (t: number | undefined): number => (t ?? 0) + 1;

/** The model's last-log term: 0 for an empty log (liferaft sends its current term there). */
function lastTerm(last: Packet['last']): number {
  return last === undefined || last.index === 0 ? 0 : modelTerm(last.term);
}

function entriesOf(p: Packet): { term: number; value: string }[] {
  const data = p.data as { term: number; command: unknown }[] | undefined;
  return Array.isArray(data) ? data.map((e) => ({ term: modelTerm(e.term), value: String(e.command) })) : [];
}

function appendFields(p: Packet): Record<string, unknown> {
  return {
    term: modelTerm(p.term),
    prevLogIndex: p.last?.index ?? 0,
    prevLogTerm: lastTerm(p.last),
    entries: entriesOf(p),
    leaderCommit: p.last?.committedIndex ?? 0,
  };
}

/** The send event of a request `server` wrote to `to`, undefined for an answer. */
export function sendEvent(server: string, to: string, p: Packet): TraceLine | undefined {
  switch (p.type) {
    case 'vote':
      return {
        type: 'sendRequestVote',
        server,
        to,
        term: modelTerm(p.term),
        lastLogTerm: lastTerm(p.last),
        lastLogIndex: p.last?.index ?? 0,
      };
    case 'append':
      return { type: 'sendAppendEntries', server, to, ...appendFields(p) };
    case undefined:
    default:
      return undefined;
  }
}

/**
 * The receive event of `server` handling `p` from `from`, with what it answered and its state after. A message
 * that is not Raft's (an `error` answer, arriving as `{}`) is no event: it changes nothing in liferaft, and the
 * model's answer it stands for is then one the network lost.
 */
export function receiveEvent(
  server: string,
  from: string,
  p: Packet,
  answer: Answer,
  after: Snapshot,
): TraceLine | undefined {
  const state = { currentTerm: modelTerm(after.term), role: after.role };
  switch (p.type) {
    case 'vote':
      return {
        type: 'receiveRequestVote',
        server,
        from,
        term: modelTerm(p.term),
        lastLogTerm: lastTerm(p.last),
        lastLogIndex: p.last?.index ?? 0,
        granted: answer.kind === 'voted' && answer.granted,
        ...state,
        votedFor: after.votedFor,
      };
    case 'voted':
      return {
        type: 'receiveVote',
        server,
        from,
        term: modelTerm(p.term),
        granted: (p.data as { granted?: boolean } | undefined)?.granted === true,
        currentTerm: modelTerm(after.term),
      };
    case 'append': {
      const fields = appendFields(p);
      const entries = fields.entries as unknown[];
      // liferaft acknowledges an entry, refuses with `append fail` or an error, and accepts a heartbeat silently.
      const success = answer.kind === 'ack' || (answer.kind === 'none' && entries.length === 0);
      const matchIndex =
        answer.kind === 'ack' ? answer.index : success ? Number(fields.prevLogIndex) + entries.length : 0;
      return {
        type: 'receiveAppendEntries',
        server,
        from,
        ...fields,
        success,
        matchIndex,
        ...state,
        logLength: after.logLength,
        commitIndex: after.commitIndex,
      };
    }
    case 'append ack':
    case 'append fail':
      return {
        type: 'receiveAppendEntriesResponse',
        server,
        from,
        term: modelTerm(p.term),
        success: p.type === 'append ack',
        matchIndex: p.type === 'append ack' ? Number((p.data as { index?: number } | undefined)?.index) : 0,
        currentTerm: modelTerm(after.term),
      };
    case undefined:
    default:
      return undefined;
  }
}
