/**
 * A library of deliberate bugs (mutants) of the reference model. Each replaces exactly one rule of rules.ts.
 */
import type { RaftConfig } from './config.js';
import { raftRules, type RaftRules } from './rules.js';

export interface Bug {
  readonly name: string;
  readonly description: string;
  readonly rules: Partial<RaftRules>;
  /** The variants (variants.ts) whose rule the bug changes: it means something only with them on. */
  readonly variants?: readonly string[];
  /** Where the bug comes from, for the variants' bugs. */
  readonly source?: string;
}

export const BUGS: readonly Bug[] = [
  {
    name: 'no-log-check',
    description: 'a vote is granted without the log up-to-date check (§5.4.1)',
    rules: { voteLogOk: () => true },
  },
  {
    name: 'commit-old-term',
    description: "AdvanceCommitIndex commits max(A) without requiring its entry's term to be current (Figure 8)",
    rules: { mayCommit: () => true },
  },
  {
    name: 'double-vote',
    description: 'a vote is granted without looking at votedFor, so a server can vote twice in one term',
    rules: { voteAvailable: () => true },
  },
  {
    name: 'stale-vote-count',
    description: 'a RequestVoteResponse of an older term is counted (dropping it as stale stays possible)',
    rules: { countsVoteResponse: (currentTerm, responseTerm) => responseTerm <= currentTerm },
  },
  {
    name: 'no-consistency-check',
    description: 'a follower accepts AppendEntries without the prevLogIndex/prevLogTerm check (§5.3)',
    rules: { appendLogOk: () => true },
  },
  {
    name: 'forget-on-restart',
    description: 'Restart also resets currentTerm to 1 and votedFor to Nil (persistent state not persisted)',
    rules: { restartKeepsTermAndVote: false },
  },
  {
    name: 'prevote-keeps-votes',
    description:
      'a server that won its pre-vote starts the real election still holding the pre-votes in votesGranted, ' +
      'so it can become leader on votes no one cast in that term',
    rules: { electionForgetsPreVotes: false },
    variants: ['prevote'],
    source:
      'thesis §9.6 keeps pre-votes and votes apart; implementations that count both in one tally (etcd raft ' +
      'and raft-rs poll pre-votes and votes with one map) must reset it when the real election starts',
  },
  {
    name: 'reconfig-without-term-commit',
    description:
      'a new leader may append a configuration entry before it has committed an entry of its own term, so ' +
      'two changes made from one configuration by leaders of different terms can have disjoint majorities',
    rules: { configChangeNeedsTermCommit: false },
    variants: ['membership'],
    source:
      'the single-server change rule as first published (thesis §4.1); Diego Ongaro, raft-dev, "bug in ' +
      'single-server membership changes", July 2015, found it and gave the fix this bug removes',
  },
];

/** The bug with this name, or undefined. */
export function findBug(name: string): Bug | undefined {
  return BUGS.find((b) => b.name === name);
}

/** The variants bug `name` changes a rule of that `config` leaves off, sorted (without them it changes nothing). */
export function missingVariants(config: RaftConfig, name: string): string[] {
  return (findBug(name)?.variants ?? []).filter((v) => !(config.variants ?? []).includes(v)).sort();
}

/** The reference rules with every named bug's rule swapped in. Throws on an unknown name. */
export function rulesWithBugs(names: readonly string[]): RaftRules {
  let rules: RaftRules = raftRules;
  for (const name of names) {
    const bug = findBug(name);
    if (bug === undefined) throw new Error(`spec: unknown bug '${name}'`);
    rules = { ...rules, ...bug.rules };
  }
  return rules;
}
