/**
 * The contract every `Model` must keep for the checker to be right (checker/model.ts), as one function that any
 * model's test file calls. It explores a breadth-first prefix of the model and takes random walks, and checks:
 * - `initialStates` and `next` are deterministic: called twice, they give equal labels and equal states in the
 *   same order;
 * - `next` does not mutate its argument (a deep snapshot taken before equals one taken after);
 * - `encode` is canonical: equal states (by `key`), however they were built, get equal fingerprints, and
 *   different states different ones;
 * - a random walk, recorded as successor positions, replays from a fresh initial state to the same states.
 */
import { fc } from '@fast-check/vitest';
import { isImmutable, isRecord } from 'immutable';
import { expect } from 'vitest';
import { Encoding } from '../../checker/encoding.js';
import { fingerprint, FINGERPRINT_WORDS } from '../../checker/fingerprint.js';
import type { Model } from '../../checker/model.js';
import { canonicalJson } from '../fixtures/canonicalJson.js';

export interface ModelContractOptions<S> {
  /** A canonical string for a state: equal states, equal strings (default: the naive canonical JSON). */
  readonly key?: (state: S) => string;
  /** States to explore breadth-first (default 200). */
  readonly bfsStates?: number;
  /** Random walks to take and replay (default 30), each of at most `maxSteps` steps (default 30). */
  readonly walks?: number;
  readonly maxSteps?: number;
}

export interface ModelContractReport {
  /** States whose successors were computed and checked. */
  readonly statesChecked: number;
  /** Successors equal to a state seen before but built separately (a different object). */
  readonly equalStatesBuiltApart: number;
}

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

/** Checks the model contract on `model`; throws (through `expect`) on the first breach. */
export function assertModelContract<S, A>(
  model: Model<S, A>,
  options: ModelContractOptions<S> = {},
): ModelContractReport {
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

  // Names identify invariants and bounds in options and statistics, so they must be unique.
  const invariantNames = model.invariants.map((i) => i.name);
  expect(new Set(invariantNames).size, 'invariant names are unique').toBe(invariantNames.length);
  const boundNames = model.bounds.map((b) => b.name);
  expect(new Set(boundNames).size, 'bound names are unique').toBe(boundNames.length);

  const inits = model.initialStates();
  expect(inits.length, 'a model has at least one initial state').toBeGreaterThan(0);
  expect(model.initialStates().map(key), 'initialStates is deterministic').toEqual(inits.map(key));

  // Every state met, by key, with its fingerprint and the object first met; and the reverse map.
  const byKey = new Map<string, { fp: string; state: S }>();
  const byFingerprint = new Map<string, string>();
  let equalStatesBuiltApart = 0;
  const meet = (s: S): boolean => {
    const k = key(s);
    const f = fingerprintOf(s);
    const known = byKey.get(k);
    if (known !== undefined) {
      expect(f, `equal states get equal fingerprints: ${k}`).toBe(known.fp);
      if (known.state !== s) equalStatesBuiltApart++;
      return false;
    }
    const other = byFingerprint.get(f);
    expect(other, `different states get different fingerprints: ${k}`).toBeUndefined();
    byKey.set(k, { fp: f, state: s });
    byFingerprint.set(f, k);
    return true;
  };

  /** Successors twice, with snapshots around both calls. */
  const checkedNext = (s: S): ReturnType<Model<S, A>['next']> => {
    const before = snapshot(s);
    const first = model.next(s);
    const second = model.next(s);
    expect(snapshot(s), 'next does not mutate its argument').toBe(before);
    expect(
      second.map((t) => label(t.action)),
      'next lists actions in a deterministic order',
    ).toEqual(first.map((t) => label(t.action)));
    expect(
      second.map((t) => fingerprintOf(t.state)),
      'next gives equal states on equal input',
    ).toEqual(first.map((t) => fingerprintOf(t.state)));
    expect(snapshot(s), 'encoding the successors does not mutate the state').toBe(before);
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
  fc.assert(
    fc.property(fc.nat(inits.length - 1), fc.array(fc.nat(), { maxLength: maxSteps }), (first, choices) => {
      const positions: number[] = [];
      const states: S[] = [inits[first]!];
      for (const choice of choices) {
        const successors = checkedNext(states[states.length - 1]!);
        const allowed = successors.flatMap((t, position) => (inBounds(t.state) ? [position] : []));
        if (allowed.length === 0) break;
        const position = allowed[choice % allowed.length]!;
        positions.push(position);
        states.push(successors[position]!.state);
        meet(successors[position]!.state);
      }
      let replayed: S = model.initialStates()[first]!;
      const replay = [replayed];
      for (const position of positions) {
        const t = model.next(replayed)[position];
        expect(t, 'a recorded position still names a successor on replay').toBeDefined();
        replayed = t!.state;
        replay.push(replayed);
      }
      expect(replay.map(key), 'a random walk replays to the same states').toEqual(states.map(key));
      statesChecked += positions.length;
    }),
    { numRuns: options.walks ?? 30 },
  );

  return { statesChecked, equalStatesBuiltApart };
}
