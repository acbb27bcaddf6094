/**
 * The explorer's one door into the project: every import from spec/, checker/ and traces/ is here, and the rest
 * of the page sees only what this module exports. Why one door: the spec is being rewritten behind its public
 * names (raftModel, checkRaft, clusterToJson, describeChanges, the ITF mapping), so the page must depend on those
 * names and on nothing else, and a rename should cost one file.
 *
 * States are opaque to the page (`RaftState`); it reads them through `stateJson`, the JSON view reports use, and
 * never through Immutable internals.
 */
import { shrink } from '../../checker/shrink.js';
import { simulate } from '../../checker/simulate.js';
import { BUGS, missingVariants } from '../../spec/raft/bugs.js';
import { checkRaft } from '../../harness/checkRaft.js';
import { CONFIG_RANGES, DEFAULT_CONFIG, configError, type RaftConfig } from '../../spec/raft/config.js';
import { clusterToJson, describeChanges, variablesOf, type ClusterJson } from '../../spec/raft/describe.js';
import { raftModel, type RaftModel } from '../../spec/raft/model.js';
import { VARIANT_OPTIONS, VARIANTS, type VariantOptionKey } from '../../spec/raft/variants.js';
import { formatItfProblem, parseItf, writeItf, type ItfMap, type ItfTrace } from '../../traces/itf.js';
import { modelFromItfMeta, raftStepsFromItf, raftTraceToItf } from '../../traces/raft/itf.js';

export type { ClusterJson, RaftConfig };
export { CONFIG_RANGES, DEFAULT_CONFIG };

/** A cluster state; the page only passes it back to this module. */
export type RaftState = ReturnType<RaftModel['initialStates']>[number];
/** An action; the page only passes it back to this module (to write a trace). */
export type RaftStepAction = ReturnType<RaftModel['next']>[number]['action'];

/** The bugs a model may swap in, with what each breaks. */
export const BUG_LIST: readonly {
  readonly name: string;
  readonly description: string;
  /** The variants it needs on (it changes one of their rules). */
  readonly variants: readonly string[];
}[] = BUGS.map((b) => ({ name: b.name, description: b.description, variants: b.variants ?? [] }));

/** The protocol variants a model may switch on (docs/variants.md), with what each changes. */
export const VARIANT_LIST: readonly { readonly name: string; readonly description: string }[] = VARIANTS.map((v) => ({
  name: v.name,
  description: v.description,
}));

/** The variants' settings (membership's initialMembers, partitions' partitions): integers, absent unless given. */
export const OPTION_LIST: readonly {
  readonly key: VariantOptionKey;
  readonly variant: string;
  /** What it sets, and what its absence means. */
  readonly description: string;
  readonly min: number;
  /** Its largest value, or the model's number of servers. */
  readonly max: number | 'servers';
}[] = VARIANT_OPTIONS.map((o) => ({
  key: o.key,
  variant: o.variant,
  description: `${o.variant}: ${o.help} (empty: ${o.fallback})`,
  min: o.min,
  max: o.max,
}));

/**
 * The problem with a choice, in one line, or undefined: the configuration's (bounds, variants, their settings)
 * or a bug whose variant is off (it would change nothing, so the page would show the reference model under the
 * bug's name).
 */
export function choiceError(choice: ModelChoice): string | undefined {
  const problem = configError(choice.config);
  if (problem !== undefined) return problem;
  for (const name of choice.bugs) {
    const missing = missingVariants(choice.config, name);
    if (missing.length > 0) return `bug ${name} needs the variant ${missing.join(', ')}`;
  }
  return undefined;
}

/** A model as the page chooses it: bounds and switches, variants, and bug names. */
export interface ModelChoice {
  readonly config: RaftConfig;
  readonly bugs: readonly string[];
}

/** One successor of a state: its label as the CLI prints it, its action's kind, and the state it leads to. */
export interface Successor {
  readonly action: RaftStepAction;
  readonly label: string;
  readonly name: string;
  readonly state: RaftState;
}

/** What the page asks of a model. */
export interface Engine {
  readonly choice: ModelChoice;
  readonly invariantNames: readonly string[];
  initialStates(): readonly RaftState[];
  /** Every successor in the spec's order: its position in this list is what a path records. */
  successors(state: RaftState): readonly Successor[];
  /** Names of the invariants `state` violates, in the model's order. */
  violated(state: RaftState): string[];
  /** Whether `state` is within the model's bounds (the checker would not explore past it otherwise). */
  withinBounds(state: RaftState): boolean;
  json(state: RaftState): ClusterJson;
  /** One line per changed server and per message sent or removed, as counterexamples print them. */
  changes(before: RaftState, after: RaftState): string[];
  /** The behaviour as ITF text, as `raft-check --out` writes it (so `raft-check replay` reads it). */
  itf(
    steps: readonly { readonly state: RaftState; readonly action: RaftStepAction | null }[],
    invariant?: string,
  ): string;
}

/** The engine of a model; bug names must be known (`BUG_LIST`). */
export function makeEngine(choice: ModelChoice): Engine {
  const model = raftModel(choice.config, choice.bugs);
  // Every redraw asks for the successors of the state shown; states are immutable values, so they can be kept.
  const successors = new WeakMap<RaftState, readonly Successor[]>();
  return {
    choice,
    invariantNames: model.invariants.map((inv) => inv.name),
    initialStates: () => model.initialStates(),
    successors: (state) => {
      let list = successors.get(state);
      if (list === undefined) {
        list = model.next(state).map((t) => ({
          action: t.action,
          label: model.formatAction(t.action),
          name: model.actionName(t.action),
          state: t.state,
        }));
        successors.set(state, list);
      }
      return list;
    },
    violated: (state) => model.invariants.filter((inv) => !inv.holds(state)).map((inv) => inv.name),
    withinBounds: (state) => model.bounds.every((b) => b.holds(state)),
    json: (s) => clusterToJson(s, variablesOf(model.config.variants)),
    changes: describeChanges,
    itf: (steps, invariant) =>
      writeItf(
        raftTraceToItf(steps, model, {
          status: invariant === undefined ? 'ok' : 'violation',
          description:
            invariant === undefined
              ? 'a behaviour saved by the explorer'
              : `counterexample to ${invariant}, saved by the explorer`,
          ...(invariant === undefined ? {} : { invariant }),
        }),
      ),
  };
}

/** A trace read from an ITF file: the model its `#meta` names, the invariant it violates, and its states. */
export interface LoadedTrace {
  readonly choice: ModelChoice;
  /** The invariant `#meta` says the last state violates, if it says. */
  readonly invariant: string | undefined;
  readonly steps: readonly { readonly state: RaftState; readonly label: string | undefined }[];
  /** A lasso's loop (ITF `loop`): the index of the state the last one returns to. */
  readonly loop: number | undefined;
}

/**
 * The sizes a trace without our `#meta` (Apalache's, Quint's) implies: as many servers as its first state's
 * currentTerm has keys, as many values as the highest value name it mentions. Bounds it cannot say.
 */
function sizesOf(trace: ItfTrace): Partial<RaftConfig> {
  const first = trace.states[0]?.values.currentTerm;
  const servers =
    first !== undefined && typeof first === 'object' && '#map' in first ? (first as ItfMap)['#map'].length : undefined;
  const names = [...JSON.stringify(trace.states).matchAll(/"v(\d+)"/g)].map((m) => Number(m[1]));
  const [lo, hi] = CONFIG_RANGES.values;
  const values = names.length === 0 ? undefined : Math.min(hi, Math.max(lo, ...names));
  return {
    ...(servers === undefined ? {} : { servers: Math.min(CONFIG_RANGES.servers[1], Math.max(1, servers)) }),
    ...(values === undefined ? {} : { values }),
  };
}

/** Reads ITF text of the reference model; a problem is one line naming the state and field. */
export function readItf(text: string): { ok: true; value: LoadedTrace } | { ok: false; error: string } {
  const parsed = parseItf(text);
  if (!parsed.ok) return { ok: false, error: formatItfProblem(parsed.error) };
  const meta = modelFromItfMeta(parsed.value.meta);
  const { bugs = [], ...config } = meta;
  const known = bugs.filter((b) => BUGS.some((bug) => bug.name === b));
  if (known.length < bugs.length) {
    const unknown = bugs.filter((b) => !known.includes(b));
    return { ok: false, error: `the trace names unknown bugs: ${unknown.join(', ')}` };
  }
  const choice: ModelChoice = { config: { ...DEFAULT_CONFIG, ...sizesOf(parsed.value), ...config }, bugs: known };
  const steps = raftStepsFromItf(parsed.value, choice.config);
  if (!steps.ok) return { ok: false, error: formatItfProblem(steps.error) };
  const ours = parsed.value.meta['raft-check'];
  const invariant =
    typeof ours === 'object' && ours !== null && typeof (ours as Record<string, unknown>).invariant === 'string'
      ? ((ours as Record<string, unknown>).invariant as string)
      : undefined;
  const loop = parsed.value.loop;
  if (loop !== undefined && (loop < 0 || loop >= steps.value.length)) {
    return { ok: false, error: `'loop' is ${loop}, not the index of one of its ${steps.value.length} states` };
  }
  return {
    ok: true,
    value: { choice, invariant, steps: steps.value.map((s) => ({ state: s.state, label: s.action })), loop },
  };
}

/** How far a search has got, for the progress line. */
export interface SearchProgress {
  /** Distinct states (check) or steps taken (simulation). */
  readonly states: number;
  /** The level the check has reached; undefined for a simulation. */
  readonly depth: number | undefined;
  /** Walks done (simulation); undefined for a check. */
  readonly walks: number | undefined;
  readonly perSecond: number;
  readonly seconds: number;
}

/** How a search ended; a violation carries its behaviour as successor labels after the initial state. */
export type SearchOutcome =
  | { readonly kind: 'ok'; readonly summary: string }
  | { readonly kind: 'incomplete'; readonly summary: string }
  | {
      readonly kind: 'violation';
      readonly invariant: string;
      readonly labels: readonly string[];
      readonly summary: string;
    };

/** Breadth-first check of the whole model (the CLI's default command), reporting progress every interval. */
export function runCheck(
  choice: ModelChoice,
  maxStates: number | undefined,
  onProgress: (p: SearchProgress) => void,
): SearchOutcome {
  const result = checkRaft(choice.config, choice.bugs, {
    progressIntervalMs: 500,
    ...(maxStates === undefined ? {} : { maxStates }),
    reporter: {
      progress: (p) => {
        onProgress({
          states: p.distinctStates,
          depth: p.depth,
          walks: undefined,
          perSecond: p.seconds > 0 ? p.distinctStates / p.seconds : 0,
          seconds: p.seconds,
        });
      },
    },
  });
  const s = result.stats;
  const summary =
    `${s.distinctStates.toLocaleString('en-US')} distinct states, ${s.generatedStates.toLocaleString('en-US')} ` +
    `generated, depth ${s.depth}, ${s.seconds.toFixed(2)} s`;
  const model = raftModel(choice.config, choice.bugs);
  switch (result.kind) {
    case 'ok':
      return { kind: 'ok', summary };
    case 'incomplete':
      return { kind: 'incomplete', summary: `${result.reason}; ${summary}` };
    case 'violation':
      return {
        kind: 'violation',
        invariant: result.invariant,
        labels: result.trace.slice(1).map((step) => model.formatAction(step.action!)),
        summary,
      };
  }
}

/**
 * Seeded random walks (the CLI's `simulate`), in slices of `sliceWalks` walks so progress can be reported
 * between them; a violating walk is shrunk as the CLI shrinks it. Walk w is the same walk whatever the slicing,
 * so a run is reproducible from its seed.
 */
export function runSimulation(
  choice: ModelChoice,
  options: { readonly seed: number; readonly seconds: number; readonly maxDepth: number },
  onProgress: (p: SearchProgress) => void,
  sliceWalks = 50,
): SearchOutcome {
  const model = raftModel(choice.config, choice.bugs);
  const started = performance.now();
  let walks = 0;
  let steps = 0;
  for (;;) {
    const elapsed = (performance.now() - started) / 1000;
    if (elapsed >= options.seconds) break;
    const result = simulate(model, {
      seed: options.seed,
      firstWalk: walks,
      walks: walks + sliceWalks,
      maxDepth: options.maxDepth,
      seconds: options.seconds - elapsed,
    });
    walks += result.stats.walks;
    steps += result.stats.steps;
    const seconds = (performance.now() - started) / 1000;
    if (result.kind === 'violation') {
      const shrunk = shrink(model, result.trace, result.invariant);
      const labels = shrunk.trace.slice(1).map((step) => model.formatAction(step.action!));
      return {
        kind: 'violation',
        invariant: result.invariant,
        labels,
        summary:
          `walk ${result.walk} of seed ${options.seed} (${result.trace.length} states, shrunk to ` +
          `${shrunk.trace.length}); ${walks.toLocaleString('en-US')} walks, ${steps.toLocaleString('en-US')} steps, ` +
          `${seconds.toFixed(2)} s`,
      };
    }
    onProgress({ states: steps, depth: undefined, walks, perSecond: seconds > 0 ? steps / seconds : 0, seconds });
    if (result.stats.walks === 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    kind: 'ok',
    summary: `no violation in ${walks.toLocaleString('en-US')} walks, ${steps.toLocaleString('en-US')} steps, ${seconds.toFixed(2)} s (seed ${options.seed})`,
  };
}

/**
 * An etcd trace (etcd-io/raft's trace logger's records, docs/etcd.md) as frames of the etcd profile: the page
 * shows it read-only, one row per record, the rejected record marked.
 */
export { etcdTraceFrames, type EtcdFrames } from '../../traces/etcd/frames.js';

/** Whether `text` is an etcd trace rather than ITF: a line holding a zap record tagged "trace". */
export function isEtcdTrace(text: string): boolean {
  return /^[^\n{]*\{[^\n]*"tag"\s*:\s*"trace"/m.test(text.slice(0, 65536));
}
