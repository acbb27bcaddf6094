/**
 * A short digest of what a model does, so that a cluster refuses a worker that would build another model than the
 * coordinator's (another spec, other flags) even at the same version: the names of its invariants and bounds,
 * then the encodings and action names of its first states in breadth-first order.
 */
import { Encoding } from '../encoding.js';
import { hashWords } from '../fingerprint.js';
import type { Model } from '../model.js';

/** States looked at: enough to meet every kind of step in the first levels, in milliseconds. */
const SAMPLE = 200;

export function modelDigest(model: Model<unknown, unknown>): string {
  const all = new Encoding();
  const one = new Encoding();
  const text = (s: string): void => {
    for (let k = 0; k < s.length; k++) all.push(s.charCodeAt(k));
    all.push(-1);
  };
  for (const i of model.invariants) text(i.name);
  for (const b of model.bounds) text(b.name);
  const queue = [...model.initialStates()];
  for (let k = 0; k < queue.length && k < SAMPLE; k++) {
    const state = queue[k]!;
    one.reset();
    model.encode(state, one);
    all.pushRange(one.words, one.length);
    for (const t of model.next(state)) {
      text(model.actionName(t.action));
      if (queue.length < SAMPLE) queue.push(t.state);
    }
  }
  const out = new Int32Array(4);
  hashWords(all.words, all.length, out);
  return [...out].map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
}
