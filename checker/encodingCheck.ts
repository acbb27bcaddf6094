/**
 * A look at a model's `encode` before a run trusts it. The checker knows a state only by the fingerprint of its
 * encoding, so an `encode` that writes nothing (TypeScript accepts `encode: (s) => JSON.stringify(s)` where
 * `void` is expected, and the string is dropped) makes every state the initial one: the search stores one state
 * and says "ok". Two cheap probes catch that class: the initial states' encodings are not empty, and the first
 * successor of the first initial state that differs from it (by canonical JSON) gets different words.
 */
import { canonicalJson } from './canonicalJson.js';
import { Encoding } from './encoding.js';
import { ModelError } from './modelError.js';
import type { Model } from './model.js';

const MUST =
  'encode(state, out) must push words that identify the state (out.push(n), out.pushRange(words, n), or ' +
  'encodeValue(state, out)): equal words for equal states, different words for different states; what it returns is ignored';

/** Throws a ModelError (prefixed `api`) when `model.encode` is empty or does not tell the first step apart. */
export function refuseBlindEncoding<S, A>(model: Model<S, A>, api: string): void {
  const out = new Encoding();
  const words = (s: S): string => {
    out.reset();
    model.encode(s, out);
    return out.words.subarray(0, out.length).join(',');
  };
  const inits = model.initialStates();
  for (const s of inits) {
    if (words(s) === '') throw new ModelError(api, `the model's encode wrote no words for an initial state; ${MUST}`);
  }
  const first = inits[0];
  if (first === undefined) return;
  const key = comparable(first);
  if (key === undefined) return;
  const initialWords = words(first);
  for (const t of model.next(first)) {
    const other = comparable(t.state);
    if (other === undefined || other === key) continue;
    if (words(t.state) === initialWords) {
      throw new ModelError(
        api,
        `the model's encode wrote the same words for the initial state and its successor by ${model.formatAction(t.action)}, which differ; ${MUST}`,
      );
    }
    return;
  }
}

/** A state's canonical JSON, or undefined when it holds what JSON cannot compare (functions): then no probe. */
function comparable(state: unknown): string | undefined {
  try {
    return canonicalJson(state);
  } catch {
    return undefined;
  }
}
