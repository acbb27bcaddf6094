/**
 * The message bag inside a flat state: records sorted by key, so equal bags are equal words. Both operations
 * work in place on a scratch buffer that has room for one more record.
 */
import { MESSAGE_KEY_WORDS, MESSAGE_WORDS, M_COUNT, type FlatLayout } from './layout.js';

/** Number of meaningful words in the flat state `s` (a buffer may be longer). */
export function flatLength(layout: FlatLayout, s: Int32Array): number {
  return layout.bagStart + 1 + s[layout.bagStart]! * MESSAGE_WORDS;
}

/** Compares the record at `at` in `s` with the 9-word key `key`. */
function compareAt(s: Int32Array, at: number, key: Int32Array): number {
  for (let w = 0; w < MESSAGE_KEY_WORDS; w++) {
    const d = s[at + w]! - key[w]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** Adds one copy of the message `key` to `t` in place (raft.tla Send); returns `t`. */
export function addMessage(layout: FlatLayout, t: Int32Array, key: Int32Array): Int32Array {
  const count = t[layout.bagStart]!;
  const end = layout.message(count);
  let at = layout.message(0);
  for (; at < end; at += MESSAGE_WORDS) {
    const c = compareAt(t, at, key);
    if (c === 0) {
      t[at + M_COUNT]!++;
      return t;
    }
    if (c > 0) break;
  }
  t.copyWithin(at + MESSAGE_WORDS, at, end);
  for (let w = 0; w < MESSAGE_KEY_WORDS; w++) t[at + w] = key[w]!;
  t[at + M_COUNT] = 1;
  t[layout.bagStart] = count + 1;
  return t;
}

/** Removes one copy of the record at `at` from `t` in place (raft.tla Discard); returns `t`. */
export function removeMessageAt(layout: FlatLayout, t: Int32Array, at: number): Int32Array {
  if (t[at + M_COUNT]! > 1) {
    t[at + M_COUNT]!--;
    return t;
  }
  const count = t[layout.bagStart]!;
  t.copyWithin(at, at + MESSAGE_WORDS, layout.message(count));
  t[layout.bagStart] = count - 1;
  return t;
}
