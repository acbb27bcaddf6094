/**
 * The built-in safety invariants (spec/raft/invariants.ts) checked on what an implementation's nodes report,
 * not on a model state: each node's role, term, persisted log and commit index after a step are put into the
 * model's state shape and the same predicates run on it. A failure here is a safety bug of the implementation
 * (two leaders in one term, committed entries that differ or are lost), whatever the validator says.
 */
import { List } from 'immutable';
import { logEntry } from '../../spec/raft/logEntry.js';
import { RAFT_INVARIANTS } from '../../spec/raft/invariants.js';
import { invariantsOnValues } from '../../spec/raft/model.js';
import { initialState, type ClusterState } from '../../spec/raft/state.js';

/** One node as it reports itself, in the implementation's own terms (shifted by one to the model's). */
export interface ReportedNode {
  readonly role: string;
  readonly term: number;
  readonly log: readonly { readonly term: number; readonly value: string }[];
  readonly commitIndex: number;
}

export interface SafetyViolation {
  readonly invariant: string;
  /** The harness step after which it first failed, and the simulated time. */
  readonly step: number;
  readonly time: number;
  readonly nodes: readonly ReportedNode[];
}

const INVARIANTS = invariantsOnValues(RAFT_INVARIANTS.filter((i) => i.variant === undefined));

/**
 * A map of value names to model values: `vK` is K (the harness's names), any other name numbered by first
 * appearance after those (any injective map keeps equality, which is all the invariants compare).
 */
export function valueNumbering(): (name: string) => number {
  const values = new Map<string, number>();
  return (v) => {
    const named = /^v(\d+)$/.exec(v);
    if (named !== null) return Number(named[1]);
    let k = values.get(v);
    if (k === undefined) values.set(v, (k = 1000 + values.size));
    return k;
  };
}

/** The reported states as a model state (no messages: the nodes do not report the network). */
export function clusterOf(nodes: readonly ReportedNode[], valueOf = valueNumbering()): ClusterState {
  let s = initialState(nodes.length);
  nodes.forEach((n, i) => {
    const role = n.role === 'Leader' || n.role === 'Candidate' ? n.role : 'Follower';
    s = s.setIn(
      ['servers', i],
      s.servers
        .get(i)!
        .set('currentTerm', n.term + 1)
        .set('state', role)
        .set('log', List(n.log.map((e) => logEntry(e.term + 1, valueOf(e.value)))))
        .set('commitIndex', n.commitIndex),
    );
  });
  return s;
}

/** The first built-in invariant that fails on the reported states, or undefined. */
export function checkReported(nodes: readonly ReportedNode[], step: number, time: number): SafetyViolation | undefined {
  const s = clusterOf(nodes);
  for (const inv of INVARIANTS) {
    if (!inv.holds(s)) return { invariant: inv.name, step, time, nodes };
  }
  return undefined;
}
