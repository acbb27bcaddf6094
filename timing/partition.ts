/**
 * Network faults of the timed scenarios: which directed links are cut, and when. A message is lost when its link
 * is cut at the moment it would arrive (the scheduler checks on delivery), so a message sent just before a cut
 * is lost too, and one sent during a cut that arrives after the heal gets through; both are what a real switch
 * failure does to packets in flight.
 */
import type { ServerId } from '../spec/raft/types.js';

/** Which links are cut at a given time. */
export interface Network {
  /** True when messages from `source` to `dest` arriving at `time` are lost. */
  isCut(source: ServerId, dest: ServerId, time: number): boolean;
}

/** A directed link. */
export interface Link {
  readonly from: ServerId;
  readonly to: ServerId;
}

/** The links in `links` are cut from `from` (inclusive) until `until` (exclusive), in milliseconds. */
export function cutLinks(links: readonly Link[], from: number, until: number): Network {
  const cut = new Set(links.map((l) => `${l.from}>${l.to}`));
  return {
    isCut: (source, dest, time) => time >= from && time < until && cut.has(`${source}>${dest}`),
  };
}

/** Every link between a server of `side` and a server outside it, in both directions, among `n` servers. */
export function between(side: readonly ServerId[], n: number): Link[] {
  const inside = new Set(side);
  const links: Link[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) if (inside.has(a) !== inside.has(b)) links.push({ from: a, to: b });
  }
  return links;
}

/** Every link into `dest` from the other servers among `n`: `dest` can send but hears nobody. */
export function into(dest: ServerId, n: number): Link[] {
  return Array.from({ length: n }, (_, a) => ({ from: a, to: dest })).filter((l) => l.from !== dest);
}
