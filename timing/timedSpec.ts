/**
 * The spec actions the timed scheduler takes, for one set of variants, on Immutable.js values. They are the spec's
 * own actions (election.ts, replication.ts, receive.ts) run through values.ts's `onValue`, exactly as next.ts
 * runs them: the variant decides which Timeout and which Receive are used, once, when the scheduler is built.
 *
 * Why not values.ts's `timeout` and raft.tla's Receive: with prevote, a timer firing is prevote's
 * Timeout (a pre-vote round, no new term), and a PreVoteRequest must not go through UpdateTerm; with
 * check-quorum, a leader's Receive of an AppendEntriesResponse records who answered. next.ts picks these per
 * configuration (receiverFor, preVoteTimeout); this module picks them the same way and hands the Receive to
 * values.ts's `receive`.
 */
import * as election from '../spec/raft/election.js';
import type { Message } from '../spec/raft/messages.js';
import { receiverFor } from '../spec/raft/receive.js';
import { checkQuorum as checkQuorumOnCluster } from '../spec/raft/replication.js';
import type { RaftRules } from '../spec/raft/rules.js';
import type { ClusterState } from '../spec/raft/state.js';
import type { ServerId } from '../spec/raft/types.js';
import { onValue, receive, type Received } from '../spec/raft/values.js';
import type { VariantFlags } from '../spec/raft/variants.js';

/** The actions whose meaning a variant changes, chosen once for a set of variants. */
export interface TimedSpec {
  readonly variants: VariantFlags;
  /** What a firing election timer does: raft.tla Timeout, or prevote's Timeout (a pre-vote round). */
  timeout(s: ClusterState, i: ServerId): ClusterState | undefined;
  /** What server i then sends to j: RequestVote, or prevote's RequestPreVote. */
  solicit(s: ClusterState, i: ServerId, j: ServerId): ClusterState | undefined;
  /** prevote's StartElection (undefined when disabled, or prevote is off). */
  startElection(s: ClusterState, i: ServerId, rules: RaftRules): ClusterState | undefined;
  /** check-quorum's CheckQuorum (undefined when disabled, or check-quorum is off). */
  checkQuorum(s: ClusterState, i: ServerId): ClusterState | undefined;
  /** Receive of `m` (in `s`'s bag) under the variants' Receive: every way m.dest can receive it. */
  receive(s: ClusterState, m: Message, rules: RaftRules): Received[];
}

/** The timed actions of the variants `variants`. */
export function timedSpec(variants: VariantFlags): TimedSpec {
  const receiver = receiverFor(variants);
  const prevote = variants.prevote;
  return {
    variants,
    timeout: (s, i) => onValue(s, (c) => (prevote ? election.preVoteTimeout(c, i) : election.timeout(c, i))),
    solicit: (s, i, j) =>
      onValue(s, (c) => (prevote ? election.requestPreVote(c, i, j) : election.requestVote(c, i, j))),
    startElection: (s, i, rules) => (prevote ? onValue(s, (c) => election.startElection(c, i, rules)) : undefined),
    checkQuorum: (s, i) => (variants.checkQuorum ? onValue(s, (c) => checkQuorumOnCluster(c, i)) : undefined),
    receive: (s, m, rules) => receive(s, m, rules, receiver),
  };
}
