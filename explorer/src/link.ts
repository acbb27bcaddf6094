/**
 * A shareable link: the URL's fragment carries the model and the path (the initial state's index, then the
 * position of each successor taken in the spec's order), so opening the link rebuilds the same behaviour. Why
 * positions and not labels: a position is what the checker itself records, it is short, and replaying it is
 * exact; a label could be ambiguous in a model whose labels a later change makes coarser.
 *
 * Every field is written, defaults included, so a link keeps its meaning if a default changes. The fragment
 * (not the query) is used because it works the same on file:// pages and never reaches a server.
 */
import {
  BUG_LIST,
  CONFIG_RANGES,
  DEFAULT_CONFIG,
  OPTION_LIST,
  VARIANT_LIST,
  choiceError,
  type ModelChoice,
  type RaftConfig,
} from './engine.js';

/** What a link holds: the model, the path, and which state of it is shown. */
export interface Link {
  readonly choice: ModelChoice;
  readonly path: readonly number[];
  /** Index of the state shown; the last when absent. */
  readonly at?: number;
}

type NumericKey = keyof typeof CONFIG_RANGES;
const NUMERIC = Object.keys(CONFIG_RANGES) as NumericKey[];
const SWITCHES = ['restart', 'duplicate', 'drop'] as const;

/** The fragment (without `#`) for `link`. */
export function encodeLink(link: Link): string {
  const params = new URLSearchParams();
  for (const key of NUMERIC) params.set(key, String(link.choice.config[key]));
  for (const key of SWITCHES) params.set(key, link.choice.config[key] ? '1' : '0');
  for (const variant of link.choice.config.variants ?? []) params.append('variant', variant);
  for (const { key } of OPTION_LIST) {
    const value = link.choice.config[key];
    if (value !== undefined) params.set(key, String(value));
  }
  for (const bug of link.choice.bugs) params.append('bug', bug);
  params.set('path', link.path.join('.'));
  if (link.at !== undefined && link.at !== link.path.length - 1) params.set('at', String(link.at));
  return params.toString();
}

export type LinkResult = { readonly ok: true; readonly value: Link } | { readonly ok: false; readonly error: string };

function integer(text: string): number | undefined {
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}

/**
 * Reads a fragment (with or without `#`). An empty fragment is the default model at its initial state; a field
 * that is absent takes its default; anything malformed is one line naming the field.
 */
export function decodeLink(fragment: string): LinkResult {
  const params = new URLSearchParams(fragment.startsWith('#') ? fragment.slice(1) : fragment);
  const fail = (error: string): LinkResult => ({ ok: false, error: `link: ${error}` });
  const known = new Set<string>([
    ...NUMERIC,
    ...SWITCHES,
    'variant',
    ...OPTION_LIST.map((o) => o.key),
    'bug',
    'path',
    'at',
  ]);
  for (const key of params.keys()) if (!known.has(key)) return fail(`unknown field '${key}'`);
  const config: Record<string, unknown> = { ...DEFAULT_CONFIG };
  for (const key of NUMERIC) {
    const text = params.get(key);
    if (text === null) continue;
    const [lo, hi] = CONFIG_RANGES[key];
    const n = integer(text);
    if (n === undefined || n < lo || n > hi)
      return fail(`${key} must be an integer from ${lo} to ${hi}, got '${text}'`);
    config[key] = n;
  }
  for (const key of SWITCHES) {
    const text = params.get(key);
    if (text === null) continue;
    if (text !== '0' && text !== '1') return fail(`${key} must be 0 or 1, got '${text}'`);
    config[key] = text === '1';
  }
  const variants = [...new Set(params.getAll('variant'))];
  for (const variant of variants) {
    if (!VARIANT_LIST.some((v) => v.name === variant)) return fail(`unknown variant '${variant}'`);
  }
  if (variants.length > 0) config.variants = variants.sort();
  for (const { key } of OPTION_LIST) {
    const text = params.get(key);
    if (text === null) continue;
    const k = integer(text);
    if (k === undefined) return fail(`${key} must be an integer, got '${text}'`);
    config[key] = k;
  }
  const bugs = params.getAll('bug');
  for (const bug of bugs) {
    if (!BUG_LIST.some((b) => b.name === bug)) return fail(`unknown bug '${bug}'`);
  }
  const pathText = params.get('path') ?? '0';
  const path = pathText === '' ? [] : pathText.split('.').map(integer);
  if (path.length === 0 || path.some((p) => p === undefined)) {
    return fail(`path must be numbers joined by dots, got '${pathText}'`);
  }
  const positions = path as number[];
  const atText = params.get('at');
  let at: number | undefined;
  if (atText !== null) {
    at = integer(atText);
    if (at === undefined || at >= positions.length) {
      return fail(`at must be a state index below ${positions.length}, got '${atText}'`);
    }
  }
  const choice: ModelChoice = { config: config as unknown as RaftConfig, bugs: [...new Set(bugs)] };
  const problem = choiceError(choice);
  if (problem !== undefined) return fail(problem);
  return { ok: true, value: { choice, path: positions, ...(at === undefined ? {} : { at }) } };
}
