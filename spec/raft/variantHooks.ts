/**
 * The hooks of the variants a configuration switches on, composed once per Cluster (cluster.ts), so that the
 * core's actions call each with one test and never name a variant.
 */
import type { ServerView } from './cluster.js';
import { variantRestart } from './restart.js';
import type { VariantHooks, VariantModule } from './variants/variant.js';

type ServerHook = (me: ServerView) => void;

/** The hooks run one after the other, or undefined for none (so the core skips them with one test). */
function chain(hooks: readonly ServerHook[]): ServerHook | undefined {
  if (hooks.length <= 1) return hooks[0];
  return (me) => {
    for (const hook of hooks) hook(me);
  };
}

/** What the core asks of the variants that are on. */
export interface ActiveHooks {
  /** The configuration a server uses (configuration.ts); undefined: the layout's initial one. */
  readonly configuration: VariantHooks['configuration'];
  /** The variants' part of Restart (restart.ts). */
  readonly onRestart: ServerHook | undefined;
  readonly onUpdateTerm: ServerHook | undefined;
  readonly onBecomeLeader: ServerHook | undefined;
}

/** The hooks of `variants`, in registry order. */
export function activeHooks(variants: readonly VariantModule[]): ActiveHooks {
  const configurations = variants.flatMap((m) => m.hooks.configuration ?? []);
  if (configurations.length > 1) throw new Error('spec: two variants give the configuration');
  return {
    configuration: configurations[0],
    onRestart: variantRestart(variants),
    onUpdateTerm: chain(variants.flatMap((m) => m.hooks.updateTerm ?? [])),
    onBecomeLeader: chain(variants.flatMap((m) => m.hooks.becomeLeader ?? [])),
  };
}
