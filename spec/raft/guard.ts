/**
 * An action's enabling condition, declared as data: a list of clauses, each the test the action runs and the
 * sentence that says, in the state's own values, why it is false. The checker's listing calls the tests
 * (compileListing.ts inlines them); explain.ts words a disabled action from the first clause that fails, so a
 * diagnosis is never a restated copy of a guard, and a changed guard changes its diagnosis.
 */
import type { ClusterReader } from './cluster.js';
import { maskServers } from './logEntry.js';
import { serverName, type ServerId } from './types.js';

/**
 * One clause of a guard, over server i and the action's second parameter x (a server j, a value v, or 0).
 * `why` is asked only when `holds` is false; `action` is the action's name, for the sentence.
 */
export interface Guard {
  readonly holds: (c: ClusterReader, i: ServerId, x: number) => boolean;
  readonly why: (c: ClusterReader, i: ServerId, x: number, action: string) => string;
}

/** Whether every clause holds. */
export function guardsHold(guards: readonly Guard[], c: ClusterReader, i: ServerId, x: number): boolean {
  for (const g of guards) if (!g.holds(c, i, x)) return false;
  return true;
}

/** The sentence of the first clause that fails, or undefined when all hold. */
export function whyNot(
  guards: readonly Guard[],
  c: ClusterReader,
  i: ServerId,
  x: number,
  action: string,
): string | undefined {
  for (const g of guards) if (!g.holds(c, i, x)) return g.why(c, i, x, action);
  return undefined;
}

/** The sentence of a role clause: `s1 is Follower; BecomeLeader needs Candidate`. */
export function wrongRole(c: ClusterReader, i: ServerId, action: string, needs: string): string {
  return `${serverName(i)} is ${c.server(i).state}; ${action} needs ${needs}`;
}

/** A bit mask of servers as a diagnosis shows it: `{s1, s3}`. */
export function formatMembers(mask: number): string {
  return `{${maskServers(mask).map(serverName).join(', ')}}`;
}
