/** Messages between the page and its search worker (structured-clone safe: plain data only). */
import type { ModelChoice, SearchOutcome, SearchProgress } from './engine.js';

export type SearchRequest =
  | { readonly kind: 'check'; readonly choice: ModelChoice; readonly maxStates: number | undefined }
  | {
      readonly kind: 'simulate';
      readonly choice: ModelChoice;
      readonly seed: number;
      readonly seconds: number;
      readonly maxDepth: number;
    };

export type SearchReply =
  | { readonly kind: 'progress'; readonly progress: SearchProgress }
  | { readonly kind: 'done'; readonly outcome: SearchOutcome }
  | { readonly kind: 'error'; readonly message: string };

/** The progress line, for example `12,345 states, depth 17, 80,000 states/s, 1.2 s`. */
export function progressLine(p: SearchProgress): string {
  const n = (x: number): string => Math.round(x).toLocaleString('en-US');
  const what = p.walks === undefined ? `${n(p.states)} distinct states` : `${n(p.states)} steps in ${n(p.walks)} walks`;
  const depth = p.depth === undefined ? '' : `, depth ${p.depth}`;
  const unit = p.walks === undefined ? 'states/s' : 'steps/s';
  return `${what}${depth}, ${n(p.perSecond)} ${unit}, ${p.seconds.toFixed(1)} s`;
}
