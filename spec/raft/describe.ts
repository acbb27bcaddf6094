/**
 * Plain-data views of a cluster state: a JSON object keyed like raft.tla's variables (for reports), and the
 * lines that say what changed between two states (for counterexamples printed for people).
 */
import type { Message } from './messages.js';
import { formatMessage } from './format.js';
import { ALL_SERVER_VARIABLES } from './schema.js';
import type { ClusterState, ServerState, ServerVariable } from './state.js';
import { serverName, valueName, type ServerId } from './types.js';

export interface MessageJson {
  readonly type: Message['type'];
  readonly source: string;
  readonly dest: string;
  readonly term: number;
  readonly [field: string]: unknown;
}

/** A cluster state as plain JSON, one key per raft.tla variable, servers named s1..sN, values v1..vK. */
export interface ClusterJson {
  currentTerm: Record<string, number>;
  state: Record<string, string>;
  votedFor: Record<string, string | null>;
  log: Record<string, { term: number; value: string }[]>;
  commitIndex: Record<string, number>;
  votesResponded: Record<string, string[]>;
  votesGranted: Record<string, string[]>;
  nextIndex: Record<string, Record<string, number>>;
  matchIndex: Record<string, Record<string, number>>;
  messages: (MessageJson & { count: number })[];
}

function perServer<T>(s: ClusterState, f: (v: ServerState) => T): Record<string, T> {
  const out: Record<string, T> = {};
  s.servers.forEach((v, i) => (out[serverName(i)] = f(v)));
  return out;
}

function ids(set: Iterable<ServerId>): string[] {
  return [...set].sort((a, b) => a - b).map(serverName);
}

function perPeer(list: Iterable<number>): Record<string, number> {
  const out: Record<string, number> = {};
  let k = 0;
  for (const x of list) out[serverName(k++)] = x;
  return out;
}

/** A message as plain JSON. */
export function messageToJson(m: Message): MessageJson {
  const base = { type: m.type, source: serverName(m.source), dest: serverName(m.dest), term: m.term };
  switch (m.type) {
    case 'RequestVoteRequest':
      return { ...base, lastLogTerm: m.lastLogTerm, lastLogIndex: m.lastLogIndex };
    case 'RequestVoteResponse':
      return { ...base, voteGranted: m.voteGranted };
    case 'AppendEntriesRequest':
      return {
        ...base,
        prevLogIndex: m.prevLogIndex,
        prevLogTerm: m.prevLogTerm,
        entries: m.entry === null ? [] : [{ term: m.entry.term, value: valueName(m.entry.value) }],
        commitIndex: m.commitIndex,
      };
    case 'AppendEntriesResponse':
      return { ...base, success: m.success, matchIndex: m.matchIndex };
    case 'PreVoteRequest':
      return { ...base, lastLogTerm: m.lastLogTerm, lastLogIndex: m.lastLogIndex };
    case 'PreVoteResponse':
      return { ...base, voteGranted: m.voteGranted };
  }
}

/** The whole state as plain JSON. */
export function clusterToJson(s: ClusterState): ClusterJson {
  return {
    currentTerm: perServer(s, (v) => v.currentTerm),
    state: perServer(s, (v) => v.state),
    votedFor: perServer(s, (v) => (v.votedFor === null ? null : serverName(v.votedFor))),
    log: perServer(s, (v) => v.log.toArray().map((e) => ({ term: e.term, value: valueName(e.value) }))),
    commitIndex: perServer(s, (v) => v.commitIndex),
    votesResponded: perServer(s, (v) => ids(v.votesResponded)),
    votesGranted: perServer(s, (v) => ids(v.votesGranted)),
    nextIndex: perServer(s, (v) => perPeer(v.nextIndex)),
    matchIndex: perServer(s, (v) => perPeer(v.matchIndex)),
    messages: [...s.messages]
      .map(([m, count]) => ({ ...messageToJson(m), count }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  };
}

/** One server variable as printed in traces, for example `[2:v1]` for a log. */
export function showField(v: ServerState, field: ServerVariable): string {
  switch (field) {
    case 'votedFor':
      return v.votedFor === null ? 'Nil' : serverName(v.votedFor);
    case 'log':
      return `[${v.log.map((e) => `${e.term}:${valueName(e.value)}`).join(' ')}]`;
    case 'votesResponded':
    case 'votesGranted':
    case 'quorumHeard':
      return `{${ids(v[field]).join(',')}}`;
    case 'heardFromLeader':
      return v.heardFromLeader ? 'TRUE' : 'FALSE';
    case 'nextIndex':
    case 'matchIndex':
      return `[${v[field].join(' ')}]`;
    case 'currentTerm':
    case 'state':
    case 'commitIndex':
      return String(v[field]);
  }
}

/** One line per server whose variables changed (`s2: votedFor Nil→s1`), then one per message sent or removed. */
export function describeChanges(before: ClusterState, after: ClusterState): string[] {
  const lines: string[] = [];
  after.servers.forEach((v, i) => {
    const old = before.servers.get(i);
    if (old === undefined || old === v) return;
    // Every variable, variants' included: those of a variant that is off never change, so they never show.
    const changes = ALL_SERVER_VARIABLES.filter((f) => showField(old, f) !== showField(v, f)).map(
      (f) => `${f} ${showField(old, f)}→${showField(v, f)}`,
    );
    if (changes.length > 0) lines.push(`${serverName(i)}: ${changes.join(', ')}`);
  });
  const messages = new Set([...before.messages.keys(), ...after.messages.keys()]);
  for (const m of [...messages].sort((a, b) => formatMessage(a).localeCompare(formatMessage(b)))) {
    const was = before.messages.get(m) ?? 0;
    const now = after.messages.get(m) ?? 0;
    if (now > was) lines.push(`+ ${formatMessage(m)}${now > 1 ? ` (×${now})` : ''}`);
    if (now < was) lines.push(`- ${formatMessage(m)}${now > 0 ? ` (×${now} left)` : ''}`);
  }
  return lines;
}
