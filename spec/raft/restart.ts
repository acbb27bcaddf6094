/** raft.tla Restart: a server crashes and comes back, keeping only what Raft persists (paper §5.1, Figure 2). */
import type { Cluster, ServerView } from './cluster.js';
import type { ResetStep, VariantModule } from './variants/variant.js';
import type { RaftRules } from './rules.js';
import type { ServerFieldKind } from './schema.js';
import type { ServerId } from './types.js';

/**
 * Server i restarts as a follower: volatile state is lost; the log (and, by the rules, term and vote) survive.
 * The variants' variables whose `resetOn` names Restart are reset too, then each variant's restart hook runs:
 * a variant cannot forget to clear its state.
 */
export function restart(c: Cluster, i: ServerId, rules: RaftRules): boolean {
  const me = c.server(i);
  me.state = 'Follower';
  me.votesResponded.clear();
  me.votesGranted.clear();
  me.nextIndex.fill(1);
  me.matchIndex.fill(0);
  me.commitIndex = 0;
  if (!rules.restartKeepsTermAndVote) {
    me.currentTerm = 1;
    me.votedFor = null;
  }
  const variants = c.hooks.onRestart;
  if (variants !== undefined) variants(me);
  return true;
}

/**
 * The variants' part of core step `step` (variantHooks.ts keeps one per Cluster): the variables whose `resetOn`
 * names it set back to their initial values, then the variants' hooks for it, in registry order; undefined for
 * none.
 */
export function variantStep(
  variants: readonly VariantModule[],
  step: ResetStep,
  hook: (m: VariantModule) => ((me: ServerView) => void) | undefined,
): ((me: ServerView) => void) | undefined {
  const steps: ((me: ServerView) => void)[] = [];
  for (const m of variants) {
    for (const [name, f] of Object.entries(m.fields)) if (f.resetOn.includes(step)) steps.push(resetter(name, f));
    const h = hook(m);
    if (h !== undefined) steps.push(h);
  }
  if (steps.length === 0) return undefined;
  return (me) => {
    for (const step of steps) step(me);
  };
}

/** Sets a one-word variable back to its initial value. */
function resetter(name: string, f: ServerFieldKind): (me: ServerView) => void {
  switch (f.kind) {
    case 'servers':
      return (me) => {
        (me as unknown as Record<string, { clear(): void }>)[name]!.clear();
      };
    case 'bool':
      return (me) => ((me as unknown as Record<string, boolean>)[name] = false);
    case 'server?':
      return (me) => ((me as unknown as Record<string, null>)[name] = null);
    case 'int':
    case 'enum':
      return (me) => ((me as unknown as Record<string, unknown>)[name] = f.initial);
    case 'perServer':
    case 'log':
      throw new Error(`schema: variant variable '${name}' must take one word`);
  }
}
