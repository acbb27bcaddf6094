/**
 * An action's enabling condition, declared as data: a list of clauses, each the test the action runs and the
 * sentence that says, in the state's own values, why it is false. The checker's listing calls the tests
 * (compileListing.ts inlines them); explain.ts words a disabled action from the first clause that fails, so a
 * diagnosis is never a restated copy of a guard, and a changed guard changes its diagnosis.
 */
import type { ClusterReader } from './cluster.js';
import { maskServers } from './logEntry.js';
import type { RaftRules } from './rules.js';
import { serverName, type ServerId } from './types.js';

/**
 * One clause of a guard, over server i and the action's second parameter x (a server j, a value v, or 0).
 * `why` is asked only when `holds` is false; `action` is the action's name, for the sentence.
 */
export interface Guard {
  readonly holds: (c: ClusterReader, i: ServerId, x: number) => boolean;
  readonly why: (c: ClusterReader, i: ServerId, x: number, action: string) => string;
}

/**
 * A clause that may also read the configuration's decision rules (rules.ts), as a variant's rule does (a bug
 * replaces it). Every `Guard` is one; a list that holds one that reads the rules is tested with them.
 */
export interface RuleGuard {
  readonly holds: (c: ClusterReader, i: ServerId, x: number, rules: RaftRules) => boolean;
  readonly why: (c: ClusterReader, i: ServerId, x: number, action: string, rules: RaftRules) => string;
}

/** Whether every clause holds; `rules` is required once a clause may read them. */
export function guardsHold(guards: readonly Guard[], c: ClusterReader, i: ServerId, x: number): boolean;
export function guardsHold(
  guards: readonly RuleGuard[],
  c: ClusterReader,
  i: ServerId,
  x: number,
  rules: RaftRules,
): boolean;
export function guardsHold(
  guards: readonly RuleGuard[],
  c: ClusterReader,
  i: ServerId,
  x: number,
  rules?: RaftRules,
): boolean {
  // Without `rules` the overloads allow only clauses that read none.
  for (const g of guards) if (!g.holds(c, i, x, rules as RaftRules)) return false;
  return true;
}

/** The sentence of the first clause that fails, or undefined when all hold. */
export function whyNot(
  guards: readonly RuleGuard[],
  c: ClusterReader,
  i: ServerId,
  x: number,
  action: string,
  rules: RaftRules,
): string | undefined {
  for (const g of guards) if (!g.holds(c, i, x, rules)) return g.why(c, i, x, action, rules);
  return undefined;
}

/** The sentence of a role clause: `s1 is Follower; BecomeLeader needs Candidate`. */
export function wrongRole(c: ClusterReader, i: ServerId, action: string, needs: string): string {
  return `${serverName(i)} is ${c.server(i).state}; ${action} needs ${needs}`;
}

/**
 * The sentence of a role clause as the trace validator words its events' (and replay a variant's action):
 * `s1 is Follower, not the Leader`.
 */
export function notInRole(c: ClusterReader, i: ServerId, needed: string): string {
  return `${serverName(i)} is ${c.server(i).state}, not ${needed}`;
}

/** A configuration as a trace's events name it and the validator's diagnoses show it: `[s1, s2]`. */
export function formatConfig(mask: number): string {
  return `[${maskServers(mask).map(serverName).join(', ')}]`;
}

/** A bit mask of servers as a diagnosis shows it: `{s1, s3}`. */
export function formatMembers(mask: number): string {
  return `{${maskServers(mask).map(serverName).join(', ')}}`;
}
