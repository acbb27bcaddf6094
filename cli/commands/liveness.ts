/**
 * `raft-check check --properties ...`: temporal properties under fairness (checker/liveness/, docs/liveness.md).
 * The behaviour graph is built in one thread; a violation prints as a lasso, its loop marked, and `--out` writes
 * it as ITF with its `loop` index.
 */
import { lassoTrace, type LivenessStats } from '../../checker/liveness/checkLiveness.js';
import type { LassoPath } from '../../checker/liveness/lasso.js';
import { liftTrace } from '../../checker/liveness/liftTrace.js';
import { valueTrace } from '../../harness/checkRaft.js';
import { startLiveness, type LivenessOutcome } from '../../checker/liveness/startLiveness.js';
import { stderrReporter } from '../../checker/reporter.js';
import type { Trace } from '../../checker/trace.js';
import type { RaftAction } from '../../spec/raft/actions.js';
import {
  conditionCount,
  FAMILY_NAMES,
  familyActions,
  fairnessName,
  instancesProblem,
  type FairnessSpec,
} from '../../spec/raft/liveness/fairness.js';
import { MAX_FAIRNESS } from '../../checker/liveness/behaviourGraph.js';
import { RAFT_PROPERTIES } from '../../spec/raft/liveness/properties.js';
import type { RaftModel } from '../../spec/raft/model.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { writeItf } from '../../traces/itf.js';
import { raftTraceToItf } from '../../traces/raft/itf.js';
import { formatTrace } from '../../traces/text.js';
import { formatNumber } from '../formatNumber.js';
import { livenessModels, livenessRecipe, type LivenessRecipeArgs } from '../livenessRecipe.js';
import { parseLinks } from '../../spec/raft/liveness/environment.js';
import { variantModules } from '../../spec/raft/variants.js';
import { VARIANT_MODULES } from '../../spec/raft/variants/registry.js';
import type { VariantModule } from '../../spec/raft/variants/variant.js';
import { replayPath } from '../../checker/path.js';
import { describeModel } from '../modelFlags.js';
import { loadPropertyFiles } from '../propertiesFile.js';
import { intFlag, listFlag, stringFlag, UsageError, type FlagValues } from '../usage.js';
import { workDirFromFlags } from '../machine.js';
import { writeFileAtomic } from '../writeFileAtomic.js';
import { untilDone } from '../untilDone.js';

/**
 * The variants that keep links in the state (hooks.linked), as the flags that switch them on (an option that does,
 * such as `--partitions K`, or `--variant`); their actions on a link.
 */
const cutters = (VARIANT_MODULES as readonly VariantModule[]).filter((m) => m.hooks.linked !== undefined);
const LINK_CUTTERS = cutters
  .map((m) => {
    const option = m.options.find((o) => o.switchesOn);
    return option === undefined ? `--variant ${m.variant.name}` : `--${option.flag} K`;
  })
  .join(' or ');
const LINK_ACTIONS = cutters
  .flatMap((m) => m.actions.filter((a) => a.onLink === true).map((a) => a.name))
  .join(' and ');

/** What `--timers` does to each variant's timed actions (their modules' `liveness.timers`), one line each. */
const TIMER_RULES = (VARIANT_MODULES as readonly VariantModule[])
  .flatMap((m) => Object.values(m.liveness.timers).map((t) => `\n                      ${m.variant.name}: ${t.rule}`))
  .join('');

export const LIVENESS_HELP = `  --properties A,B    check these temporal properties instead of the invariants (docs/liveness.md):
                      ${RAFT_PROPERTIES.map((p) => p.name).join(', ')}, and the { leadsTo: [P, Q] } /
                      { infinitelyOften: P } exports of --invariants-file
  --relative-terms    with --properties: explore terms relative to the smallest currentTerm (older terms by rank),
                      so elections never end at --max-term, which then bounds the spread of terms (docs/liveness.md)
  --links s1-s2,...   with --properties: only these pairs of servers can exchange messages (default every pair)
  --partition-links s1-s3,...
                      with --properties and ${LINK_CUTTERS}: the links that ${LINK_ACTIONS}
                      act on (default every link)
  --timers            with --properties: a server times out only when no leader of its term or a higher one has
                      a working link to it (heartbeats reset real timers; docs/liveness.md)${TIMER_RULES}
  --fair F,G          fairness, TLC's meaning: F or wf:F weak, sf:F strong, F a family: ${FAMILY_NAMES.slice(0, 2).join(', ')}
                      or an action kind (Timeout, BecomeLeader, AdvanceCommitIndex, ...); default none. One
                      condition for the family (WF(\\E i,j: A(i,j))); F@servers one per server, F@pairs one per
                      ordered pair (\\A i,j: WF(A(i,j))), for example AppendEntries@pairs; at most ${MAX_FAIRNESS} in all`;

/** Flags that do not apply to a liveness run, with the reason given when one is used. */
const REFUSED: readonly (readonly [string, string])[] = [
  ['symmetry', 'fairness names servers and a lasso on orbits need not lift to a fair behaviour; drop --symmetry'],
  ['invariants', 'a --properties run checks temporal properties only; run the invariants without --properties'],
  ['checkpoint', 'a liveness run rebuilds its behaviour graph from the start and cannot checkpoint'],
  ['resume', 'a liveness run rebuilds its behaviour graph from the start and cannot resume'],
  [
    'frontier-memory',
    'a liveness run keeps its frontier and fingerprint index in memory (--work-dir moves its edges to files)',
  ],
  ['engine', 'a liveness run explores the flat engine'],
];

/**
 * The fairness conditions `--fair` gives, on `servers` servers; a usage error for an unknown family, a family
 * that cannot be split as asked, or more conditions than the checker keeps.
 */
export function fairnessFromFlags(values: FlagValues, servers: number): FairnessSpec[] {
  const specs = listFlag(values, 'fair').map((item): FairnessSpec => {
    const m = /^(?:(wf|sf):)?([^@]+)(?:@(.*))?$/.exec(item);
    const family = m?.[2] ?? item;
    if (familyActions(family) === undefined) {
      throw new UsageError(`--fair: unknown family '${family}' (known: ${FAMILY_NAMES.join(', ')})`);
    }
    const each = m?.[3];
    if (each !== undefined && each !== 'servers' && each !== 'pairs') {
      throw new UsageError(`--fair: '${item}': after @ comes servers or pairs (one condition per server or per pair)`);
    }
    const problem = each === undefined ? undefined : instancesProblem(family, each);
    if (problem !== undefined) throw new UsageError(`--fair: '${item}': ${problem}`);
    return {
      strength: m?.[1] === 'sf' ? 'strong' : 'weak',
      family,
      ...(each === undefined ? {} : { instances: each }),
    };
  });
  const count = specs.reduce((n, f) => n + conditionCount(f, servers), 0);
  if (count > MAX_FAIRNESS) {
    throw new UsageError(
      `--fair: ${count} conditions on ${servers} servers (@servers is one per server, @pairs one per ordered ` +
        `pair); the checker keeps at most ${MAX_FAIRNESS}`,
    );
  }
  return specs;
}

/**
 * The lasso's behaviour as values. Under relative terms the search ran on normal forms: the behaviour is lifted
 * to the plain model, where its terms go on growing and its last state is the loop's first up to renaming.
 */
/** Equal flat states. */
const same = (a: Int32Array, b: Int32Array): boolean => a.length === b.length && a.every((w, k) => w === b[k]);

function lassoOf(
  args: LivenessRecipeArgs,
  lasso: LassoPath,
): { trace: Trace<ClusterState, RaftAction>; loopStart: number } {
  const { plain, explored, normal } = livenessModels(args);
  const found = lassoTrace(explored, lasso);
  const lifted = explored === plain ? found.trace : liftTrace(plain, normal, same, found.trace);
  return { trace: valueTrace(plain, lifted), loopStart: found.loopStart };
}

/** A finite counterexample to a step property, as values. */
function brokenStepOf(args: LivenessRecipeArgs, path: readonly number[]): Trace<ClusterState, RaftAction> {
  const { plain, explored, normal } = livenessModels(args);
  const found = replayPath(explored, path);
  return valueTrace(plain, explored === plain ? found : liftTrace(plain, normal, same, found));
}

/** The lasso for people: the stem, then the loop with its first state marked, and where it returns. */
export function formatLasso(
  trace: Trace<ClusterState, RaftAction>,
  loopStart: number,
  model: RaftModel,
  describeChanges: (a: ClusterState, b: ClusterState) => string[],
  relative = false,
): string {
  const lines = formatTrace(trace, { formatAction: model.formatAction, describeChanges }).split('\n');
  const width = String(trace.length).length;
  const at = lines.findIndex((l) => l.startsWith(`${String(loopStart + 1).padStart(width)}  `));
  const stutter = loopStart === trace.length - 1;
  lines.splice(at, 0, `--- loop: from state ${loopStart + 1} the behaviour repeats forever ---`);
  lines.push(
    stutter
      ? `--- from state ${loopStart + 1} on the behaviour stutters forever (no fairness condition asks for a step there) ---`
      : relative
        ? `--- state ${trace.length} is state ${loopStart + 1} again with its terms renamed (relative terms): back to the loop's start ---`
        : `--- state ${trace.length} is state ${loopStart + 1} again: back to the loop's start ---`,
  );
  return lines.join('\n');
}

function statsLines(s: LivenessStats): string[] {
  return [
    `states: ${formatNumber(s.distinctStates)} distinct, ${formatNumber(s.generatedStates)} generated, ` +
      `${formatNumber(s.edges)} edges, depth ${s.depth}`,
    `ends: ${formatNumber(s.cut)} states cut by the bounds (every successor breaks one: behaviours through them ` +
      `are not judged), ${formatNumber(s.deadlocked)} deadlocked (they stutter forever)`,
    `bounds (successors discarded): ${Object.entries(s.boundDiscards)
      .map(([b, n]) => `${b} ${formatNumber(n)}`)
      .join(', ')}`,
    `time: ${s.seconds.toFixed(2)} s; graph ${(s.graphBytes / 2 ** 20).toFixed(1)} MiB ` +
      `(${(s.graphBytes / Math.max(1, s.distinctStates)).toFixed(1)} bytes/state)`,
  ];
}

/** `--partition-links`, checked: it needs a variant that cuts links (`linked`), and each link must be one of `--links`. */
function partitionLinksFromFlags(
  values: FlagValues,
  model: RaftModel,
  staticLinks: ((i: number, j: number) => boolean) | undefined,
): string[] | undefined {
  if (values['partition-links'] === undefined) return undefined;
  if (!variantModules(model.config.variants).some((m) => m.hooks.linked !== undefined)) {
    throw new UsageError(`--partition-links needs ${LINK_CUTTERS}: without it no link is ever cut`);
  }
  const items = listFlag(values, 'partition-links');
  const parsed = parseLinks(items, model.config.servers);
  if (typeof parsed === 'string') throw new UsageError(`--partition-links: ${parsed}`);
  for (const item of items) {
    const [a, b] = item.split('-').map((x) => Number(x.slice(1)) - 1) as [number, number];
    if (staticLinks !== undefined && !staticLinks(a, b)) {
      throw new UsageError(`--partition-links: '${item}' is not one of --links, so there is no link to cut`);
    }
  }
  return items;
}

export interface LivenessRunInput {
  readonly values: FlagValues;
  readonly model: RaftModel;
  readonly describeChanges: (a: ClusterState, b: ClusterState) => string[];
}

/** Runs a --properties check; returns the exit code (0 all hold, 1 a violation, 3 incomplete, 4 out of memory). */
export async function runLiveness({ values, model, describeChanges }: LivenessRunInput): Promise<number> {
  for (const [flag, why] of REFUSED) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} does not apply with --properties: ${why}`);
  }
  if (values.workers !== undefined && intFlag(values, 'workers', 1, 1, 256) > 1) {
    throw new UsageError(
      '--workers above 1 does not apply with --properties: the fair-cycle search needs the whole behaviour graph in one thread',
    );
  }
  const files = listFlag(values, 'invariants-file');
  const fromFiles = await loadPropertyFiles(files);
  const known = [...RAFT_PROPERTIES.map((p) => p.name), ...fromFiles.map((p) => p.name)];
  const names = listFlag(values, 'properties');
  if (names.length === 0) throw new UsageError('--properties needs at least one property');
  for (const name of names) {
    if (!known.includes(name)) throw new UsageError(`unknown property '${name}' (known: ${known.join(', ')})`);
  }
  const fairness = fairnessFromFlags(values, model.config.servers);
  const quiet = values.quiet === true;
  const out = stringFlag(values, 'out');
  const maxStates = values['max-states'] === undefined ? undefined : intFlag(values, 'max-states', 0, 1, 2 ** 31 - 1);
  const heapMib = values['max-heap'] === undefined ? undefined : intFlag(values, 'max-heap', 0, 16, 2 ** 20);
  const workDir = workDirFromFlags(values);
  const linkItems = values.links === undefined ? undefined : listFlag(values, 'links');
  const staticLinks = linkItems === undefined ? undefined : parseLinks(linkItems, model.config.servers);
  if (typeof staticLinks === 'string') throw new UsageError(`--links: ${staticLinks}`);
  const fragileItems = partitionLinksFromFlags(values, model, staticLinks);
  const args: LivenessRecipeArgs = {
    config: model.config,
    bugs: model.bugs,
    properties: names,
    invariantFiles: files,
    fairness,
    relativeTerms: values['relative-terms'] === true,
    ...(linkItems === undefined ? {} : { links: linkItems }),
    timers: values.timers === true,
    ...(fragileItems === undefined ? {} : { partitionLinks: fragileItems }),
  };
  const run = startLiveness(livenessRecipe(args), {
    ...(maxStates === undefined ? {} : { maxStates }),
    ...(heapMib === undefined ? {} : { heapMib }),
    // With --work-dir every edge goes to files there from the start; without, past 4 Mi edges, to the temp dir.
    ...(workDir === undefined ? {} : { edges: { workDir } }),
    ...(quiet
      ? {}
      : {
          onProgress: (p) => {
            stderrReporter.progress(p);
          },
        }),
  });
  const outcome: LivenessOutcome = await untilDone(run, quiet);
  const fair =
    fairness.length === 0 ? 'none (behaviours may stutter forever anywhere)' : fairness.map(fairnessName).join(', ');
  const lines = [`model: ${describeModel(model)}`, `fairness: ${fair}`];
  if (outcome.kind === 'incomplete') {
    lines.push(
      `result: INCOMPLETE (${outcome.reason}): no verdict; ${formatNumber(outcome.distinctStates)} distinct states, ` +
        `${formatNumber(outcome.generatedStates)} generated, ${outcome.seconds.toFixed(2)} s`,
    );
    if (values.json === true) console.log(JSON.stringify({ result: 'incomplete', ...outcome }));
    else console.log(lines.join('\n'));
    return outcome.cause === 'memory' ? 4 : 3;
  }
  const violated = outcome.verdicts.flatMap((v) => (v.kind === 'violated' ? [v] : []));
  const anyViolated = outcome.verdicts.some((v) => v.kind !== 'holds');
  const relative = values['relative-terms'] === true;
  const traces = violated.map((v) => ({ property: v.property, ...lassoOf(args, v.lasso) }));
  const broken = outcome.verdicts.flatMap((v) =>
    v.kind === 'brokenStep' ? [{ property: v.property, trace: brokenStepOf(args, v.path) }] : [],
  );
  if (values.json === true) {
    console.log(
      JSON.stringify({
        result: anyViolated ? 'violated' : 'holds',
        model: { ...model.config, bugs: model.bugs },
        fairness: fairness.map(fairnessName),
        verdicts: outcome.verdicts.map((v) => {
          const t = traces.find((x) => x.property === v.property);
          const b = broken.find((x) => x.property === v.property);
          return t !== undefined
            ? { property: v.property, holds: false, states: t.trace.length, loop: t.loopStart }
            : b !== undefined
              ? { property: v.property, holds: false, states: b.trace.length }
              : { property: v.property, holds: true };
        }),
        stats: outcome.stats,
      }),
    );
  } else {
    lines.push(anyViolated ? 'result: VIOLATION' : 'result: every property holds within the bounds');
    for (const v of outcome.verdicts) {
      const t = traces.find((x) => x.property === v.property);
      const b = broken.find((x) => x.property === v.property);
      lines.push(
        t !== undefined
          ? `  ${v.property.padEnd(28)} VIOLATED: a lasso of ${t.trace.length} states, its loop from state ${t.loopStart + 1}`
          : b !== undefined
            ? `  ${v.property.padEnd(28)} VIOLATED: the last step of a behaviour of ${b.trace.length} states breaks it`
            : `  ${v.property.padEnd(28)} holds`,
      );
    }
    lines.push(...statsLines(outcome.stats));
    if (outcome.stats.cut > 0 && outcome.verdicts.some((v) => v.kind === 'holds')) {
      lines.push(
        `warning: "holds" covers only the behaviours that stay within the bounds; ${formatNumber(outcome.stats.cut)} ` +
          'states end every behaviour that goes on through them (with --max-term, every run of elections ends so)',
      );
    }
    for (const t of traces) {
      lines.push(
        '',
        `counterexample to ${t.property}:`,
        formatLasso(t.trace, t.loopStart, model, describeChanges, relative),
      );
    }
    for (const b of broken) {
      const text = formatTrace(b.trace, { formatAction: model.formatAction, describeChanges });
      lines.push('', `counterexample to ${b.property} (its last step deposes the leader):`, text);
    }
    console.log(lines.join('\n'));
  }
  const first = traces[0];
  const firstBroken = broken[0];
  if (out !== undefined && first === undefined && firstBroken !== undefined) {
    const itf = raftTraceToItf(firstBroken.trace, model, {
      status: 'violation',
      description: `counterexample to ${firstBroken.property} (its last step); model: ${describeModel(model)}`,
      invariant: firstBroken.property,
    });
    writeFileAtomic(out, writeItf(itf));
  }
  if (out !== undefined && first !== undefined) {
    const itf = raftTraceToItf(first.trace, model, {
      status: 'violation',
      description: `lasso violating ${first.property}; model: ${describeModel(model)}; fairness: ${fair}`,
      invariant: first.property,
    });
    writeFileAtomic(out, writeItf({ ...itf, loop: first.loopStart }));
    if (!quiet)
      process.stderr.write(`wrote the lasso (${first.trace.length} states, loop ${first.loopStart}, ITF) to ${out}\n`);
  }
  return anyViolated ? 1 : 0;
}
