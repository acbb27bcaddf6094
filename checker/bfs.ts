/**
 * Breadth-first exploration with fingerprint deduplication, as TLC does it with one worker.
 *
 * The frontier is explored level by level, so the first invariant violation found is at the smallest depth and
 * its trace is a shortest counterexample. Only fingerprints and parent links are kept for explored states; a
 * trace is rebuilt by replaying the recorded successor positions from the initial state, which is why a model's
 * `next` must list successors in a deterministic order.
 */
import { Encoding } from './encoding.js';
import { refuseBlindEncoding } from './encodingCheck.js';
import { notBoolean } from './modelError.js';
import { collisionProbability, fingerprint, FINGERPRINT_WORDS } from './fingerprint.js';
import type { Invariant, Model } from './model.js';
import { ParentLinks } from './parentLinks.js';
import { replayPath } from './path.js';
import type { Reporter } from './reporter.js';
import { FingerprintSet } from './stateStore.js';
import type { CheckStats } from './stats.js';
import type { Trace } from './trace.js';
import { WitnessWatch } from './witnessWatch.js';

export interface CheckOptions {
  /** Names of the invariants to check; all of the model's when absent. */
  readonly invariants?: readonly string[];
  readonly reporter?: Reporter;
  /** Milliseconds between progress reports (default 3000). */
  readonly progressIntervalMs?: number;
  /** Stop with an `incomplete` result once this many distinct states are stored. */
  readonly maxStates?: number;
  /**
   * Asked every few dozen explored states; a reason ends the run with an `incomplete` result carrying it (an
   * interrupt, memory running short). Must be cheap.
   */
  readonly shouldStop?: () => string | undefined;
}

export type CheckResult<S, A> =
  | { readonly kind: 'ok'; readonly stats: CheckStats }
  | {
      readonly kind: 'violation';
      readonly invariant: string;
      readonly trace: Trace<S, A>;
      /** Successor positions from the initial state's index to the violating state (see path.ts). */
      readonly path: readonly number[];
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

/**
 * Explores every state of `model` reachable within its bounds and checks the invariants on each. Throws a
 * ModelError, before it starts, for an `encode` that writes nothing or does not tell the first step apart, and,
 * when it meets one, for an invariant that returns something other than a boolean.
 */
export function check<S, A>(model: Model<S, A>, options: CheckOptions = {}): CheckResult<S, A> {
  const started = performance.now();
  const invariants = selectInvariants(model.invariants, options.invariants);
  refuseBlindEncoding(model, 'check');
  const bounds = model.bounds;
  const seen = new FingerprintSet();
  const links = new ParentLinks();
  const encoding = new Encoding();
  const fp = new Int32Array(FINGERPRINT_WORDS);

  const actionIndex = new Map<string, number>();
  const actionNames: string[] = [];
  const fired: number[] = [];
  const newStates: number[] = [];
  const boundDiscards = new Array<number>(bounds.length).fill(0);
  const witnesses = model.witnesses === undefined ? undefined : new WitnessWatch(model.witnesses);
  // Per action index, the witnesses its steps still ask (empty for most, and for all once they are reached).
  const watching: (readonly number[])[] = [];

  let generated = 0;
  let represented = 0;
  const represents = model.represents;
  let depth = 0;
  let frontier: S[] = [];
  let frontierIds: number[] = [];

  /** `complete`: the longest behaviour length every one of which was generated (a level left half done is not). */
  const stats = (queueLeft: number, complete = Infinity): CheckStats => {
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
      storeBytes: seen.bytes + links.bytes,
      collisionProbability: collisionProbability(seen.size, generated),
      ...(witnesses === undefined ? {} : { witnesses: witnesses.report(complete) }),
      ...(represents === undefined ? {} : { representedStates: represented }),
    };
  };

  const violated = (state: S): Invariant<S> | undefined => {
    for (const inv of invariants) {
      const holds: unknown = inv.holds(state);
      if (holds === true) continue;
      if (holds === false) return inv;
      throw notBoolean('check', 'invariant', inv.name, holds);
    }
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

  const isNew = (state: S): boolean => {
    encoding.reset();
    model.encode(state, encoding);
    fingerprint(encoding, fp);
    return seen.add(fp);
  };

  // Level 1: the initial states.
  const inits = model.initialStates();
  for (let k = 0; k < inits.length; k++) {
    const state = inits[k]!;
    generated++;
    const inBounds = withinBounds(state);
    if (inBounds && !isNew(state)) continue;
    if (inBounds && represents !== undefined) represented += represents(state);
    const bad = violated(state);
    if (bad !== undefined) {
      depth = 1;
      const trace = [{ action: null, state }];
      return { kind: 'violation', invariant: bad.name, trace, path: [k], stats: stats(0) };
    }
    if (!inBounds) continue;
    frontierIds.push(links.add(-1, k));
    frontier.push(state);
  }
  if (frontier.length > 0) depth = 1;

  const interval = options.progressIntervalMs ?? 3000;
  let nextReport = performance.now() + interval;
  let explored = 0;

  // One successor at a time; state shared with the loop below so the visitor allocates nothing.
  let nextFrontier: S[] = [];
  let nextIds: number[] = [];
  let parentId = -1;
  let parent: S | undefined;
  let position = 0;
  let violation: { invariant: string; parentId: number; position: number; action: A; state: S } | undefined;
  const forEach = model.forEachSuccessor;
  const copy = model.copy ?? ((x: S): S => x);

  let lastActionName = '';
  let lastActionIndex = 0;
  const registerAction = (name: string): number => {
    actionIndex.set(name, actionNames.length);
    actionNames.push(name);
    fired.push(0);
    newStates.push(0);
    watching.push(witnesses?.forAction(name) ?? []);
    return actionNames.length - 1;
  };

  const consider = (action: A, successor: S): void => {
    const pos = position++;
    if (violation !== undefined) return;
    generated++;
    const name = model.actionName(action);
    // Successors come in runs of one action kind, so the last kind seen is usually the answer.
    let a = lastActionIndex;
    if (name !== lastActionName) {
      a = actionIndex.get(name) ?? registerAction(name);
      lastActionName = name;
      lastActionIndex = a;
    }
    fired[a]!++;
    const watched = watching[a]!;
    if (watched.length !== 0) witnesses!.check(watched, parent!, action, successor, depth + 1);
    const inBounds = withinBounds(successor);
    // A successor past a bound is not stored, so its invariants are checked each time it is generated.
    if (inBounds) {
      if (!isNew(successor)) return;
      newStates[a]!++;
      if (represents !== undefined) represented += represents(successor);
    }
    const bad = violated(successor);
    if (bad !== undefined) {
      violation = { invariant: bad.name, parentId, position: pos, action, state: copy(successor) };
      return;
    }
    if (!inBounds) return;
    nextIds.push(links.add(parentId, pos));
    nextFrontier.push(copy(successor));
  };

  while (frontier.length > 0) {
    nextFrontier = [];
    nextIds = [];
    for (let f = 0; f < frontier.length; f++) {
      const state = frontier[f]!;
      parent = state;
      parentId = frontierIds[f]!;
      position = 0;
      if (forEach !== undefined) {
        forEach(state, consider);
      } else {
        for (const t of model.next(state)) consider(t.action, t.state);
      }
      if (violation !== undefined) {
        const v = violation;
        const path = [...links.pathTo(v.parentId), v.position];
        const trace = [...replayPath(model, path.slice(0, -1)), { action: v.action, state: v.state }];
        const complete = depth;
        depth = Math.max(depth, trace.length);
        const result: CheckResult<S, A> = {
          kind: 'violation',
          invariant: v.invariant,
          trace,
          path,
          stats: stats(frontier.length - f - 1 + nextFrontier.length, complete),
        };
        return result;
      }
      const more = f + 1 < frontier.length || nextFrontier.length > 0;
      if (options.maxStates !== undefined && seen.size >= options.maxStates && more) {
        return {
          kind: 'incomplete',
          reason: `stopped at ${seen.size} distinct states (--max-states)`,
          stats: stats(frontier.length - f - 1 + nextFrontier.length, depth),
        };
      }
      if ((++explored & 63) !== 0) continue;
      const stop = options.shouldStop?.();
      if (stop !== undefined && more) {
        return {
          kind: 'incomplete',
          reason: stop,
          stats: stats(frontier.length - f - 1 + nextFrontier.length, depth),
        };
      }
      if ((explored & 1023) === 0) {
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
      }
    }
    frontier = nextFrontier;
    frontierIds = nextIds;
    if (frontier.length > 0) depth++;
  }
  return { kind: 'ok', stats: stats(0) };
}
