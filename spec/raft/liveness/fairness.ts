/**
 * The action families fairness can name (`--fair`): every action kind on its own, and the groups the liveness
 * questions need. Delivery is the handling of a message in the bag (Receive, in each of its handlers: UpdateTerm
 * included); a message on a cut link (static `--links`, or cut by the partitions variant) has no Receive step
 * listed (environment.ts, variants/partitions.ts), so fairness on delivery is fairness on delivery over working
 * links.
 *
 * A family's condition is one for the whole family, TLA+'s WF_vars(\E i, j: A(i, j)): any one instance's step
 * satisfies it. `F@servers` and `F@pairs` give one condition per instance instead, \A i: WF_vars(A(i)) or
 * \A i, j: WF_vars(A(i, j)): the instance of a step is its acting server (a Receive's: the receiver) or its
 * ordered pair (a send's i→j, a Receive's source→dest).
 */
import { ACTION_NAMES, ACTION_PARAMS, unpackAction, type ActionName } from '../actions.js';
import type { ClusterReader } from '../cluster.js';
import { VARIANT_MODULES } from '../variants/registry.js';
import type { FairnessGroup, VariantModule } from '../variants/variant.js';

/** raft.tla's members of each group; each variant adds its own (its module's `liveness.fairness`), in registry order. */
const CORE_GROUPS: Readonly<Record<FairnessGroup, readonly ActionName[]>> = {
  Deliver: [
    'UpdateTerm',
    'HandleRequestVoteRequest',
    'HandleRequestVoteResponse',
    'DropStaleResponse',
    'HandleAppendEntriesRequest',
    'HandleAppendEntriesResponse',
  ],
  Send: ['RequestVote', 'AppendEntries'],
};

/** A group's kinds: raft.tla's, then every registered variant's; a name that is no action kind is refused here. */
function groupKinds(group: FairnessGroup): readonly ActionName[] {
  const declared = (VARIANT_MODULES as readonly VariantModule[]).flatMap((m) => m.liveness.fairness[group] ?? []);
  for (const name of declared) {
    if (!(ACTION_NAMES as readonly string[]).includes(name)) {
      throw new Error(`fairness: '${name}' in ${group} is not an action or handler label of any variant`);
    }
  }
  return [...CORE_GROUPS[group], ...(declared as ActionName[])];
}

const GROUPS: Readonly<Record<FairnessGroup, readonly ActionName[]>> = {
  Deliver: groupKinds('Deliver'),
  Send: groupKinds('Send'),
};

/** The family names `--fair` accepts: the groups, then every action kind. */
export const FAMILY_NAMES: readonly string[] = [...Object.keys(GROUPS), ...ACTION_NAMES];

/** The action kinds of a family, or undefined for an unknown name. */
export function familyActions(name: string): readonly ActionName[] | undefined {
  if (name in GROUPS) return GROUPS[name as FairnessGroup];
  return (ACTION_NAMES as readonly string[]).includes(name) ? [name as ActionName] : undefined;
}

/** One condition for the family, or one per acting server, or one per ordered pair of servers. */
export type FairnessInstances = 'family' | 'servers' | 'pairs';

/** A fairness condition as the flags give it (`instances` absent: the family's one condition). */
export interface FairnessSpec {
  readonly strength: 'weak' | 'strong';
  readonly family: string;
  readonly instances?: FairnessInstances;
}

/** `WF(Deliver)`, `SF(Timeout)`, `WF(AppendEntries@pairs)`: TLA+'s notation, for reports. */
export function fairnessName(f: FairnessSpec): string {
  const each = f.instances === undefined || f.instances === 'family' ? '' : `@${f.instances}`;
  return `${f.strength === 'weak' ? 'WF' : 'SF'}(${f.family}${each})`;
}

/**
 * Why a family cannot be split into `instances`, or undefined: `@pairs` needs every kind to name two servers (a
 * send i→j or a Receive), `@servers` one (every kind but DuplicateMessage and DropMessage, which name a message).
 */
export function instancesProblem(family: string, instances: FairnessInstances): string | undefined {
  if (instances === 'family') return undefined;
  for (const kind of familyActions(family) ?? []) {
    const params = ACTION_PARAMS[kind];
    if (params === 'm') return `${kind} names a message, not a server`;
    if (instances === 'pairs' && params !== 'ij' && params !== 'receive') {
      return `${kind} names one server, not a pair (${family}@servers gives one condition per server)`;
    }
  }
  return undefined;
}

/** How many conditions a spec stands for on `servers` servers. */
export function conditionCount(f: FairnessSpec, servers: number): number {
  if (f.instances === 'servers') return servers;
  if (f.instances === 'pairs') return servers * (servers - 1);
  return 1;
}

/** The instance of a step: its acting server (a Receive's receiver) and its second server (-1 when none). */
export function instanceOf(code: number, from: ClusterReader): readonly [number, number] {
  const a = unpackAction(code);
  if (ACTION_PARAMS[a.name] !== 'receive') return [a.i, ACTION_PARAMS[a.name] === 'ij' ? a.j : -1];
  const m = from.message(a.k);
  return [m.dest, m.source];
}

/**
 * The conditions a spec stands for, each with the test of its steps: `includes(code, from)` for the packed
 * action `code` taken from the state `from` (read only for a Receive's servers). Named for reports:
 * `WF(Timeout s1)`, `WF(AppendEntries s1→s2)`.
 */
export function fairnessConditions(
  f: FairnessSpec,
  servers: number,
): { readonly name: string; readonly includes: (code: number, from: () => ClusterReader) => boolean }[] {
  const kinds = new Set<string>(familyActions(f.family) ?? []);
  const inFamily = (code: number): boolean => kinds.has(ACTION_NAMES[code & 31]!);
  const w = f.strength === 'weak' ? 'WF' : 'SF';
  if (f.instances === undefined || f.instances === 'family') return [{ name: fairnessName(f), includes: inFamily }];
  const out: { name: string; includes: (code: number, from: () => ClusterReader) => boolean }[] = [];
  for (let i = 0; i < servers; i++) {
    if (f.instances === 'servers') {
      out.push({
        name: `${w}(${f.family} s${i + 1})`,
        includes: (code, from) => inFamily(code) && instanceOf(code, from())[0] === i,
      });
      continue;
    }
    for (let j = 0; j < servers; j++) {
      if (j === i) continue;
      // A send's pair is i→j (i acts); a Receive's is source→dest, its instance [dest, source].
      out.push({
        name: `${w}(${f.family} s${i + 1}→s${j + 1})`,
        includes: (code, from) => {
          if (!inFamily(code)) return false;
          const [x, y] = instanceOf(code, from());
          return ACTION_PARAMS[ACTION_NAMES[code & 31]!] === 'receive' ? y === i && x === j : x === i && y === j;
        },
      });
    }
  }
  return out;
}
