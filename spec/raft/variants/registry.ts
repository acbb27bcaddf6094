/**
 * The one list of protocol variants (docs/variants.md, docs/adding-a-variant.md). Everything that depends on
 * which variants exist is derived from this list: the schema's variables, roles and messages (schema.ts), the
 * action names and their codes (actions.ts), the listing order (next.ts), the Receive (receive.ts), the rules
 * and bugs (rules.ts, bugs.ts), the CLI's `--variant` names, the explorer's form, coverage and the docs' table.
 *
 * A variant is one line here. Its order fixes where its variables, roles, messages and actions come after
 * raft.tla's (and after the variants above it), so a new variant goes at the end and the others' codes and
 * counts stay as they are.
 */
import type { VariantModule } from './variant.js';
import * as prevote from './prevote.js';
import * as checkQuorum from './checkQuorum.js';
import * as membership from './membership.js';
import * as leadershipTransfer from './leadershipTransfer.js';
import * as partitions from './partitions.js';

export const VARIANT_MODULES = [
  prevote,
  checkQuorum,
  membership,
  leadershipTransfer,
  partitions,
] as const satisfies readonly VariantModule[];

export type VariantModules = typeof VARIANT_MODULES;

/** A variant's name: only a registered variant's name type-checks. */
export type VariantName = VariantModules[number]['variant']['name'];

// Each message type a variant declares has its handler: a missing one is a type error naming it here.
type Missing<M> = M extends { messages: infer Ms; handlers: infer H } ? Exclude<keyof Ms, keyof H> : never;
type MissingHandlers = Missing<VariantModules[number]>;
export const everyMessageHandled: [MissingHandlers] extends [never] ? true : MissingHandlers = true;

// Each action and message type a variant declares says what implementations log for it (`events`, null: nothing).
type Unlogged<M> = M extends {
  actions: readonly (infer A)[];
  messages: infer Ms;
  events: { actions: infer EA; messages: infer EM };
}
  ? Exclude<A extends { name: infer N } ? N : never, keyof EA> | Exclude<keyof Ms, keyof EM>
  : never;
type MissingEvents = Unlogged<VariantModules[number]>;
export const everyEventDeclared: [MissingEvents] extends [never] ? true : MissingEvents = true;
