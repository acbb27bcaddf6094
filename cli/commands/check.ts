/** `raft-check [check]`: exhaustive breadth-first check of the model the flags describe. */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { CheckResult } from '../../checker/bfs.js';
import { replayPath } from '../../checker/path.js';
import { stderrReporter } from '../../checker/reporter.js';
import { startSearch, type SearchOutcome } from '../../checker/search.js';
import type { RaftAction } from '../../spec/raft/actions.js';
import { clusterToJson, describeChanges, variablesOf } from '../../spec/raft/describe.js';
import { RAFT_INVARIANTS, type RaftInvariant } from '../../spec/raft/invariants.js';
import { loadInvariantFiles } from '../invariantsFile.js';
import type { RaftModel } from '../../spec/raft/model.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { checkReport, type StepRendering } from '../../traces/report.js';
import { formatTrace, type TraceRendering } from '../../traces/text.js';
import { checkOutPath, writeItfCounterexample } from '../itfOut.js';
import { describeModel, MODEL_HELP, MODEL_OPTIONS, modelFromFlags } from '../modelFlags.js';
import { intFlag, listFlag, parseFlags, stringFlag, UsageError } from '../usage.js';
import { formatNumber } from '../formatNumber.js';
import { ENGINES, type Engine } from '../../harness/checkRaft.js';
import { raftRecipe } from '../raftRecipe.js';
import { largeConfigWarning } from '../largeConfig.js';

export const CHECK_HELP = `Usage: raft-check [check] [flags]

Explores every state of the Raft reference model within the bounds, checks the invariants on each, and prints
the shortest counterexample when one breaks. Exit code 0: every invariant holds; 1: violation; 2: bad usage;
3: incomplete (--max-states, or stopped by Ctrl-C or SIGTERM, with the partial counts); 4: out of memory.

${MODEL_HELP}

Check:
  --invariants A,B    check only these (default all): ${RAFT_INVARIANTS.map((i) => i.name).join(', ')},
                      and those of --invariants-file
  --invariants-file F load every export of the module F (.js, .mjs or .ts) as an invariant (s) => boolean over
                      the state as --json shows it, named after its export (repeatable)
  --max-states N      stop after N distinct states (result incomplete, exit 3)
  --json              print one JSON object on stdout instead of the summary
  --out FILE          on a violation, write the counterexample to FILE in ITF (name it *.itf.json)
  --quiet             no progress lines on stderr
  --engine E          flat (default: the fast twin of the spec) or reference (the Immutable.js spec itself);
                      both give the same counts and counterexamples
  --workers N         search threads (default: the number of cores, ${availableParallelism()} here; 1 with
                      --engine reference); any N gives the same counts and the same counterexample
  --max-heap MIB      memory budget of each search thread, heap and buffers (default: this process's heap
                      limit, see node --max-old-space-size); past 90% of it the search stops with a report
  --work-dir DIR      where the search keeps its files (parent links, 6 bytes a state; default the system's
                      temporary directory); they are removed when the run ends
  --help              this text`;

export const CHECK_OPTIONS = {
  ...MODEL_OPTIONS,
  invariants: { type: 'string' },
  'invariants-file': { type: 'string', multiple: true },
  'max-states': { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  quiet: { type: 'boolean' },
  engine: { type: 'string' },
  workers: { type: 'string' },
  'max-heap': { type: 'string' },
  'work-dir': { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** Exit codes of `check`. */
export const EXIT = { ok: 0, violation: 1, usage: 2, incomplete: 3, memory: 4 } as const;

/** The invariant names the flags select; a usage error for an unknown one. */
export function invariantsFromFlags(names: string[], loaded: readonly RaftInvariant[] = []): string[] | undefined {
  if (names.length === 0) return undefined;
  const known = [...RAFT_INVARIANTS, ...loaded].map((i) => i.name);
  for (const name of names) {
    if (!known.includes(name)) throw new UsageError(`unknown invariant '${name}' (known: ${known.join(', ')})`);
  }
  return names;
}

/** How counterexamples and reports render this model's states. */
export function renderingFor(
  model: RaftModel,
): TraceRendering<ClusterState, RaftAction> & StepRendering<ClusterState, RaftAction> {
  return {
    actionName: model.actionName,
    formatAction: model.formatAction,
    describeChanges,
    stateToJson: (s) => clusterToJson(s, variablesOf(model.config.variants)),
  };
}

/** The summary printed for people. */
export function formatSummary(
  model: RaftModel,
  result: CheckResult<ClusterState, RaftAction>,
  approximate = false,
): string {
  const s = result.stats;
  const lines: string[] = [];
  lines.push(`model: ${describeModel(model)}`);
  if (result.kind === 'violation') {
    lines.push(`result: VIOLATION of ${result.invariant} after ${result.trace.length} states`);
    lines.push('');
    lines.push(formatTrace(result.trace, renderingFor(model)));
    lines.push('');
  } else if (result.kind === 'incomplete') {
    lines.push(`result: INCOMPLETE (${result.reason}); what follows covers only the part explored`);
    if (approximate) lines.push('(the search did not stop in time; the counts are those of its last progress report)');
  } else {
    lines.push('result: ok, every invariant holds');
  }
  const rate = (x: number): string => formatNumber(Math.round(x / Math.max(s.seconds, 1e-9)));
  lines.push(
    `states: ${formatNumber(s.distinctStates)} distinct, ${formatNumber(s.generatedStates)} generated, depth ${s.depth}, ` +
      `${formatNumber(s.queueLeft)} left in queue`,
  );
  lines.push(
    `time: ${s.seconds.toFixed(2)} s, ${rate(s.distinctStates)} distinct/s, ${rate(s.generatedStates)} generated/s`,
  );
  lines.push(
    `fingerprints: ${s.fingerprintBits ?? 127} bits, ${(s.storeBytes / Math.max(s.distinctStates, 1)).toFixed(1)} bytes/state, ` +
      `collision probability <= ${s.collisionProbability.toExponential(1)}`,
  );
  lines.push('actions (fired / new states):');
  for (const [name, a] of Object.entries(s.actions)) {
    lines.push(`  ${name.padEnd(28)} ${formatNumber(a.fired).padStart(12)} ${formatNumber(a.distinct).padStart(12)}`);
  }
  lines.push('bounds (successors discarded):');
  const successors = s.generatedStates - model.initialStates().length;
  for (const [name, discarded] of Object.entries(s.boundDiscards)) {
    const note =
      result.kind === 'ok' && discarded === 0
        ? '  warning: this bound discarded nothing; it does not limit the search'
        : discarded === successors
          ? '  warning: this bound discarded every successor; nothing past the initial state was explored'
          : '';
    lines.push(`  ${name.padEnd(28)} ${formatNumber(discarded).padStart(12)}${note}`);
  }
  return lines.join('\n');
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The hint printed when a search runs out of memory. */
export const MEMORY_HINT =
  'the search ran out of memory; try --max-states N to stop earlier, smaller bounds, or a larger --max-heap';

/** Runs the command; returns the exit code. */
export async function runCheck(args: readonly string[]): Promise<number> {
  const { values } = parseFlags(args, CHECK_OPTIONS);
  if (values.help === true) {
    console.log(CHECK_HELP);
    return 0;
  }
  const model = modelFromFlags(values);
  const loaded = await loadInvariantFiles(listFlag(values, 'invariants-file'));
  const all = [...RAFT_INVARIANTS, ...loaded];
  const invariants = invariantsFromFlags(listFlag(values, 'invariants'), loaded);
  const maxStates = values['max-states'] === undefined ? undefined : intFlag(values, 'max-states', 0, 1, 2 ** 31 - 1);
  const engine = stringFlag(values, 'engine') ?? 'flat';
  if (!(ENGINES as readonly string[]).includes(engine)) {
    throw new UsageError(`--engine must be one of ${ENGINES.join(', ')}, got '${engine}'`);
  }
  const workers = intFlag(values, 'workers', engine === 'reference' ? 1 : availableParallelism(), 1, 256);
  if (workers > 1 && engine === 'reference') {
    throw new UsageError('--workers above 1 needs the flat engine (reference states cannot cross threads)');
  }
  const heapMib = values['max-heap'] === undefined ? undefined : intFlag(values, 'max-heap', 0, 16, 2 ** 20);
  const workDir = stringFlag(values, 'work-dir');
  if (workDir !== undefined && !isDirectory(workDir)) throw new UsageError(`--work-dir ${workDir} is not a directory`);
  const out = stringFlag(values, 'out');
  if (out !== undefined) checkOutPath(out);
  const quiet = values.quiet === true;
  const warning = largeConfigWarning(model.config);
  if (warning !== undefined && !quiet) process.stderr.write(`warning: ${warning}\n`);

  const search = startSearch(
    raftRecipe({
      config: model.config,
      bugs: model.bugs,
      engine: engine as Engine,
      invariantFiles: listFlag(values, 'invariants-file'),
    }),
    {
      workers,
      // The flat engine decodes, so it takes the compact parallel search even with one worker.
      parallel: engine === 'flat',
      ...(workDir === undefined ? {} : { workDir }),
      boundNames: model.bounds.map((b) => b.name),
      ...(invariants === undefined ? {} : { invariants }),
      ...(maxStates === undefined ? {} : { maxStates }),
      ...(heapMib === undefined ? {} : { heapMib }),
      ...(quiet
        ? {}
        : {
            onProgress: (p) => {
              stderrReporter.progress(p);
            },
          }),
    },
  );
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!quiet) process.stderr.write(`raft-check: ${signal}, stopping (the report follows)\n`);
    search.stop(`interrupted by ${signal}`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let outcome: SearchOutcome;
  try {
    outcome = await search.done;
  } catch (e) {
    // A user's invariant that threw in a search thread arrives as a message: report it as the input error it is.
    const message = (e instanceof Error ? e.message : String(e)).replace(/^(Error: )+/, '').split('\n')[0]!;
    if (/^invariant '[^']+' threw: /.test(message)) throw new UsageError(message);
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const result: CheckResult<ClusterState, RaftAction> =
    outcome.kind === 'violation'
      ? { ...outcome, path: [...outcome.path], trace: replayPath(model, outcome.path) }
      : outcome.kind === 'incomplete'
        ? { kind: 'incomplete', reason: outcome.reason, stats: outcome.stats }
        : outcome;
  const extra =
    outcome.kind === 'incomplete'
      ? { stoppedBy: outcome.cause, ...(outcome.approximate ? { approximate: true } : {}) }
      : {};
  if (values.json === true) {
    const report = checkReport(result, renderingFor(model), {
      model: { ...model.config, bugs: model.bugs },
      invariants: invariants ?? all.map((i) => i.name),
      workers,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      ...extra,
    });
    console.log(JSON.stringify(report));
  } else {
    console.log(formatSummary(model, result, outcome.kind === 'incomplete' && outcome.approximate));
  }
  if (outcome.kind === 'incomplete' && outcome.cause === 'memory') {
    process.stderr.write(`raft-check: ${MEMORY_HINT}\n`);
    return EXIT.memory;
  }
  if (out !== undefined && result.kind === 'violation') {
    const wrote = writeItfCounterexample(out, model, result.trace, result.invariant);
    if (!quiet) process.stderr.write(`${wrote}\n`);
  }
  return result.kind === 'ok' ? EXIT.ok : result.kind === 'violation' ? EXIT.violation : EXIT.incomplete;
}
