/**
 * A bag (multiset) of messages, as etcdraft.tla's `messages` and `pendingMessages` are: a list of distinct
 * messages with their counts, kept sorted by the messages' keys so that equal bags are equal lists.
 */
import type { EtcdMessage } from './messages.js';

export interface BagItem {
  readonly message: EtcdMessage;
  readonly count: number;
}

export type Bag = readonly BagItem[];

export const EMPTY_BAG: Bag = [];

function position(bag: Bag, key: string): number {
  let lo = 0;
  let hi = bag.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bag[mid]!.message.key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many copies of `m` the bag holds. */
export function copies(bag: Bag, m: EtcdMessage): number {
  const k = position(bag, m.key);
  return k < bag.length && bag[k]!.message.key === m.key ? bag[k]!.count : 0;
}

/** The bag with `n` more copies of `m` (etcdraft.tla WithMessage). */
export function withMessage(bag: Bag, m: EtcdMessage, n = 1): Bag {
  const k = position(bag, m.key);
  const out = bag.slice();
  if (k < bag.length && bag[k]!.message.key === m.key) out[k] = { message: bag[k]!.message, count: bag[k]!.count + n };
  else out.splice(k, 0, { message: m, count: n });
  return out;
}

/** The bag with one copy of `m` fewer (etcdraft.tla WithoutMessage; a bag without `m` is unchanged). */
export function withoutMessage(bag: Bag, m: EtcdMessage): Bag {
  const k = position(bag, m.key);
  if (k >= bag.length || bag[k]!.message.key !== m.key) return bag;
  const out = bag.slice();
  if (bag[k]!.count === 1) out.splice(k, 1);
  else out[k] = { message: m, count: bag[k]!.count - 1 };
  return out;
}

/** The sum of two bags (`(+)`). */
export function bagSum(a: Bag, b: Bag): Bag {
  let out = a;
  for (const item of b) out = withMessage(out, item.message, item.count);
  return out;
}

/** The items for which `keep` holds. */
export function bagFilter(bag: Bag, keep: (m: EtcdMessage) => boolean): Bag {
  return bag.filter((item) => keep(item.message));
}

/** A bag from items in any order (sorted here). */
export function bagOf(items: readonly BagItem[]): Bag {
  let out: Bag = EMPTY_BAG;
  for (const item of items) out = withMessage(out, item.message, item.count);
  return out;
}

/** The number of copies in the bag. */
export function bagSize(bag: Bag): number {
  let n = 0;
  for (const item of bag) n += item.count;
  return n;
}
