/**
 * How the simulated network treats one message: the latency it takes and whether it is lost.
 *
 * The distribution: a message is lost with probability `loss`, independently of every other message; otherwise
 * it arrives after a latency drawn uniformly from `latency` (milliseconds), independently per message, so two
 * messages on one link may overtake each other. The default, 10-20 ms, is "about 15 ms with ±5 ms of jitter".
 * Uniform latency is what the Raft dissertation's own simulator, AvailSim, used (30-40 ms for a WAN).
 * A server's messages to itself (a candidate's RequestVote to itself and the answer) never touch the network:
 * they arrive at the instant they are sent and are never lost, as a real candidate votes for itself at once.
 */
import type { Random } from './random.js';
import type { MsRange } from './range.js';

export interface LinkOptions {
  /** One-way latency of a message, drawn uniformly from this range, in milliseconds. */
  readonly latency: MsRange;
  /** Probability in [0, 1) that a message is lost. */
  readonly loss: number;
}

/** The default network: 10-20 ms one way, no loss. */
export const DEFAULT_LINK: LinkOptions = { latency: { min: 10, max: 20 }, loss: 0 };

/** The latency of one message between two servers in milliseconds, or undefined when it is lost. */
export function transit(random: Random, link: LinkOptions): number | undefined {
  // Draw for loss only when there is loss, so that a lossless run's stream does not depend on this branch.
  if (link.loss > 0 && random.next() < link.loss) return undefined;
  return random.uniform(link.latency.min, link.latency.max);
}
