/**
 * Breadth-first exploration with fingerprint deduplication, as TLC does it with one worker.
 *
 * The frontier is explored level by level, so the first invariant violation found is at the smallest depth and
 * its trace is a shortest counterexample. Only fingerprints and parent links are kept for explored states; a
 * trace is rebuilt by replaying the recorded successor positions from the initial state, which is why a model's
 * `next` must list successors in a deterministic order.
 */
import { Encoding } from './encoding.js';
import { collisionProbability, fingerprint, FINGERPRINT_WORDS } from './fingerprint.js';
import type { Invariant, Model } from './model.js';
import { ParentLinks } from './parentLinks.js';
import type { Reporter } from './reporter.js';
import { FingerprintSet } from './stateStore.js';
import type { CheckStats } from './stats.js';
import type { Trace } from './trace.js';

export interface CheckOptions {
  /** Names of the invariants to check; all of the model's when absent. */
  readonly invariants?: readonly string[];
  readonly reporter?: Reporter;
  /** Milliseconds between progress reports (default 3000). */
  readonly progressIntervalMs?: number;
  /** Stop with an `incomplete` result once this many distinct states are stored. */
  readonly maxStates?: number;
}

export type CheckResult<S, A> =
  | { readonly kind: 'ok'; readonly stats: CheckStats }
  | {
      readonly kind: 'violation';
      readonly invariant: string;
      readonly trace: Trace<S, A>;
      readonly stats: CheckStats;
    }
  | { readonly kind: 'incomplete'; readonly reason: string; readonly stats: CheckStats };

/** Selects invariants by name; throws on an unknown name (the CLI validates names before calling). */
export function selectInvariants<S>(all: readonly Invariant<S>[], names?: readonly string[]): Invariant<S>[] {
  if (names === undefined) return [...all];
  return names.map((name) => {
    const found = all.find((inv) => inv.name === name);
    if (found === undefined) throw new Error(`check: unknown invariant '${name}'`);
    return found;
  });
}

/** Explores every state of `model` reachable within its bounds and checks the invariants on each. */
export function check<S, A>(model: Model<S, A>, options: CheckOptions = {}): CheckResult<S, A> {
  const started = performance.now();
  const invariants = selectInvariants(model.invariants, options.invariants);
  const bounds = model.bounds;
  const seen = new FingerprintSet();
  // Successors that break a bound are not stored, but each distinct one has its invariants checked only once.
  const seenOutOfBounds = new FingerprintSet(1 << 10);
  const links = new ParentLinks();
  const encoding = new Encoding();
  const fp = new Int32Array(FINGERPRINT_WORDS);

  const actionIndex = new Map<string, number>();
  const actionNames: string[] = [];
  const fired: number[] = [];
  const newStates: number[] = [];
  const boundDiscards = new Array<number>(bounds.length).fill(0);

  let generated = 0;
  let depth = 0;
  let frontier: S[] = [];
  let frontierIds: number[] = [];

  const stats = (queueLeft: number): CheckStats => {
    const actions: CheckStats['actions'] = {};
    actionNames.forEach((name, k) => (actions[name] = { fired: fired[k]!, distinct: newStates[k]! }));
    const discards: CheckStats['boundDiscards'] = {};
    bounds.forEach((b, k) => (discards[b.name] = boundDiscards[k]!));
    return {
      distinctStates: seen.size,
      generatedStates: generated,
      depth,
      queueLeft,
      seconds: (performance.now() - started) / 1000,
      actions,
      boundDiscards: discards,
      storeBytes: seen.bytes + seenOutOfBounds.bytes + links.bytes,
      collisionProbability: collisionProbability(seen.size + seenOutOfBounds.size, generated),
    };
  };

  const violated = (state: S): Invariant<S> | undefined => {
    for (const inv of invariants) if (!inv.holds(state)) return inv;
    return undefined;
  };

  const withinBounds = (state: S): boolean => {
    let ok = true;
    for (let k = 0; k < bounds.length; k++) {
      if (!bounds[k]!.holds(state)) {
        boundDiscards[k]!++;
        ok = false;
      }
    }
    return ok;
  };

  const isNew = (state: S, store: FingerprintSet): boolean => {
    encoding.reset();
    model.encode(state, encoding);
    fingerprint(encoding, fp);
    return store.add(fp);
  };

  /** Rebuilds the path to a stored state by replaying successor positions from its initial state. */
  const traceTo = (id: number): { action: A | null; state: S }[] => {
    const positions = links.pathTo(id);
    const inits = model.initialStates();
    const first = positions[0]!;
    if (first >= inits.length) throw new Error('check: the model returned fewer initial states on replay');
    let state: S = inits[first]!;
    const steps: { action: A | null; state: S }[] = [{ action: null, state }];
    for (const pos of positions.slice(1)) {
      const t = model.next(state)[pos];
      if (t === undefined) {
        throw new Error('check: replaying a path found fewer successors than before; is `next` deterministic?');
      }
      steps.push({ action: t.action, state: t.state });
      state = t.state;
    }
    return steps;
  };

  // Level 1: the initial states.
  const inits = model.initialStates();
  for (let k = 0; k < inits.length; k++) {
    const state = inits[k]!;
    generated++;
    const inBounds = withinBounds(state);
    if (!isNew(state, inBounds ? seen : seenOutOfBounds)) continue;
    const bad = violated(state);
    if (bad !== undefined) {
      return { kind: 'violation', invariant: bad.name, trace: [{ action: null, state }], stats: stats(0) };
    }
    if (!inBounds) continue;
    frontierIds.push(links.add(-1, k));
    frontier.push(state);
  }
  if (frontier.length > 0) depth = 1;

  const interval = options.progressIntervalMs ?? 3000;
  let nextReport = performance.now() + interval;
  let explored = 0;

  while (frontier.length > 0) {
    const nextFrontier: S[] = [];
    const nextIds: number[] = [];
    for (let f = 0; f < frontier.length; f++) {
      const state = frontier[f]!;
      const parentId = frontierIds[f]!;
      const successors = model.next(state);
      for (let pos = 0; pos < successors.length; pos++) {
        const t = successors[pos]!;
        generated++;
        const name = model.actionName(t.action);
        let a = actionIndex.get(name);
        if (a === undefined) {
          a = actionNames.length;
          actionIndex.set(name, a);
          actionNames.push(name);
          fired.push(0);
          newStates.push(0);
        }
        fired[a]!++;
        const inBounds = withinBounds(t.state);
        if (!isNew(t.state, inBounds ? seen : seenOutOfBounds)) continue;
        if (inBounds) newStates[a]!++;
        const bad = violated(t.state);
        if (bad !== undefined) {
          const trace = [...traceTo(parentId), { action: t.action, state: t.state }];
          depth = Math.max(depth, trace.length);
          return {
            kind: 'violation',
            invariant: bad.name,
            trace,
            stats: stats(frontier.length - f - 1 + nextFrontier.length),
          };
        }
        if (!inBounds) continue;
        nextIds.push(links.add(parentId, pos));
        nextFrontier.push(t.state);
      }
      if ((++explored & 1023) === 0) {
        const now = performance.now();
        if (options.reporter !== undefined && now >= nextReport) {
          nextReport = now + interval;
          options.reporter.progress({
            generatedStates: generated,
            distinctStates: seen.size,
            queue: frontier.length - f - 1 + nextFrontier.length,
            depth: depth + 1,
            seconds: (now - started) / 1000,
          });
        }
        if (options.maxStates !== undefined && seen.size >= options.maxStates) {
          return {
            kind: 'incomplete',
            reason: `stopped at ${seen.size} distinct states (--max-states)`,
            stats: stats(frontier.length - f - 1 + nextFrontier.length),
          };
        }
      }
    }
    frontier = nextFrontier;
    frontierIds = nextIds;
    if (frontier.length > 0) depth++;
  }
  return { kind: 'ok', stats: stats(0) };
}
