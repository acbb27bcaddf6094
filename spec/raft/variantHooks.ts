/**
 * The hooks of the variants a configuration switches on, composed once per Cluster (cluster.ts), so that the
 * core's actions call each with one test and never name a variant.
 */
import type { ServerView } from './cluster.js';
import { variantStep } from './restart.js';
import type { VariantHooks, VariantModule } from './variants/variant.js';

type ServerHook = (me: ServerView) => void;

/** What the core asks of the variants that are on. */
export interface ActiveHooks {
  /** The configuration a server uses (configuration.ts); undefined: the layout's initial one. */
  readonly configuration: VariantHooks['configuration'];
  /** The variants' part of Restart (restart.ts). */
  readonly onRestart: ServerHook | undefined;
  readonly onUpdateTerm: ServerHook | undefined;
  readonly onBecomeLeader: ServerHook | undefined;
  /** HandleAppendEntriesRequest's step-down of a variant's role (VariantHooks.leaderHeard), in registry order. */
  readonly onLeaderHeard: ((me: ServerView) => boolean) | undefined;
}

/** The hooks of `variants`, in registry order. */
export function activeHooks(variants: readonly VariantModule[]): ActiveHooks {
  const configurations = variants.flatMap((m) => m.hooks.configuration ?? []);
  if (configurations.length > 1) throw new Error('spec: two variants give the configuration');
  return {
    configuration: configurations[0],
    onRestart: variantStep(variants, 'Restart', (m) => m.hooks.restart),
    onUpdateTerm: variantStep(variants, 'UpdateTerm', (m) => m.hooks.updateTerm),
    onBecomeLeader: variantStep(variants, 'BecomeLeader', (m) => m.hooks.becomeLeader),
    onLeaderHeard: anyOf(variants.flatMap((m) => m.hooks.leaderHeard ?? [])),
  };
}

/** The hooks as one, true when one of them is (the first that is: one step-down per step); undefined for none. */
function anyOf(hooks: readonly ((me: ServerView) => boolean)[]): ((me: ServerView) => boolean) | undefined {
  if (hooks.length <= 1) return hooks[0];
  return (me) => hooks.some((h) => h(me));
}
