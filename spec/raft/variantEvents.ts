/**
 * What implementations log for the registered variants, gathered from their modules' `events`
 * (variants/variant.ts), so that traces/validate reads a variant's events instead of naming them: the event types
 * a trace may use, what each stands for, how it parses and how the validator follows it.
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

/**
 * One event type a variant adds: the event of one of its actions (with the action's name), or the receive event
 * of one of its message types.
 */
export type VariantEventDeclaration =
  | { readonly kind: 'action'; readonly variant: string; readonly action: string; readonly event: ActionEvent }
  | { readonly kind: 'receive'; readonly variant: string; readonly message: string; readonly event: MessageEvent };

/**
 * Each module's event types, in registry order and within a module in the order a pre-vote-like exchange reads:
 * its send events, then the receive events of its messages, then its other events.
 */
function declarations(m: VariantModule): [string, VariantEventDeclaration][] {
  const variant = m.variant.name;
  const actions = Object.entries(m.events.actions).flatMap(([action, event]): [string, VariantEventDeclaration][] =>
    event === null ? [] : [[event.type, { kind: 'action', variant, action, event }]],
  );
  const receives = Object.entries(m.events.messages).flatMap(([message, event]): [string, VariantEventDeclaration][] =>
    event === null ? [] : [[event.receive, { kind: 'receive', variant, message, event }]],
  );
  const sends = actions.filter(([, d]) => d.kind === 'action' && d.event.form === 'send');
  return [...sends, ...receives, ...actions.filter((a) => !sends.includes(a))];
}

/** Every event type the variants add, with what it stands for. */
export const VARIANT_EVENTS: ReadonlyMap<string, VariantEventDeclaration> = new Map(MODULES.flatMap(declarations));
