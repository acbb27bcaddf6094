/**
 * Vacuity for a user's invariant (`--invariants-file`). A built-in invariant names the witness whose situation it
 * is about (witnesses.ts), and a run that never reaches it says the invariant held vacuously; a user's invariant
 * may name one too (`export const Inv = Object.assign((s) => ..., { witness: 'LeaderElected' })`). One that names
 * none is read here instead: the roles, message types and variables its source tests, against the model it ran
 * on. An invariant that never failed while testing a value no state of the model can take (a role or message
 * type of a variant that is off, or a misspelt one) or reading a variant's variable the model does not hold held
 * vacuously, and the run says so. This reads the source text, so it sees only names written out as literals or
 * properties; it can warn, never prove.
 */
import { MESSAGE_TYPES, SERVER_SCHEMA } from './schema.js';
import { RAFT_WITNESSES } from './witnesses.js';
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

/** The witnesses a user's invariant may name. */
export const WITNESS_NAMES: readonly string[] = RAFT_WITNESSES.map((w) => w.name);

/**
 * Why the invariant whose source is `source` may have held only vacuously on a model with the variants
 * `variants` on: one sentence per value or variable it tests that no state of that model has; [] when none.
 */
export function userVacuity(source: string, variants: readonly string[]): string[] {
  const reasons: string[] = [];
  const known = new Set(CORE_VALUES);
  for (const m of MODULES) if (variants.includes(m.variant.name)) variantNames(m).values.forEach((v) => known.add(v));
  const literals = new Set([...source.matchAll(/(['"`])([A-Za-z][A-Za-z0-9]*)\1/g)].map((x) => x[2]!));
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
