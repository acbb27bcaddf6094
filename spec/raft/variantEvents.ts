/**
 * What implementations log for the registered variants, gathered from their modules' `events`
 * (variants/variant.ts), so that traces/validate reads a variant's events instead of naming them.
 */
import { VARIANT_MODULES } from './variants/registry.js';
import type { ActionEvent, MessageEvent, VariantModule } from './variants/variant.js';

const MODULES = VARIANT_MODULES as readonly VariantModule[];

/** The variants' actions, each with its event or null (none). */
export const VARIANT_ACTION_EVENTS: ReadonlyMap<string, ActionEvent | null> = new Map(
  MODULES.flatMap((m) => Object.entries(m.events.actions)),
);

/** The variants' message types, each with its events or null (none). */
export const VARIANT_MESSAGE_EVENTS: ReadonlyMap<string, MessageEvent | null> = new Map(
  MODULES.flatMap((m) => Object.entries(m.events.messages)),
);

/** The roles the variants add, each with its variant's name (as an event's `role` field may name them). */
export const VARIANT_ROLES: readonly { readonly role: string; readonly variant: string }[] = MODULES.flatMap((m) =>
  m.roles.map((role) => ({ role, variant: m.variant.name })),
);
