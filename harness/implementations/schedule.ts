/**
 * What one run of an implementation under test is made of: a fault mix (how the network misbehaves, how many
 * crashes, partitions and client requests) and, drawn from it with a seed, a schedule: the list of actions the
 * harness takes at given simulated times. The network's per-message choices (loss, duplication, delay) come from
 * their own seeded stream. A schedule is data, so a failing run can be shrunk by removing actions from it.
 */
import { mixSeed, Random } from '../../checker/random.js';

export interface FaultMix {
  readonly name: string;
  readonly servers: number;
  /** Simulated milliseconds the run lasts. */
  readonly duration: number;
  readonly requests: number;
  /** Probability that a message is lost, or is delivered twice. */
  readonly loss: number;
  readonly duplicate: number;
  /** A message is delivered after a delay drawn uniformly in [minDelay, maxDelay] ms (so they reorder). */
  readonly minDelay: number;
  readonly maxDelay: number;
  readonly partitions: number;
  readonly crashes: number;
}

export type Action =
  | { readonly at: number; readonly kind: 'request'; readonly value: string }
  | { readonly at: number; readonly kind: 'crash'; readonly node: number; readonly downFor: number }
  | { readonly at: number; readonly kind: 'partition'; readonly side: readonly number[]; readonly healAfter: number };

export interface Schedule {
  readonly seed: number;
  readonly mix: FaultMix;
  /** Ordered by time. */
  readonly actions: readonly Action[];
  /** The run stops at this simulated time. */
  readonly horizon: number;
}

const base = { servers: 3, duration: 3000, requests: 3, minDelay: 1, maxDelay: 20, partitions: 0, crashes: 0 };

/** The fault mixes a campaign cycles through; `quiet` has only delays (messages still reorder). */
export const FAULT_MIXES: readonly FaultMix[] = [
  { ...base, name: 'quiet', loss: 0, duplicate: 0 },
  { ...base, name: 'loss', loss: 0.1, duplicate: 0 },
  { ...base, name: 'duplicate', loss: 0, duplicate: 0.1 },
  { ...base, name: 'slow', loss: 0, duplicate: 0, maxDelay: 250 },
  { ...base, name: 'partition', loss: 0, duplicate: 0, partitions: 2 },
  { ...base, name: 'crash', loss: 0, duplicate: 0, crashes: 2 },
  { ...base, name: 'everything', loss: 0.05, duplicate: 0.05, maxDelay: 120, partitions: 1, crashes: 1 },
  { ...base, name: 'five', servers: 5, loss: 0.05, duplicate: 0.05, maxDelay: 60, partitions: 1, crashes: 1 },
];

export function findMix(name: string): FaultMix | undefined {
  return FAULT_MIXES.find((m) => m.name === name);
}

/** The schedule of `mix` for `seed`: the same seed always gives the same schedule. */
export function drawSchedule(mix: FaultMix, seed: number): Schedule {
  const r = new Random(mixSeed(seed, 0x5c4ed));
  const at = (): number => 200 + r.below(Math.max(1, mix.duration - 400));
  const actions: Action[] = [];
  for (let k = 1; k <= mix.requests; k++) actions.push({ at: at(), kind: 'request', value: `v${k}` });
  for (let k = 0; k < mix.crashes; k++) {
    actions.push({ at: at(), kind: 'crash', node: r.below(mix.servers), downFor: 50 + r.below(600) });
  }
  for (let k = 0; k < mix.partitions; k++) {
    const side = [...Array(mix.servers).keys()].filter(() => r.below(2) === 0);
    if (side.length === 0 || side.length === mix.servers) side.splice(0, side.length, r.below(mix.servers));
    actions.push({ at: at(), kind: 'partition', side, healAfter: 100 + r.below(800) });
  }
  actions.sort((a, b) => a.at - b.at);
  return { seed, mix, actions, horizon: mix.duration };
}

/** The values a schedule's requests name, in order (the trace's header lists them). */
export function scheduleValues(s: Schedule): string[] {
  return s.actions.flatMap((a) => (a.kind === 'request' ? [a.value] : []));
}
