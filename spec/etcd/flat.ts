/**
 * The etcd profile on flat states, as spec profiles offer their models (spec/profile.ts `fastModel`): a state is
 * its canonical words (codec.ts), an action a number standing for its label. The profile's own model
 * (model.ts, plain values) is what runs underneath; this view costs an encode and a decode per step.
 */
import type { Model } from '../../checker/model.js';
import { etcdActionName, type EtcdAction } from './actions.js';
import { decodeEtcd, etcdWords } from './codec.js';
import type { EtcdConfig } from './config.js';
import { formatEtcdAction } from './format.js';
import { etcdModel } from './model.js';
import type { EtcdState } from './state.js';

/** The etcd profile of `config` with states as words and actions as numbers. */
export function flatEtcdModel(config: EtcdConfig): Model<Int32Array, number> {
  const model = etcdModel(config);
  // Actions are interned by their label, which names them fully (parameters and message included).
  const actions: EtcdAction[] = [];
  const numbers = new Map<string, number>();
  const intern = (a: EtcdAction): number => {
    const label = formatEtcdAction(a);
    let n = numbers.get(label);
    if (n === undefined) {
      n = actions.length;
      actions.push(a);
      numbers.set(label, n);
    }
    return n;
  };
  const words = (s: EtcdState): Int32Array => Int32Array.from(etcdWords(s));
  const value = (w: Int32Array): EtcdState => decodeEtcd(w, config.servers);
  const onWords = (p: { readonly name: string; readonly witness?: string; holds(s: EtcdState): boolean }) => ({
    name: p.name,
    ...(p.witness === undefined ? {} : { witness: p.witness }),
    holds: (w: Int32Array) => p.holds(value(w)),
  });
  return {
    initialStates: () => model.initialStates().map(words),
    next: (w) => model.next(value(w)).map((t) => ({ action: intern(t.action), state: words(t.state) })),
    invariants: model.invariants.map(onWords),
    bounds: model.bounds.map(onWords),
    encode: (w, out) => {
      out.pushRange(w, w.length);
    },
    decode: (w) => w,
    actionName: (n) => etcdActionName(actions[n]!),
    ...(model.actionNames === undefined ? {} : { actionNames: model.actionNames }),
    // Asked only on the steps of the actions each declares: two decodes there, none elsewhere.
    witnesses: (model.witnesses ?? []).map((w) => ({
      ...w,
      reached: (from: Int32Array, n: number, to: Int32Array) => w.reached(value(from), actions[n]!, value(to)),
    })),
    formatAction: (n) => formatEtcdAction(actions[n]!),
  };
}
