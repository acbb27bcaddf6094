/**
 * A Raft liveness problem (checker/liveness/problem.ts) as a recipe, so that the liveness thread builds its own
 * copy: the flat model, the properties' predicates on flat states, the fairness families as predicates on
 * action codes.
 */
import type { Fairness, StepProperty, TemporalProperty } from '../checker/liveness/temporal.js';
import type { LivenessProblem } from '../checker/liveness/problem.js';
import type { ModelRecipe } from '../checker/recipe.js';
import type { RaftConfig } from '../spec/raft/config.js';
import { fairnessConditions, type FairnessSpec } from '../spec/raft/liveness/fairness.js';
import { findProperty, type RaftTemporal } from '../spec/raft/liveness/properties.js';
import { Cluster } from '../spec/raft/cluster.js';
import { parseLinks, restrictedModel, workingLinks } from '../spec/raft/liveness/environment.js';
import { flatNormaliser, relativeTermsModel } from '../spec/raft/liveness/relativeTerms.js';
import { fastRaftModel, type FastRaftModel } from '../spec/raft/model.js';
import { loadPropertyFiles } from './propertiesFile.js';

export interface LivenessRecipeArgs {
  readonly config: RaftConfig;
  readonly bugs: readonly string[];
  /** Built-in properties (spec/raft/liveness/properties.ts) and those of the files, by name. */
  readonly properties: readonly string[];
  readonly invariantFiles: readonly string[];
  readonly fairness: readonly FairnessSpec[];
  /** Explore normal forms under relative terms (spec/raft/liveness/relativeTerms.ts). */
  readonly relativeTerms?: boolean;
  /** `--links` as given (absent: every pair) and `--timers` (spec/raft/liveness/environment.ts). */
  readonly links?: readonly string[];
  readonly timers?: boolean;
  /** `--partition-links` as given (absent: every link may be cut). */
  readonly partitionLinks?: readonly string[];
}

/** The static link predicate of `links` (every pair when absent). */
export function linksOf(args: LivenessRecipeArgs): (i: number, j: number) => boolean {
  return linkList(args.links, args.config.servers, 'links');
}

function linkList(
  items: readonly string[] | undefined,
  servers: number,
  flag: string,
): (i: number, j: number) => boolean {
  if (items === undefined) return () => true;
  const parsed = parseLinks(items, servers);
  if (typeof parsed === 'string') throw new Error(`--${flag}: ${parsed}`);
  return parsed;
}

/**
 * The flat models of a run: `plain`, the model restricted to the environment, whose behaviours are raft.tla's;
 * `explored`, the one the search runs (plain, or its normal forms under relative terms); and `normal`, the
 * normal form a lasso is lifted back through (the identity without relative terms).
 */
export function livenessModels(args: LivenessRecipeArgs): {
  plain: FastRaftModel;
  explored: FastRaftModel;
  normal: (s: Int32Array) => Int32Array;
} {
  const fast = fastRaftModel(args.config, args.bugs, []);
  const plain = restrictedModel(fast, {
    ...(args.links === undefined ? {} : { links: linksOf(args) }),
    timers: args.timers === true,
    ...(args.partitionLinks === undefined
      ? {}
      : { partitionLinks: linkList(args.partitionLinks, args.config.servers, 'partition-links') }),
  });
  if (args.relativeTerms !== true) return { plain, explored: plain, normal: (s) => s };
  return { plain, explored: relativeTermsModel(plain), normal: flatNormaliser(fast) };
}

/** The engine's properties for the names given: built-in ones expanded, then the files'. */
export async function raftTemporals(args: LivenessRecipeArgs): Promise<RaftTemporal[]> {
  const fromFiles = await loadPropertyFiles(args.invariantFiles);
  const links = workingLinks(args.config, linksOf(args));
  return args.properties.flatMap((name) => {
    const builtIn = findProperty(name);
    if (builtIn !== undefined) return builtIn.build(args.config, links);
    const user = fromFiles.find((p) => p.name === name);
    if (user === undefined) throw new Error(`liveness recipe: unknown property '${name}'`);
    return [user];
  });
}

/** The problem a recipe names. */
export async function buildRaftLiveness(args: LivenessRecipeArgs): Promise<LivenessProblem<Int32Array, number>> {
  const all = await raftTemporals(args);
  const temporals = all.flatMap((t) => (t.kind === 'step' ? [] : [t]));
  // Each predicate becomes an invariant of a throwaway model, which puts it on flat states the way the model's
  // own invariants are (one shared reader).
  const predicates = temporals.flatMap((t, k) => [
    { name: `${k}.p`, holds: t.p },
    ...(t.kind === 'leadsTo' ? [{ name: `${k}.q`, holds: t.q }] : []),
  ]);
  const onFlat = fastRaftModel(args.config, args.bugs, predicates).invariants;
  const flat = (name: string): ((s: Int32Array) => boolean) => {
    const inv = onFlat.find((i) => i.name === name)!;
    return (s) => inv.holds(s);
  };
  const properties = temporals.map((t, k): TemporalProperty<Int32Array> =>
    t.kind === 'leadsTo'
      ? { name: t.name, kind: 'leadsTo', p: flat(`${k}.p`), q: flat(`${k}.q`) }
      : { name: t.name, kind: t.kind, p: flat(`${k}.p`) },
  );
  const { explored } = livenessModels(args);
  // A per-instance condition reads a Receive's servers from the state the step is taken from.
  const source = new Cluster(explored.layout);
  const fairness = args.fairness.flatMap((f) =>
    fairnessConditions(f, args.config.servers).map((c): Fairness<number, Int32Array> => ({
      name: c.name,
      strength: f.strength,
      includes: (code, s) => c.includes(code, () => source.begin(s)),
    })),
  );
  const from = new Cluster(explored.layout);
  const to = new Cluster(explored.layout);
  const steps = all.flatMap((t): StepProperty<Int32Array, number>[] =>
    t.kind === 'step'
      ? [
          {
            name: t.name,
            holds: (s, code, u) => t.holds(from.begin(s), code, to.begin(u)),
            arms: (s) => t.arms(from.begin(s)),
            disarms: (s, code, u) => t.disarms(from.begin(s), code, to.begin(u)),
          },
        ]
      : [],
  );
  const model = { ...explored, decode: (w: Int32Array) => w };
  return { model, properties, fairness, steps };
}

/** The recipe for `buildRaftLiveness(args)`. */
export function livenessRecipe(args: LivenessRecipeArgs): ModelRecipe {
  return { module: new URL('./livenessRecipe.js', import.meta.url).href, exportName: 'buildRaftLiveness', args };
}
