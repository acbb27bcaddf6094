/**
 * Vacuity for a user's invariant (`--invariants-file`). A built-in invariant names the witness whose situation it
 * is about (witnesses.ts), and a run that never reaches it says the invariant held vacuously; a user's invariant
 * may name one too (`export const Inv = Object.assign((s) => ..., { witness: 'LeaderElected' })`). One that names
 * none is read here instead: the roles, message types and variables its source tests, against the model it ran
 * on. An invariant that never failed while testing a value no state of the model can take (a role or message
 * type of a variant that is off, or a misspelt one) or reading a variant's variable the model does not hold held
 * vacuously, and the run says so. This reads the source text, so it sees only names written out as literals or
 * properties; it can warn, never prove.
 *
 * A value the model can have may still be one no state the run explored had ('Leader' when no election completes
 * within --max-term): the run watches for the values such invariants test (`valueWitness`, a witness of its own
 * that stops being asked once reached), and one that never failed while testing a value no explored state had
 * held vacuously too (`unseenValues`). Only a run with such an invariant watches, so any other pays nothing.
 */
import { ACTION_NAMES } from './actions.js';
import type { ClusterReader } from './cluster.js';
import { MESSAGE_TYPES, SERVER_SCHEMA } from './schema.js';
import { RAFT_WITNESSES, type RaftWitness } from './witnesses.js';
import { VARIANT_MODULES } from './variants/registry.js';
import type { VariantModule } from './variants/variant.js';
import { editDistance } from './nearestName.js';

/** What a variant adds that an invariant can test or read: its roles, message types and variables. */
function variantNames(m: VariantModule): { values: string[]; variables: string[] } {
  return { values: [...m.roles, ...Object.keys(m.messages)], variables: Object.keys(m.fields) };
}

const MODULES = VARIANT_MODULES as readonly VariantModule[];

/** Every role and message type of the schema, the variants' included. */
const ALL_VALUES: readonly string[] = [...SERVER_SCHEMA.state.values, ...MESSAGE_TYPES];

/** raft.tla's roles and message types: values of every model. */
const CORE_VALUES = ALL_VALUES.filter((v) => !MODULES.some((m) => variantNames(m).values.includes(v)));

/** The roles of the schema, the variants' included. */
const ROLES: readonly string[] = SERVER_SCHEMA.state.values;

/** The roles and message types of a model with the variants `variants` on. */
function modelValues(variants: readonly string[]): Set<string> {
  const known = new Set(CORE_VALUES);
  for (const m of MODULES) if (variants.includes(m.variant.name)) variantNames(m).values.forEach((v) => known.add(v));
  return known;
}

/** The names `source` writes out as string literals. */
function literalsOf(source: string): Set<string> {
  return new Set([...source.matchAll(/(['"`])([A-Za-z][A-Za-z0-9]*)\1/g)].map((x) => x[2]!));
}

/** The witnesses a user's invariant may name: raft.tla's and every variant's. */
export const WITNESS_NAMES: readonly string[] = [...RAFT_WITNESSES, ...MODULES.flatMap((m) => m.witnesses)].map(
  (w) => w.name,
);

/**
 * Why an invariant that names the witness `name` held only vacuously on a model with the variants `variants` on,
 * when the witness is a variant's that is off (the run cannot reach it, so it never watched it); else undefined.
 */
export function witnessOff(name: string, variants: readonly string[]): string | undefined {
  const owner = MODULES.find((m) => m.witnesses.some((w) => w.name === name))?.variant.name;
  if (owner === undefined || variants.includes(owner)) return undefined;
  return `it names the witness ${name}, which only ${owner} has, and ${owner} is off`;
}

/**
 * Why the invariant whose source is `source` may have held only vacuously on a model with the variants
 * `variants` on: one sentence per value or variable it tests that no state of that model has; [] when none.
 */
export function userVacuity(source: string, variants: readonly string[]): string[] {
  const reasons: string[] = [];
  const known = modelValues(variants);
  const literals = literalsOf(source);
  const properties = new Set([...source.matchAll(/\.\s*([A-Za-z_$][\w$]*)/g)].map((x) => x[1]!));
  for (const m of MODULES) {
    if (variants.includes(m.variant.name)) continue;
    const { values, variables } = variantNames(m);
    for (const v of values.filter((v) => literals.has(v))) {
      reasons.push(`it tests '${v}', which only ${m.variant.name} has, and ${m.variant.name} is off`);
    }
    for (const v of variables.filter((v) => properties.has(v) || literals.has(v))) {
      reasons.push(`it reads ${v}, ${m.variant.name}'s variable, and ${m.variant.name} is off`);
    }
  }
  for (const literal of literals) {
    if (known.has(literal) || ALL_VALUES.includes(literal)) continue;
    const near = ALL_VALUES.find((v) => editDistance(v, literal) <= 2);
    if (near !== undefined) reasons.push(`it tests '${literal}', which no state has (not '${near}'?)`);
  }
  return reasons;
}

/** The roles and message types a model with `variants` on can have that `source` tests, in the schema's order. */
export function testedValues(source: string, variants: readonly string[]): string[] {
  const known = modelValues(variants);
  const literals = literalsOf(source);
  return ALL_VALUES.filter((v) => known.has(v) && literals.has(v));
}

/** The roles some server of `c` has and the types of the messages in its bag. */
export function valuesIn(c: ClusterReader): Set<string> {
  const out = new Set<string>();
  for (let x = 0; x < c.n; x++) out.add(c.server(x).state);
  for (let k = 0; k < c.messageCount; k++) out.add(c.message(k).type);
  return out;
}

/** The name of `valueWitness(value)`; it is no witness of witnesses.ts, so reports keep it apart. */
export function seenWitnessName(value: string): string {
  return `seen ${value}`;
}

function hasRole(c: ClusterReader, role: string): boolean {
  for (let x = 0; x < c.n; x++) if (c.server(x).state === role) return true;
  return false;
}

function hasMessage(c: ClusterReader, type: string): boolean {
  for (let k = 0; k < c.messageCount; k++) if (c.message(k).type === type) return true;
  return false;
}

/**
 * A witness reached by the first step to a state that has `value`, a role (some server has it) or a message type
 * (a message of it is in the bag). Any action may bring either about (a variant's too), so every step asks it,
 * until it is reached; breadth-first order makes its length, like any witness's, the same for any --workers.
 */
export function valueWitness(value: string): RaftWitness {
  const role = ROLES.includes(value);
  return {
    name: seenWitnessName(value),
    description: role ? `some server is ${value}` : `a ${value} message is in flight`,
    actions: ACTION_NAMES,
    reached: role ? (_from, _code, to) => hasRole(to, value) : (_from, _code, to) => hasMessage(to, value),
  };
}

/**
 * Why the invariant whose source is `source`, on a model with `variants` on, held only vacuously on the states
 * looked at (`where`: 'explored', or 'of the trace'): one sentence per role or message type it tests that is one
 * of `unseen`, the values none of those states had; [] when none.
 */
export function unseenValues(
  source: string,
  variants: readonly string[],
  unseen: ReadonlySet<string>,
  where = 'explored',
): string[] {
  const states = where === 'explored' ? 'no explored state' : `no state ${where}`;
  return testedValues(source, variants)
    .filter((v) => unseen.has(v))
    .map((v) => `it tests '${v}', ${ROLES.includes(v) ? 'a role' : 'a message type'} ${states} had`);
}
