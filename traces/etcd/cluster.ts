/**
 * The cluster a trace describes, inferred as etcd's Traceetcdraft.tla infers it:
 * - the servers: every node that logged an event, and every node a ChangeConf adds (as voter or learner);
 * - each server's bootstrap records: from its first InitState, BecomeFollower or ApplyConfChange record up to
 *   (not including) its first record of another kind; those records are matched by no step;
 * - each server's initial state: that of its last bootstrap record (term, role, vote, commit, log length), its
 *   log that many configuration entries of term 1 naming its bootstrapped configuration (the newconf of a last
 *   ApplyConfChange, else the record's voters), that configuration, and nothing else (no messages, no votes).
 * Servers are numbered 1..N in the ascending numeric order of their ids.
 */
import { EMPTY_BAG } from '../../spec/etcd/bag.js';
import { configEntry, MAX_ETCD_SERVERS } from '../../spec/etcd/entry.js';
import { maskOf } from '../../spec/etcd/servers.js';
import { persisted, type EtcdState, type Role, type ServerVars } from '../../spec/etcd/state.js';
import type { EtcdTraceEvent, EtcdTraceRecord } from './records.js';

/** etcd's role names (raft.StateType.String()) and the spec's. */
export const ETCD_ROLES: Readonly<Record<string, Role>> = {
  StateFollower: 'Follower',
  StateCandidate: 'Candidate',
  StateLeader: 'Leader',
};

const BOOTSTRAP_EVENTS = new Set(['InitState', 'BecomeFollower', 'ApplyConfChange']);

export interface EtcdCluster {
  /** Trace node ids, server k+1 being ids[k]. */
  readonly ids: readonly string[];
  /** Positions (in the ordered records) of bootstrap records. */
  readonly bootstrap: ReadonlySet<number>;
  readonly initial: EtcdState;
  /** Server number of a trace id (undefined: not in the cluster); "0" is Nil (0). */
  numberOf(id: string): number | undefined;
}

export class ClusterError extends Error {}

function idOrder(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) && x !== y ? x - y : a < b ? -1 : a > b ? 1 : 0;
}

/** The cluster of `records` (in validation order); a ClusterError when the trace cannot start a behaviour. */
export function inferCluster(records: readonly EtcdTraceRecord[]): EtcdCluster {
  if (records.length === 0) throw new ClusterError('the file holds no trace record ("tag":"trace")');
  const idSet = new Set<string>();
  for (const { event: e } of records) {
    idSet.add(e.nid);
    const first = e.prop?.cc?.changes?.[0];
    if (
      e.name === 'ChangeConf' &&
      first !== undefined &&
      (first.action === 'AddNewServer' || first.action === 'AddLearner')
    ) {
      idSet.add(first.nid);
    }
  }
  const ids = [...idSet].sort(idOrder);
  if (ids.length > MAX_ETCD_SERVERS) {
    throw new ClusterError(`the trace names ${ids.length} nodes; the etcd profile models at most ${MAX_ETCD_SERVERS}`);
  }
  const number = new Map(ids.map((id, k) => [id, k + 1]));
  const numberOf = (id: string): number | undefined => (id === '0' ? 0 : number.get(id));
  const bootstrap = new Set<number>();
  const last = new Map<string, EtcdTraceRecord>();
  for (const id of ids) {
    const mine = records.map((r, k) => ({ r, k })).filter((x) => x.r.event.nid === id);
    const firstBoot = mine.find((x) => BOOTSTRAP_EVENTS.has(x.r.event.name));
    const firstOther = mine.find((x) => !BOOTSTRAP_EVENTS.has(x.r.event.name));
    const end = firstOther === undefined ? records.length : firstOther.k;
    const boot = firstBoot === undefined ? [] : mine.filter((x) => x.k >= firstBoot.k && x.k < end);
    if (boot.length === 0) {
      const where =
        mine[0] === undefined
          ? 'it logged nothing'
          : `its first record is ${mine[0].r.event.name} (line ${mine[0].r.line})`;
      throw new ClusterError(
        `node ${id} has no bootstrap record (InitState, BecomeFollower or ApplyConfChange) before its first step: ${where}`,
      );
    }
    for (const x of boot) bootstrap.add(x.k);
    last.set(id, boot[boot.length - 1]!.r);
  }
  const toMask = (list: readonly string[], where: EtcdTraceRecord): number =>
    maskOf(
      list.map((id) => {
        const n = number.get(id);
        if (n === undefined)
          throw new ClusterError(`line ${where.line}: configuration names node ${id}, which never appears`);
        return n;
      }),
    );
  const servers = ids.map((id): ServerVars => {
    const r = last.get(id)!;
    const e: EtcdTraceEvent = r.event;
    const newconf = e.name === 'ApplyConfChange' ? e.prop?.cc?.newconf : undefined;
    const voters = toMask(newconf ?? e.conf[0], r);
    const role = ETCD_ROLES[e.role];
    if (role === undefined) throw new ClusterError(`line ${r.line}: role ${e.role} is not modelled`);
    const votedFor = numberOf(e.state.vote);
    if (votedFor === undefined)
      throw new ClusterError(`line ${r.line}: vote ${e.state.vote} names no node of the trace`);
    const v = {
      currentTerm: e.state.term,
      state: role,
      votedFor,
      log: new Array<number>(e.log).fill(configEntry(1, voters, 0)),
      commitIndex: e.state.commit,
      votesResponded: 0,
      votesGranted: 0,
      matchIndex: new Array<number>(ids.length).fill(0),
      pendingConfChangeIndex: 0,
      config: { voters, outgoing: 0, learners: 0 },
    };
    return { ...v, durableState: persisted(v) };
  });
  return {
    ids,
    bootstrap,
    initial: { servers, reconfigCount: 0, messages: EMPTY_BAG, pendingMessages: EMPTY_BAG },
    numberOf,
  };
}
