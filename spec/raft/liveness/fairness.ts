/**
 * The action families fairness can name (`--fair`): every action kind on its own, and the groups the liveness
 * questions need. Delivery is the handling of a message in the bag (Receive, in each of its handlers: UpdateTerm
 * included); messages on a cut link are never in the bag to be handled (connectivity.ts), so fairness on
 * delivery is fairness on delivery over working links.
 */
import { ACTION_NAMES, type ActionName } from '../actions.js';

const GROUPS = {
  Deliver: [
    'UpdateTerm',
    'HandleRequestVoteRequest',
    'HandleRequestVoteResponse',
    'DropStaleResponse',
    'HandleAppendEntriesRequest',
    'HandleAppendEntriesResponse',
    'HandlePreVoteRequest',
    'HandlePreVoteResponse',
  ],
  Send: ['RequestVote', 'AppendEntries', 'RequestPreVote'],
} as const satisfies Record<string, readonly ActionName[]>;

/** The family names `--fair` accepts: the groups, then every action kind. */
export const FAMILY_NAMES: readonly string[] = [...Object.keys(GROUPS), ...ACTION_NAMES];

/** The action kinds of a family, or undefined for an unknown name. */
export function familyActions(name: string): readonly ActionName[] | undefined {
  if (name in GROUPS) return GROUPS[name as keyof typeof GROUPS];
  return (ACTION_NAMES as readonly string[]).includes(name) ? [name as ActionName] : undefined;
}

/** A fairness condition as the flags give it. */
export interface FairnessSpec {
  readonly strength: 'weak' | 'strong';
  readonly family: string;
}

/** `WF(Deliver)`, `SF(Timeout)`: TLA+'s notation, for reports. */
export function fairnessName(f: FairnessSpec): string {
  return `${f.strength === 'weak' ? 'WF' : 'SF'}(${f.family})`;
}
