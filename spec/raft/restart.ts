/** raft.tla Restart: a server crashes and comes back, keeping only what Raft persists (paper §5.1, Figure 2). */
import type { Cluster, ServerView } from './cluster.js';
import type { VariantModule } from './variants/variant.js';
import type { RaftRules } from './rules.js';
import { SERVER_SCHEMA, type ServerFieldKind } from './schema.js';
import type { ServerId } from './types.js';

/**
 * Server i restarts as a follower: volatile state is lost; the log (and, by the rules, term and vote) survive.
 * The variants' variables are lost too unless their module declares them persistent, then each variant's
 * restart hook runs: a variant cannot forget to clear its state.
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
 * The variants' part of Restart (layout.ts keeps it per layout): their volatile variables reset, then their
 * restart hooks, in registry order; undefined for none.
 */
export function variantRestart(variants: readonly VariantModule[]): ((me: ServerView) => void) | undefined {
  const steps: ((me: ServerView) => void)[] = [];
  for (const m of variants) {
    for (const name of Object.keys(m.fields)) {
      const f = SERVER_SCHEMA[name as keyof typeof SERVER_SCHEMA] as ServerFieldKind;
      if (f.persistent !== true) steps.push(resetter(name, f));
    }
    if (m.hooks.restart !== undefined) steps.push(m.hooks.restart);
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
