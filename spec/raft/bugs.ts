/**
 * A library of deliberate bugs (mutants) of the reference model. Each replaces exactly one rule of rules.ts.
 */
import type { RaftConfig } from './config.js';
import { raftRules, type RaftRules } from './rules.js';
import { VARIANT_MODULES, type VariantName } from './variants/registry.js';

export interface Bug {
  readonly name: string;
  readonly description: string;
  readonly rules: Partial<RaftRules>;
  /** The variants whose rule the bug changes: it means something only with them on. */
  readonly variants?: readonly VariantName[];
  /** Where the bug comes from, for the variants' bugs. */
  readonly source?: string;
  /**
   * The temporal property that catches it, for a liveness bug: one that only takes steps away (so every
   * invariant still holds) and that no invariant is meant to catch (docs/liveness.md, result 4).
   */
  readonly liveness?: string;
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
  // The variants' bugs, from their modules (variants/registry.ts).
  ...VARIANT_MODULES.flatMap((m) => m.bugs),
  // Liveness bugs: safe by design, caught by a temporal property and by no invariant.
  {
    name: 'commit-needs-all',
    description:
      'AdvanceCommitIndex commits only an entry every member holds, not a quorum: safe, but one server cut off ' +
      'stops every commit (a liveness bug: no invariant catches it, CommitProgress does; docs/liveness.md)',
    liveness: 'CommitProgress',
    rules: { commitsWith: (replicas, members) => (replicas & members) === members },
  },
];

/** The mutants an invariant can catch: every one but the liveness bugs. */
export const SAFETY_BUGS: readonly Bug[] = BUGS.filter((b) => b.liveness === undefined);

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
