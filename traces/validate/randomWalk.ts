/**
 * Seeded random walks of the spec, grouped the way an implementation logs them: a receive is taken through to
 * the step that consumes its message (see events.ts), everything else is one step. Used to generate traces that
 * must validate (tests, bench/validateBench.ts). The generator is our own tiny mulberry32, so a seed gives the
 * same walk on every platform and Node version.
 */
import type { RaftAction } from '../../spec/raft/actions.js';
import type { RaftModel } from '../../spec/raft/model.js';
import { next } from '../../spec/raft/values.js';
import { initialState, type ClusterState } from '../../spec/raft/state.js';
import { brokenBound } from './steps.js';

/** mulberry32: a 32-bit seeded generator of floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One logged step: the spec actions it took (several only for a receive) and the states around them. */
export interface WalkStep {
  readonly before: ClusterState;
  readonly actions: readonly RaftAction[];
  readonly after: ClusterState;
}

function isNetwork(a: RaftAction): boolean {
  return a.kind === 'DuplicateMessage' || a.kind === 'DropMessage';
}

/** A receive step that leaves its message in the network for a later step of the same receive. */
function keepsMessage(a: RaftAction): boolean {
  return a.kind === 'Receive' && (a.handler === 'UpdateTerm' || ['stepDown', 'conflict', 'append'].includes(a.outcome));
}

/** Takes `first` and, for a receive, the steps after it on the same message; undefined if a bound stops it. */
function completeStep(
  model: RaftModel,
  s: ClusterState,
  first: { action: RaftAction; state: ClusterState },
): WalkStep | undefined {
  const actions = [first.action];
  let state = first.state;
  let last = first.action;
  while (keepsMessage(last)) {
    const m = last.kind === 'Receive' ? last.m : undefined;
    const more = next(state, model.config, model.rules).find((t) => t.action.kind === 'Receive' && t.action.m === m);
    if (more === undefined || brokenBound(model, more.state) !== undefined) return undefined;
    actions.push(more.action);
    state = more.state;
    last = more.action;
  }
  return { before: s, actions, after: state };
}

/** How often each kind of step is chosen, relative to the others: rare crashes and timeouts let leaders work. */
const WEIGHTS: Partial<Record<RaftAction['kind'], number>> = { Restart: 0.02, Timeout: 0.1 };

/** Picks a step: first a kind, by weight among the kinds enabled, then one of its steps uniformly. */
function pick<T extends { action: RaftAction }>(enabled: readonly T[], random: () => number): T {
  const kinds = [...new Set(enabled.map((t) => t.action.kind))];
  const total = kinds.reduce((sum, k) => sum + (WEIGHTS[k] ?? 1), 0);
  let x = random() * total;
  let kind = kinds[kinds.length - 1]!;
  for (const k of kinds) {
    x -= WEIGHTS[k] ?? 1;
    if (x < 0) {
      kind = k;
      break;
    }
  }
  const ofKind = enabled.filter((t) => t.action.kind === kind);
  return ofKind[Math.floor(random() * ofKind.length)]!;
}

/**
 * A walk of `length` logged steps (network steps, which implementations do not log, come on top), choosing a
 * network step with probability `networkShare` when one is enabled. Stops early only if nothing is enabled.
 */
export function randomWalk(model: RaftModel, length: number, seed: number, networkShare = 0.1): WalkStep[] {
  const random = mulberry32(seed);
  const steps: WalkStep[] = [];
  let s = initialState(model.config.servers);
  let logged = 0;
  while (logged < length) {
    const enabled = next(s, model.config, model.rules).filter((t) => brokenBound(model, t.state) === undefined);
    const network = enabled.filter((t) => isNetwork(t.action));
    const other = enabled.filter((t) => !isNetwork(t.action));
    const pool = network.length > 0 && (other.length === 0 || random() < networkShare) ? network : other;
    let step: WalkStep | undefined;
    for (let tries = 0; step === undefined && tries < 20 && pool.length > 0; tries++) {
      step = completeStep(model, s, pick(pool, random));
    }
    if (step === undefined) break;
    steps.push(step);
    s = step.after;
    if (!isNetwork(step.actions[0]!)) logged++;
  }
  return steps;
}
