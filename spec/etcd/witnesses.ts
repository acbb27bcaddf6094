/**
 * The protocol situations of the etcd profile that a check watches for (checker/model.ts `Witness`), each a
 * predicate over one step: the state it starts from, its action, and the state it makes. A run reports, for each,
 * the length of the shortest behaviour that reaches it, or that none did, and an invariant that names a witness
 * the run never reached is reported as holding only vacuously (checker/coverage.ts).
 *
 * Each declares the actions that can reach it, so the checker asks it only on those steps; the comments say why
 * no other action can. Where a situation is the reference profile's (spec/raft/witnesses.ts), it has its name.
 *
 * "Past the bootstrap entries": MCetcdraft starts the members with term-1 configuration entries, all committed
 * and persisted; every later entry is a leader's, of a term of 2 or more (no one leads term 1).
 */
import type { Witness } from '../../checker/model.js';
import type { EtcdAction } from './actions.js';
import { entryTerm } from './entry.js';
import type { Conf, EtcdState, ServerVars } from './state.js';

/** A situation, as a predicate over one step, with what reaching it means for people. */
export interface EtcdWitness extends Witness<EtcdState, EtcdAction> {
  readonly description: string;
  readonly actions: readonly string[];
}

/** The server that takes the step: the one named by the action, or a Receive's destination. */
function actor(a: EtcdAction): number {
  return a.kind === 'Receive' ? a.m.dest : 'i' in a ? a.i : 0;
}

/** Server `id`'s variables in `s`. */
function at(s: EtcdState, id: number): ServerVars {
  return s.servers[id - 1]!;
}

function sameConf(a: Conf, b: Conf): boolean {
  return a.voters === b.voters && a.outgoing === b.outgoing && a.learners === b.learners;
}

/** Whether some server has committed an entry past the bootstrap entries of a term below `term`. */
function committedBelow(s: EtcdState, term: number): boolean {
  return s.servers.some((v) => {
    for (let n = Math.min(v.commitIndex, v.log.length); n >= 1; n--) {
      const t = entryTerm(v.log[n - 1]!);
      if (t >= 2 && t < term) return true;
    }
    return false;
  });
}

// Only BecomeLeader makes a leader: UpdateTerm, StepDownToFollower and Restart make followers.
export const LeaderElected: EtcdWitness = {
  name: 'LeaderElected',
  description: 'a candidate with votes from a quorum of its configuration becomes leader',
  actions: ['BecomeLeader'],
  reached: () => true,
};

// A leader's term does not change while it leads, so a second leader appears only by BecomeLeader.
export const TwoLeaders: EtcdWitness = {
  name: 'TwoLeaders',
  description: 'two servers lead at once, in different terms (the older has not yet heard of the newer)',
  actions: ['BecomeLeader'],
  reached: (_from, _a, to) => {
    const terms = to.servers.filter((v) => v.state === 'Leader').map((v) => v.currentTerm);
    return new Set(terms).size > 1;
  },
};

// Only NoConflictAppendEntriesRequest lengthens a follower's log with a leader's entries (Restart shortens it).
export const EntryReplicated: EtcdWitness = {
  name: 'EntryReplicated',
  description: "a follower appends entries of a leader's log to its own",
  actions: ['NoConflictAppendEntriesRequest'],
  // The step appends only what lies past the end of the follower's log, which may be nothing.
  reached: (from, a, to) => at(to, actor(a)).log.length > at(from, actor(a)).log.length,
};

// A follower's commitIndex only follows one a leader advanced, and Restart goes back to a persisted one. A leader
// commits only an index holding an entry of its own term (2 or more), so any advance is past the bootstrap
// entries.
export const EntryCommitted: EtcdWitness = {
  name: 'EntryCommitted',
  description: 'a leader advances its commitIndex past the bootstrap entries: an entry is committed',
  actions: ['AdvanceCommitIndex'],
  reached: (from, a, to) => at(to, actor(a)).commitIndex > at(from, actor(a)).commitIndex,
};

// Only BecomeLeader makes a leader, and what has been committed is in the state it makes.
export const LeaderAfterCommit: EtcdWitness = {
  name: 'LeaderAfterCommit',
  description: 'a leader is elected in a term later than that of an entry some server has committed',
  actions: ['BecomeLeader'],
  reached: (_from, a, to) => committedBelow(to, at(to, actor(a)).currentTerm),
};

// etcdraft.tla drops one conflicting entry per step, as raft.tla does; the leader's entries come by a later step.
export const EntryOverwritten: EtcdWitness = {
  name: 'EntryOverwritten',
  description: "a follower drops an entry that conflicts with the leader's, to take the leader's in its place",
  actions: ['ConflictAppendEntriesRequest'],
  reached: (from, a, to) => at(to, actor(a)).log.length < at(from, actor(a)).log.length,
};

// Only ApplySimpleConfChange sets a configuration (Restart goes back to a persisted one). MCetcdraft's members
// start in the configuration their last bootstrap entry names, so applying that one changes nothing.
export const ConfigChangeApplied: EtcdWitness = {
  name: 'ConfigChangeApplied',
  description: 'a server applies a committed configuration entry that changes its configuration',
  actions: ['ApplySimpleConfChange'],
  reached: (from, a, to) => !sameConf(at(from, actor(a)).config, at(to, actor(a)).config),
};

// A server persists a term of 2 or more only after a Ready that follows a Timeout, a vote or a message of a
// leader; everything it can persist before that is what it started with.
export const RestartFromPersisted: EtcdWitness = {
  name: 'RestartFromPersisted',
  description: 'a server restarts from a term, vote or log it persisted after the cluster started',
  actions: ['Restart'],
  reached: (from, a) => at(from, actor(a)).durableState.currentTerm >= 2,
};

// Receive takes UpdateTerm before any handler; StepDownToFollower steps down without hearing of a term.
export const LeaderDeposed: EtcdWitness = {
  name: 'LeaderDeposed',
  description: 'a leader hears of a higher term and steps down',
  actions: ['UpdateTerm'],
  reached: (from, a) => at(from, actor(a)).state === 'Leader',
};

/** Every witness of the profile, in the order they are reported. */
export const ETCD_WITNESSES: readonly EtcdWitness[] = [
  LeaderElected,
  EntryReplicated,
  EntryCommitted,
  TwoLeaders,
  LeaderAfterCommit,
  EntryOverwritten,
  ConfigChangeApplied,
  RestartFromPersisted,
  LeaderDeposed,
];
