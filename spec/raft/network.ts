/**
 * The network as a bag (multiset) of messages, raft.tla's `messages`: a map from message to its number of copies.
 * A count that falls to 0 removes the message, so equal bags are equal maps.
 */
import { compareMessages, type Message } from './messages.js';
import type { Bag } from './state.js';

/** One more copy of `m` (raft.tla Send, DuplicateMessage). */
export function send(bag: Bag, m: Message): Bag {
  return bag.set(m, (bag.get(m) ?? 0) + 1);
}

/** One copy fewer of `m` (raft.tla Discard, DropMessage). */
export function discard(bag: Bag, m: Message): Bag {
  const count = bag.get(m);
  if (count === undefined) return bag;
  return count <= 1 ? bag.delete(m) : bag.set(m, count - 1);
}

/** Discards `request` and sends `response` in one step (raft.tla Reply). */
export function reply(bag: Bag, response: Message, request: Message): Bag {
  return send(discard(bag, request), response);
}

/** The distinct messages in the bag in canonical order, independent of how the bag was built. */
export function distinctMessages(bag: Bag): Message[] {
  return [...bag.keys()].sort(compareMessages);
}

/** Total number of copies in flight. */
export function inFlight(bag: Bag): number {
  let total = 0;
  for (const count of bag.values()) total += count;
  return total;
}
