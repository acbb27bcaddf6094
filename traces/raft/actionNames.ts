/**
 * Every action name of the Raft model (raft.tla's, the Receive handlers included, and every variant's), so that
 * a trace naming an action the model does not have is told so, not that the action "is not enabled". Taken from
 * the one list of action names (spec/raft/actions.ts), which the variants' modules extend.
 */
import { ACTION_NAMES } from '../../spec/raft/actions.js';

/** The Raft model's action names. */
export const RAFT_ACTION_NAMES: readonly string[] = ACTION_NAMES;

const NAMES = new Set<string>(ACTION_NAMES);

/** True when `name` is one of the Raft model's actions (`Receive` included: labels may start with it). */
export function isRaftActionName(name: string): boolean {
  return name === 'Receive' || NAMES.has(name);
}
