/**
 * An etcd trace as the explorer draws it: one frame per record, the state of the etcd profile after it (the
 * first of the states consistent with the records so far), in the JSON shape the explorer's space-time diagram
 * and server cards read (spec/raft/describe.ts ClusterJson: the variables both specs share, servers named by
 * their etcd ids). A rejected trace ends with its rejected record, marked, on the last state matched.
 */
import type { ClusterJson, EntryJson, MessageJson } from '../../spec/raft/describe.js';
import { entryKind, entryTerm, entryVoters } from '../../spec/etcd/entry.js';
import type { EtcdMessage } from '../../spec/etcd/messages.js';
import { idsOf } from '../../spec/etcd/servers.js';
import type { EtcdState } from '../../spec/etcd/state.js';
import { ClusterError, type EtcdCluster } from './cluster.js';
import { readEtcdTrace } from './read.js';
import type { EtcdTraceRecord } from './records.js';
import { validateEtcdTrace } from './validate.js';

export interface EtcdFrames {
  /** Frame 0 is the initial state the bootstrap records give; frame k the state after the k-th record. */
  readonly frames: readonly { readonly json: ClusterJson; readonly name: string | null }[];
  /** Each frame's label: the record's line and what it says (null for the initial state). */
  readonly labels: readonly (string | null)[];
  /** The rejected record's frame and why, when the profile cannot produce the trace. */
  readonly rejected?: { readonly row: number; readonly why: string };
  /** One line: validated, or rejected at which line. */
  readonly verdict: string;
}

function messageJson(m: EtcdMessage, name: (n: number) => string, count: number): MessageJson & { count: number } {
  const base = { type: m.type, source: name(m.source), dest: name(m.dest), term: m.term };
  switch (m.type) {
    case 'RequestVoteRequest':
      return { ...base, lastLogTerm: m.lastLogTerm, lastLogIndex: m.lastLogIndex, count };
    case 'RequestVoteResponse':
      return { ...base, voteGranted: m.voteGranted, count };
    case 'AppendEntriesRequest':
      return {
        ...base,
        subtype: m.subtype,
        prevLogIndex: m.prevLogIndex,
        prevLogTerm: m.prevLogTerm,
        entries: m.entries.map((e) => entryOf(e, name)),
        commitIndex: m.commitIndex,
        count,
      };
    case 'AppendEntriesResponse':
      return { ...base, subtype: m.subtype, success: m.success, matchIndex: m.matchIndex, count };
  }
}

function entryOf(e: number, name: (n: number) => string): EntryJson {
  const kind = entryKind(e);
  if (kind !== 'Config') return { term: entryTerm(e), value: kind === 'Value' ? 'v' : '<<>>' };
  const config = idsOf(entryVoters(e)).map(name);
  return { term: entryTerm(e), value: `{${config.join(',')}}`, config };
}

/** The explorer's JSON of an etcd profile state; servers are named by their trace ids. */
export function etcdClusterJson(s: EtcdState, cluster: EtcdCluster): ClusterJson {
  const name = (n: number): string => cluster.ids[n - 1] ?? `?${n}`;
  const per = <T>(f: (k: number) => T): Record<string, T> =>
    Object.fromEntries(s.servers.map((_, k) => [name(k + 1), f(k)]));
  const v = (k: number) => s.servers[k]!;
  return {
    currentTerm: per((k) => v(k).currentTerm),
    state: per((k) => v(k).state),
    votedFor: per((k) => (v(k).votedFor === 0 ? null : name(v(k).votedFor))),
    log: per((k) => v(k).log.map((e) => entryOf(e, name))),
    commitIndex: per((k) => v(k).commitIndex),
    votesResponded: per((k) => idsOf(v(k).votesResponded).map(name)),
    votesGranted: per((k) => idsOf(v(k).votesGranted).map(name)),
    // etcd's spec keeps no nextIndex; the cards show matchIndex, the one it keeps.
    nextIndex: per(() => ({})),
    matchIndex: per((k) => Object.fromEntries(v(k).matchIndex.map((m, j) => [name(j + 1), m]))),
    messages: s.messages.map((x) => messageJson(x.message, name, x.count)),
  };
}

function label(r: EtcdTraceRecord): string {
  const e = r.event;
  const msg = e.msg === undefined ? '' : ` ${e.msg.type} ${e.msg.from}→${e.msg.to} t${e.msg.term}`;
  return `line ${r.line}: ${e.name} ${e.nid}${msg}`;
}

/** The frames of an etcd trace file's text; a problem (malformed record, unmodelled record) is one line. */
export function etcdTraceFrames(text: string): { ok: true; value: EtcdFrames } | { ok: false; error: string } {
  const read = readEtcdTrace(text);
  if (!read.ok) return { ok: false, error: `line ${read.line}: malformed trace record: ${read.problem}` };
  const steps: { record: EtcdTraceRecord; state: EtcdState }[] = [];
  let result;
  try {
    result = validateEtcdTrace(read.records, (record, states) => steps.push({ record, state: states[0]! }));
  } catch (e) {
    if (e instanceof ClusterError) return { ok: false, error: e.message };
    throw e;
  }
  if (result.kind === 'unmodelled') return { ok: false, error: `line ${result.record.line}: ${result.reason}` };
  const cluster = result.cluster;
  const frames = [{ json: etcdClusterJson(cluster.initial, cluster), name: null as string | null }];
  const labels: (string | null)[] = [null];
  for (const { record, state } of steps) {
    frames.push({ json: etcdClusterJson(state, cluster), name: record.event.name });
    labels.push(label(record));
  }
  if (result.kind === 'accepted') {
    return {
      ok: true,
      value: { frames, labels, verdict: `validated: the etcd profile produces all ${result.records} records` },
    };
  }
  frames.push({ json: frames[frames.length - 1]!.json, name: result.record.event.name });
  labels.push(label(result.record));
  const why = result.why[0] ?? 'no state takes it';
  return {
    ok: true,
    value: {
      frames,
      labels,
      rejected: { row: frames.length - 1, why },
      verdict: `rejected at line ${result.record.line}: ${why}`,
    },
  };
}
