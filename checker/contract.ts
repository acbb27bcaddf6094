/**
 * The contract every `Model` must keep for the checker to be right (model.ts), checked on a model by running it:
 * a breadth-first prefix of its states and seeded random walks. It checks that
 * - `initialStates` and `next` are deterministic: called twice, they give equal labels and equal states in the
 *   same order;
 * - `next` does not mutate its argument (a deep snapshot taken before equals one taken after);
 * - `encode` is canonical: equal states (by `key`), however they were built, get equal fingerprints, and
 *   different states different ones;
 * - a random walk, recorded as successor positions, replays from a fresh initial state to the same states;
 * - invariant and bound names are unique (options and statistics name them).
 *
 * The result is a value, not an exception, so that any test framework (or none) can use it: a user's test asserts
 * `result.ok` and prints `result.problem` otherwise, one sentence that says what was breached, on which state,
 * and what the model must do instead.
 */
import { isImmutable, isRecord } from 'immutable';
import { canonicalJson } from './canonicalJson.js';
import { Encoding } from './encoding.js';
import { fingerprint, FINGERPRINT_WORDS } from './fingerprint.js';
import type { Model, Transition } from './model.js';
import { Random } from './random.js';

export interface ModelContractOptions<S> {
  /** A canonical string for a state: equal states, equal strings (default: a naive canonical JSON). */
  readonly key?: (state: S) => string;
  /** States to explore breadth-first (default 200). */
  readonly bfsStates?: number;
  /** Random walks to take and replay (default 30), each of at most `maxSteps` steps (default 30). */
  readonly walks?: number;
  readonly maxSteps?: number;
  /** Seed of the random walks (default 1). */
  readonly seed?: number;
}

/** What a check of the contract found: how much it checked, or the first breach. */
export type ModelContractResult =
  | {
      readonly ok: true;
      /** States whose successors were computed and checked. */
      readonly statesChecked: number;
      /** Successors equal to a state seen before but built separately (a different object). */
      readonly equalStatesBuiltApart: number;
    }
  | { readonly ok: false; readonly problem: string };

/** A deep, order-preserving rendering of a value, to detect mutation: the same object must render the same. */
export function snapshot(value: unknown): string {
  const seen = new Set<unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'function') return '<function>';
    if (typeof v !== 'object' || v === null) return typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v;
    if (seen.has(v)) return '<shared>';
    seen.add(v);
    let out: unknown;
    if (ArrayBuffer.isView(v)) out = ['typed', ...Array.from(v as Int32Array)];
    else if (isRecord(v))
      out = [
        'Record',
        ...v
          .toSeq()
          .entrySeq()
          .toArray()
          .map(([k, x]) => [k, walk(x)]),
      ];
    else if (isImmutable(v)) out = ['Immutable', ...[...v.entries()].map(([k, x]) => [walk(k), walk(x)])];
    else if (Array.isArray(v)) out = (v as unknown[]).map(walk);
    else out = Object.entries(v).map(([k, x]) => [k, walk(x)]);
    seen.delete(v);
    return out;
  };
  return JSON.stringify(walk(value));
}

/** A breach found; caught at the top of `checkModelContract` and returned as its result. */
class Breach extends Error {}

function demand(condition: boolean, problem: string): void {
  if (!condition) throw new Breach(problem);
}

const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, k) => x === b[k]);

/** A state's key or a list, cut to a readable length. */
function brief(text: string): string {
  return text.length <= 160 ? text : `${text.slice(0, 157)}...`;
}

/** Checks the model contract on `model`; the result names the first breach, if any. */
export function checkModelContract<S, A>(
  model: Model<S, A>,
  options: ModelContractOptions<S> = {},
): ModelContractResult {
  try {
    return { ok: true, ...run(model, options) };
  } catch (e) {
    if (e instanceof Breach) return { ok: false, problem: e.message };
    throw e;
  }
}

function run<S, A>(
  model: Model<S, A>,
  options: ModelContractOptions<S>,
): { statesChecked: number; equalStatesBuiltApart: number } {
  const key = options.key ?? ((s: S): string => canonicalJson(s));
  const encoding = new Encoding();
  const fp = new Int32Array(FINGERPRINT_WORDS);
  const fingerprintOf = (s: S): string => {
    encoding.reset();
    model.encode(s, encoding);
    fingerprint(encoding, fp);
    return fp.join(',');
  };
  const inBounds = (s: S): boolean => model.bounds.every((b) => b.holds(s));
  const label = (a: A): string => `${model.actionName(a)}: ${model.formatAction(a)}`;

  const twice = (names: readonly string[]): string | undefined => names.find((n, k) => names.indexOf(n) !== k);
  const invariantTwice = twice(model.invariants.map((i) => i.name));
  demand(
    invariantTwice === undefined,
    `two invariants are named '${invariantTwice}'; invariant names must be unique (options and reports name them)`,
  );
  const boundTwice = twice(model.bounds.map((b) => b.name));
  demand(
    boundTwice === undefined,
    `two bounds are named '${boundTwice}'; bound names must be unique (reports name them)`,
  );

  const inits = model.initialStates();
  demand(inits.length > 0, 'initialStates() returned no state; a model needs at least one initial state');
  demand(
    same(model.initialStates().map(key), inits.map(key)),
    'initialStates() returned other states on a second call; it must be deterministic',
  );

  // Every state met, by key, with its fingerprint and the object first met; and the reverse map.
  const byKey = new Map<string, { fp: string; state: S }>();
  const byFingerprint = new Map<string, string>();
  let equalStatesBuiltApart = 0;
  const meet = (s: S): boolean => {
    const k = key(s);
    const f = fingerprintOf(s);
    const known = byKey.get(k);
    if (known !== undefined) {
      demand(
        f === known.fp,
        `encode wrote different words for two equal states, ${brief(k)}; it must write the same words for equal states (sort what has no order)`,
      );
      if (known.state !== s) equalStatesBuiltApart++;
      return false;
    }
    const clash = byFingerprint.get(f);
    demand(
      clash === undefined,
      `encode wrote the same words for two different states, ${brief(clash ?? '')} and ${brief(k)}` +
        `${encoding.length === 0 ? ' (it wrote no words at all)' : ''}; it must write different words for different states`,
    );
    byKey.set(k, { fp: f, state: s });
    byFingerprint.set(f, k);
    return true;
  };

  /** Successors twice, with snapshots around both calls. */
  const checkedNext = (s: S): readonly Transition<S, A>[] => {
    const before = snapshot(s);
    // The state's key before next ran: a mutating next would change what a later key shows.
    const k = brief(key(s));
    const first = model.next(s);
    const second = model.next(s);
    demand(
      snapshot(s) === before,
      `next changed the state it was given, ${k}; it must leave its argument as it was and return new states`,
    );
    demand(
      same(
        second.map((t) => label(t.action)),
        first.map((t) => label(t.action)),
      ),
      `next listed other actions, or the same in another order, on a second call for ${k} ` +
        `(first ${brief(first.map((t) => label(t.action)).join(', '))}, then ${brief(second.map((t) => label(t.action)).join(', '))}); ` +
        'it must be deterministic: counterexamples are replayed by successor position',
    );
    demand(
      same(
        second.map((t) => fingerprintOf(t.state)),
        first.map((t) => fingerprintOf(t.state)),
      ),
      `next gave other successor states on a second call for ${k}; equal states must have equal successors`,
    );
    demand(
      snapshot(s) === before,
      `encoding the successors of ${k} changed it; encode and next must not share or change state`,
    );
    return first;
  };

  // A breadth-first prefix, within the bounds as the checker explores.
  const queue = inits.filter((s) => meet(s) && inBounds(s));
  const limit = options.bfsStates ?? 200;
  let statesChecked = 0;
  for (let head = 0; head < queue.length && statesChecked < limit; head++, statesChecked++) {
    for (const t of checkedNext(queue[head]!)) {
      if (meet(t.state) && inBounds(t.state)) queue.push(t.state);
    }
  }

  // Random walks within the bounds, replayed by position from a fresh initial state.
  const maxSteps = options.maxSteps ?? 30;
  const random = new Random(options.seed ?? 1);
  for (let walk = 0; walk < (options.walks ?? 30); walk++) {
    const first = random.below(inits.length);
    const positions: number[] = [];
    const states: S[] = [inits[first]!];
    for (let step = 0; step < maxSteps; step++) {
      const successors = checkedNext(states[states.length - 1]!);
      const allowed = successors.flatMap((t, position) => (inBounds(t.state) ? [position] : []));
      if (allowed.length === 0) break;
      const position = allowed[random.below(allowed.length)]!;
      positions.push(position);
      states.push(successors[position]!.state);
      meet(successors[position]!.state);
    }
    let replayed: S = model.initialStates()[first]!;
    const replay = [replayed];
    for (const position of positions) {
      const t = model.next(replayed)[position];
      demand(
        t !== undefined,
        `random walk ${walk}, replayed from a fresh initial state, reached a state with fewer successors than the first time; next must list the same successors for equal states`,
      );
      replayed = t!.state;
      replay.push(replayed);
    }
    demand(
      same(replay.map(key), states.map(key)),
      `random walk ${walk}, replayed by successor position from a fresh initial state, reached other states; next must be deterministic`,
    );
    statesChecked += positions.length;
  }
  return { statesChecked, equalStatesBuiltApart };
}
