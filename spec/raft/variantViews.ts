/**
 * How the registered variants show to people, gathered from their modules' `view` (variants/variant.ts), so that
 * the explorer's cards and format.ts name no variant.
 */
import { VARIANT_MODULES } from './variants/registry.js';
import type { VariantModule, ViewMessage, ViewRow } from './variants/variant.js';

const MODULES = VARIANT_MODULES as readonly VariantModule[];

/** The variants' rows of a server card, in registry order. */
export const VARIANT_SERVER_ROWS: readonly ViewRow[] = MODULES.flatMap((m) => m.view.serverRows);

/** The roles, besides Candidate, whose servers show their vote tallies. */
export const TALLY_ROLES: ReadonlySet<string> = new Set(['Candidate', ...MODULES.flatMap((m) => m.view.tallyRoles)]);

/** The variants' compact renderings of their message types' fields, by type. */
export const VARIANT_MESSAGE_FIELDS: ReadonlyMap<string, (m: ViewMessage) => string> = new Map(
  MODULES.flatMap((m) => Object.entries(m.view.messageFields)),
);

/** The two-server actions whose j is the server acted on (printed `i j`). */
export const TARGET_ACTIONS: ReadonlySet<string> = new Set(MODULES.flatMap((m) => m.view.targetActions));
