/**
 * Validation of an etcd trace against the etcd profile, as Traceetcdraft.tla does it with TLC, without TLC's
 * cost: the records in validate.sh's order, from the initial state the bootstrap records give, the set of
 * profile states consistent with the records so far is carried record by record (a breadth-first search whose
 * levels are the records). The trace is accepted when some state takes its last record; it is rejected at the
 * first record no state can take, with what disagrees.
 *
 * States are kept as sets: two behaviours that reach one state share their future, so each is kept once (by its
 * canonical encoding; TLC keys by the same variables and the record's position). A receive record may take
 * several steps (receiveSteps); the states between them stay on the record, checked against it only on the first.
 */
import { etcdWords } from '../../spec/etcd/codec.js';
import type { EtcdState } from '../../spec/etcd/state.js';
import { inferCluster, type EtcdCluster } from './cluster.js';
import { etcdOrder } from './order.js';
import type { EtcdTraceEvent, EtcdTraceRecord } from './records.js';
import { Names, RECEIVE_EVENTS, receiveSteps, recordSteps, unmodelled } from './steps.js';

export type EtcdValidation =
  | {
      readonly kind: 'accepted';
      readonly records: number;
      readonly cluster: EtcdCluster;
      /** The most states carried at once. */
      readonly widest: number;
    }
  | {
      readonly kind: 'rejected';
      readonly records: number;
      readonly cluster: EtcdCluster;
      /** Position of the rejected record in validation order (0-based). */
      readonly at: number;
      readonly record: EtcdTraceRecord;
      /** The last record matched before it, if any. */
      readonly lastMatched?: EtcdTraceRecord;
      /** Why each way of taking it failed, in etcd's terms (distinct reasons, first the most common). */
      readonly why: readonly string[];
      readonly widest: number;
      /** States consistent with every record before it (for the explorer: the first of them). */
      readonly before: readonly EtcdState[];
    }
  | {
      /** A record no state could take because etcd's spec does not model it (a snapshot event, pre-vote). */
      readonly kind: 'unmodelled';
      readonly record: EtcdTraceRecord;
      readonly reason: string;
    };

/** A set of states keyed by their encoding; a single state needs no key. */
class StateSet {
  private readonly keys = new Set<string>();
  readonly states: EtcdState[] = [];

  add(s: EtcdState): boolean {
    if (this.states.length === 0) {
      this.states.push(s);
      return true;
    }
    if (this.keys.size === 0) this.keys.add(keyOf(this.states[0]!));
    const k = keyOf(s);
    if (this.keys.has(k)) return false;
    this.keys.add(k);
    this.states.push(s);
    return true;
  }
}

function keyOf(s: EtcdState): string {
  return etcdWords(s).join(',');
}

/**
 * Validates `records` (in file order); they are put in validate.sh's order first. `trail`, if given, is told the
 * states consistent with the records after each record matched (the explorer draws the first of them).
 */
export function validateEtcdTrace(
  fileRecords: readonly EtcdTraceRecord[],
  trail?: (record: EtcdTraceRecord, states: readonly EtcdState[]) => void,
): EtcdValidation {
  const records = etcdOrder(fileRecords);
  for (const r of records) {
    const reason = unmodelled(r.event);
    if (reason !== undefined) return { kind: 'unmodelled', record: r, reason };
  }
  const cluster = inferCluster(records);
  const names = new Names(cluster);
  const previousOfNode = new Map<string, EtcdTraceEvent>();
  let frontier: EtcdState[] = [cluster.initial];
  let widest = 1;
  let lastMatched: EtcdTraceRecord | undefined;
  for (let k = 0; k < records.length; k++) {
    const r = records[k]!;
    const previous = previousOfNode.get(r.event.nid);
    previousOfNode.set(r.event.nid, r.event);
    if (cluster.bootstrap.has(k)) {
      lastMatched = r;
      trail?.(r, frontier);
      continue;
    }
    const why: string[] = [];
    const next = RECEIVE_EVENTS.has(r.event.name)
      ? receiveClosure(frontier, r, cluster, names, why)
      : stepAll(frontier, r, cluster, names, previous, why);
    if (next === undefined) {
      trail?.(r, frontier);
      continue;
    }
    if (next.length === 0) {
      return {
        kind: 'rejected',
        records: records.length,
        cluster,
        at: k,
        record: r,
        ...(lastMatched === undefined ? {} : { lastMatched }),
        why: byFrequency(why),
        widest,
        before: frontier,
      };
    }
    frontier = next;
    widest = Math.max(widest, frontier.length);
    lastMatched = r;
    trail?.(r, frontier);
  }
  return { kind: 'accepted', records: records.length, cluster, widest };
}

/** The states after a non-receive record, or undefined when the record is skipped (states unchanged). */
function stepAll(
  frontier: readonly EtcdState[],
  r: EtcdTraceRecord,
  cluster: EtcdCluster,
  names: Names,
  previous: EtcdTraceEvent | undefined,
  why: string[],
): EtcdState[] | undefined {
  const next = new StateSet();
  for (const s of frontier) {
    const result = recordSteps(s, r, cluster, names, previous);
    if (result.kind === 'skip') return undefined;
    if (result.kind === 'none') why.push(result.why);
    else for (const t of result.states) next.add(t);
  }
  return next.states;
}

/** The states in which a receive record's message has left the network, after one or more receive steps. */
function receiveClosure(
  frontier: readonly EtcdState[],
  r: EtcdTraceRecord,
  cluster: EtcdCluster,
  names: Names,
  why: string[],
): EtcdState[] {
  const next = new StateSet();
  // States on this record: first those from the previous record (checked against it), then those between steps.
  const here = new StateSet();
  for (const s of frontier) here.add(s);
  const work = here.states.map((state) => ({ state, first: true }));
  while (work.length > 0) {
    const { state, first } = work.shift()!;
    for (const step of receiveSteps(state, r, cluster, names, first, why)) {
      if (step.consumed) next.add(step.state);
      else if (here.add(step.state)) work.push({ state: step.state, first: false });
    }
  }
  return next.states;
}

function byFrequency(reasons: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const w of reasons) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
}
