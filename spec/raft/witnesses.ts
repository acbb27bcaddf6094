/**
 * The protocol situations of Raft's source description that a check watches for (checker/model.ts `Witness`),
 * each written once over two read-only cluster views, the state a step starts from and the state it makes, and
 * the step's packed action (actions.ts). A run reports, for each, the length of the shortest behaviour that
 * reaches it, or that none did: a run that holds on a configuration where no entry is ever committed has not
 * tested the properties of committed entries, and says so.
 *
 * Each declares the actions that can reach it, so the checker asks it only on those steps. The reasons are in
 * the comments: a situation that another action could also bring about would be reported too late.
 */
import { unpackAction, type ActionName } from './actions.js';
import type { ClusterReader } from './cluster.js';
import { variantModules } from './variants.js';

/** A situation, as a predicate over one step. */
export interface RaftWitness {
  readonly name: string;
  /** What reaching it means, for people. */
  readonly description: string;
  readonly actions: readonly ActionName[];
  /** True when the step `from` --`code`--> `to` reaches it; `from`'s message positions are `code`'s. */
  reached(from: ClusterReader, code: number, to: ClusterReader): boolean;
}

/** Whether two servers of `c` lead at once, in different terms (in the same term is an ElectionSafety violation). */
function twoLeaders(c: ClusterReader): boolean {
  for (let x = 0; x < c.n; x++) {
    const a = c.server(x);
    if (a.state !== 'Leader') continue;
    for (let y = x + 1; y < c.n; y++) {
      const b = c.server(y);
      if (b.state === 'Leader' && b.currentTerm !== a.currentTerm) return true;
    }
  }
  return false;
}

/** Whether some server of `c` leads in term `term`. */
function leaderOf(c: ClusterReader, term: number): boolean {
  for (let x = 0; x < c.n; x++) {
    const s = c.server(x);
    if (s.state === 'Leader' && s.currentTerm === term) return true;
  }
  return false;
}

// Only BecomeLeader makes a leader: Restart, UpdateTerm and CheckQuorum make followers.
export const LeaderElected: RaftWitness = {
  name: 'LeaderElected',
  description: 'a candidate with a quorum of votes becomes leader',
  actions: ['BecomeLeader'],
  reached: () => true,
};

// Only a leader's AdvanceCommitIndex commits; a follower's commitIndex follows one that a leader advanced.
export const EntryCommitted: RaftWitness = {
  name: 'EntryCommitted',
  description: 'a leader advances its commitIndex: an entry is committed',
  actions: ['AdvanceCommitIndex'],
  reached: (from, code, to) => {
    const { i } = unpackAction(code);
    return to.server(i).commitIndex > from.server(i).commitIndex;
  },
};

export const EntryReplicated: RaftWitness = {
  name: 'EntryReplicated',
  description: "a follower appends a leader's entry to its log",
  actions: ['HandleAppendEntriesRequest'],
  reached: (_from, code) => unpackAction(code).outcome === 'append',
};

// A leader's term never changes while it leads, so a second leader appears only by BecomeLeader.
export const TwoLeaders: RaftWitness = {
  name: 'TwoLeaders',
  description: 'two servers lead at once, in different terms (the old leader has not yet learnt of the new)',
  actions: ['BecomeLeader'],
  reached: (_from, _code, to) => twoLeaders(to),
};

export const StaleLeaderRejected: RaftWitness = {
  name: 'StaleLeaderRejected',
  description: 'a follower refuses an AppendEntries request of an older term',
  actions: ['HandleAppendEntriesRequest'],
  reached: (from, code) => {
    const { outcome, k } = unpackAction(code);
    if (outcome !== 'reject') return false;
    const m = from.message(k);
    return m.term < from.server(m.dest).currentTerm;
  },
};

export const LogBacktracked: RaftWitness = {
  name: 'LogBacktracked',
  description: 'a leader lowers nextIndex after a refused AppendEntries',
  actions: ['HandleAppendEntriesResponse'],
  reached: (from, code, to) => {
    const { outcome, k } = unpackAction(code);
    if (outcome !== 'failure') return false;
    const m = from.message(k);
    return to.server(m.dest).nextIndex.get(m.source) < from.server(m.dest).nextIndex.get(m.source);
  },
};

// raft.tla drops one conflicting entry per step; the leader's entry is appended by a later step.
export const EntryOverwritten: RaftWitness = {
  name: 'EntryOverwritten',
  description: "a follower drops a conflicting entry, to take the leader's in its place",
  actions: ['HandleAppendEntriesRequest'],
  reached: (_from, code) => unpackAction(code).outcome === 'conflict',
};

// "Without anyone having won": no server leads the candidate's term in the state it times out from. A state does
// not remember a leader of that term that has since restarted or stepped down, so this also counts such a
// timeout: it may be reached a little earlier than the first true split vote, never later.
export const SplitVote: RaftWitness = {
  name: 'SplitVote',
  description: 'a candidate times out and starts another election, no one having won its term',
  actions: ['Timeout'],
  reached: (from, code) => {
    const { i } = unpackAction(code);
    const me = from.server(i);
    return me.state === 'Candidate' && !leaderOf(from, me.currentTerm);
  },
};

export const LeaderDeposed: RaftWitness = {
  name: 'LeaderDeposed',
  description: 'a leader learns of a higher term and steps down',
  actions: ['UpdateTerm'],
  reached: (from, code) => {
    const { k } = unpackAction(code);
    return from.server(from.message(k).dest).state === 'Leader';
  },
};

/** raft.tla's witnesses, in the order they are reported. */
export const RAFT_WITNESSES: readonly RaftWitness[] = [
  LeaderElected,
  EntryReplicated,
  EntryCommitted,
  TwoLeaders,
  StaleLeaderRejected,
  LogBacktracked,
  EntryOverwritten,
  SplitVote,
  LeaderDeposed,
];

/** The witnesses of a model with `variants` on: raft.tla's, then each variant's own (its module's), in registry order. */
export function witnessesFor(variants: readonly string[] | undefined): readonly RaftWitness[] {
  const own = variantModules(variants).flatMap((m) => m.witnesses);
  return own.length === 0 ? RAFT_WITNESSES : [...RAFT_WITNESSES, ...own];
}
