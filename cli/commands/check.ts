/** `raft-check [check]`: exhaustive breadth-first check of the model the flags describe. */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkpointMismatch, readCheckpoint } from '../../checker/checkpoint.js';
import { availableParallelism } from 'node:os';
import type { CheckResult } from '../../checker/bfs.js';
import { replayPath } from '../../checker/path.js';
import { stderrReporter } from '../../checker/reporter.js';
import type { SearchOptions, SearchOutcome } from '../../checker/search.js';
import { startCheckSearch } from './clusterSearch.js';
import { packageVersion } from '../packageInfo.js';
import type { RaftAction } from '../../spec/raft/actions.js';
import { clusterToJson, describeChanges, variablesOf } from '../../spec/raft/describe.js';
import { RAFT_INVARIANTS, type RaftInvariant } from '../../spec/raft/invariants.js';
import { loadInvariantFiles } from '../invariantsFile.js';
import { seenWitnessName } from '../../spec/raft/userVacuity.js';
import { invariantsOnValues, type RaftModel } from '../../spec/raft/model.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { checkReport, type StepRendering } from '../../traces/report.js';
import { formatTrace, type TraceRendering } from '../../traces/text.js';
import { checkOutPath, writeItfCounterexample } from '../itfOut.js';
import { describeModel, MODEL_HELP, MODEL_OPTIONS, modelFromFlags } from '../modelFlags.js';
import { intFlag, listFlag, parseFlags, stringFlag, UsageError, type FlagValues } from '../usage.js';
import { checkUsableDirectory, EXIT_MACHINE, isDirectory, lockCheckpointDir, workDirFromFlags } from '../machine.js';
import { checkAddressSpace } from '../addressSpace.js';
import { formatNumber } from '../formatNumber.js';
import { ENGINES, unreducedRaftPath, type Engine } from '../../harness/checkRaft.js';
import { runCoverage, watchedValues, type RunCoverage } from '../../harness/runCoverage.js';
import { raftRecipe } from '../raftRecipe.js';
import { largeConfigWarning } from '../largeConfig.js';
import { runIdentity, type RunSettings } from '../runIdentity.js';
import { LIVENESS_HELP, runLiveness } from './liveness.js';
import { untilDone } from '../untilDone.js';

export const CHECK_HELP = `Usage: raft-check [check] [flags]

Explores every state of the Raft reference model within the bounds, checks the invariants on each, and prints
the shortest counterexample when one breaks. Exit code 0: every invariant holds; 1: violation; 2: bad usage;
3: incomplete (--max-states, or stopped by Ctrl-C or SIGTERM, with the partial counts); 4: out of memory;
5: the machine failed (a full disk, a folder that cannot hold files, a checkpoint directory another run holds).

${MODEL_HELP}
  --profile etcd      etcd-io/raft's spec instead (its own flags: raft-check --profile etcd --help; docs/etcd.md)

Check:
  --invariants A,B    check only these (default all): ${RAFT_INVARIANTS.map((i) => i.name).join(', ')},
                      and those of --invariants-file
  --invariants-file F load every export of the module F (.js, .mjs or .ts) as an invariant (s) => boolean over
                      the state as --json shows it, named after its export (repeatable)
  --max-states N      stop after N distinct states (result incomplete, exit 3)
  --symmetry          servers are interchangeable: store one state per orbit under renaming servers (TLC's
                      SYMMETRY Permutations(Server)); a counterexample is still a real behaviour. Every
                      invariant must treat all servers alike (README: Symmetry)
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
  --frontier-memory MIB  frontier kept in memory, all threads together (default a quarter of their heap
                      limits); past it the frontier waits in files in --work-dir, with the same results
  --checkpoint DIR    write a checkpoint into DIR at the end of a level every --checkpoint-every seconds
  --checkpoint-every S  seconds between checkpoints (default 300; 0: after every level)
  --resume DIR        go on from the checkpoint in DIR (same model flags, --symmetry, invariants and their files'
                      content, and --workers as the run that wrote it), with the same final counts and
                      counterexample; keeps checkpointing there
${LIVENESS_HELP}
  --cluster URL       spread the search over the worker slots that joined the NATS server at URL
                      (nats://HOST:PORT, JetStream on; 'raft-check worker URL' on each machine): --workers N
                      of them serve the run, with one worker's counts and counterexample (docs/adr/006)
  --help              this text`;

export const CHECK_OPTIONS = {
  ...MODEL_OPTIONS,
  invariants: { type: 'string' },
  'invariants-file': { type: 'string', multiple: true },
  'max-states': { type: 'string' },
  symmetry: { type: 'boolean' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  quiet: { type: 'boolean' },
  engine: { type: 'string' },
  workers: { type: 'string' },
  'max-heap': { type: 'string' },
  'work-dir': { type: 'string' },
  'frontier-memory': { type: 'string' },
  checkpoint: { type: 'string' },
  'checkpoint-every': { type: 'string' },
  resume: { type: 'string' },
  properties: { type: 'string' },
  fair: { type: 'string' },
  'relative-terms': { type: 'boolean' },
  links: { type: 'string' },
  'partition-links': { type: 'string' },
  timers: { type: 'boolean' },
  cluster: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** Exit codes of `check`. */
export const EXIT = { ok: 0, violation: 1, usage: 2, incomplete: 3, memory: 4, machine: EXIT_MACHINE } as const;

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

/** A bound that limited nothing, or everything: both mean the bounds are not what the user thinks. */
export interface BoundWarning {
  readonly bound: string;
  readonly discarded: number;
  readonly warning: 'discarded nothing' | 'discarded every successor';
}

/** The bound warnings of `result` (a bound that discarded nothing is worth saying only of a complete run). */
export function boundWarnings(model: RaftModel, result: CheckResult<ClusterState, RaftAction>): BoundWarning[] {
  const s = result.stats;
  const successors = s.generatedStates - model.initialStates().length;
  const out: BoundWarning[] = [];
  for (const [bound, discarded] of Object.entries(s.boundDiscards)) {
    if (result.kind === 'ok' && discarded === 0) out.push({ bound, discarded, warning: 'discarded nothing' });
    else if (discarded === successors) out.push({ bound, discarded, warning: 'discarded every successor' });
  }
  return out;
}

/**
 * The coverage lines of a summary for people: the actions that never fired, the witnesses and the vacuous
 * invariants; `partly` says so when the run did not finish (what it did not reach, it may have reached further on).
 */
export function coverageLines(c: RunCoverage, partly: boolean): string[] {
  const part = partly ? ' in the part explored' : '';
  const lines: string[] = [];
  if (c.coverage.neverFired.length > 0) {
    lines.push(`coverage: warning: never fired${part}: ${c.coverage.neverFired.join(', ')}`);
  }
  if (Object.keys(c.witnesses).length > 0) {
    lines.push('witnesses (states in the shortest behaviour that reaches it):');
    for (const [name, length] of Object.entries(c.witnesses)) {
      lines.push(`  ${name.padEnd(28)} ${(length === null ? 'not reached' : String(length)).padStart(12)}`);
    }
  }
  for (const { invariant, reason } of c.vacuity) {
    lines.push(`vacuous: warning: ${invariant} held only vacuously${part}: ${reason}`);
  }
  return lines;
}

/** The summary printed for people. */
export function formatSummary(
  model: RaftModel,
  result: CheckResult<ClusterState, RaftAction>,
  approximate = false,
  invariants?: readonly string[],
  users: readonly RaftInvariant[] = [],
  watched: readonly string[] = [],
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
    if (approximate)
      lines.push('(the search could not report its own counts; these are those of its last progress report)');
  } else {
    lines.push('result: ok, every invariant holds');
  }
  const rate = (x: number): string => formatNumber(Math.round(x / Math.max(s.seconds, 1e-9)));
  lines.push(
    `states: ${formatNumber(s.distinctStates)} distinct, ${formatNumber(s.generatedStates)} generated, depth ${s.depth}, ` +
      `${formatNumber(s.queueLeft)} left in queue`,
  );
  if (s.representedStates !== undefined) lines.push(`symmetry: ${symmetryLine(s.distinctStates, s.representedStates)}`);
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
  const warned = new Map(boundWarnings(model, result).map((w) => [w.bound, w.warning]));
  for (const [name, discarded] of Object.entries(s.boundDiscards)) {
    const warning = warned.get(name);
    const note =
      warning === 'discarded nothing'
        ? '  warning: this bound discarded nothing; it does not limit the search'
        : warning === 'discarded every successor'
          ? '  warning: this bound discarded every successor; nothing past the initial state was explored'
          : '';
    lines.push(`  ${name.padEnd(28)} ${formatNumber(discarded).padStart(12)}${note}`);
  }
  // Counts from a last progress report carry no per-action figures: nothing to say about coverage then.
  if (approximate) return lines.join('\n');
  lines.push(...coverageLines(runCoverage(model, result, invariants, users, watched), result.kind !== 'ok'));
  return lines.join('\n');
}

/** The reduction a symmetric run achieved, for people. */
function symmetryLine(orbits: number, represented: number): string {
  return (
    `servers interchangeable; the ${formatNumber(orbits)} distinct states are orbits of ` +
    `${formatNumber(represented)} states (reduction ${(represented / Math.max(orbits, 1)).toFixed(2)}x)`
  );
}

/** The reduction a symmetric run achieved, for --json. */
export function symmetryReport(orbits: number, represented: number): Record<string, number> {
  return {
    representatives: orbits,
    representedStates: represented,
    reduction: Number((represented / Math.max(orbits, 1)).toFixed(4)),
  };
}

/** The search option that says, on stderr, where each checkpoint was written (none when quiet or not checkpointing). */
export function checkpointLines(
  checkpointing: Checkpointing['options'],
  quiet: boolean,
): Pick<SearchOptions, 'onCheckpoint'> {
  const dir = checkpointing.checkpoint?.dir;
  if (quiet || dir === undefined) return {};
  return {
    onCheckpoint: (s) => {
      process.stderr.write(
        `checkpoint: ${formatNumber(s.distinctStates)} distinct states, depth ${s.depth}, in ${dir}\n`,
      );
    },
  };
}

/** The checkpoint options of the flags, and the release of the directory's lock (a no-op without one). */
export interface Checkpointing {
  readonly options: Pick<SearchOptions, 'checkpoint' | 'resume'>;
  readonly release: () => void;
}

/**
 * The checkpoint options of --checkpoint, --checkpoint-every and --resume; a usage error for a checkpoint that
 * belongs to another run (`identity`: every setting that shapes the search, runIdentity.ts). Takes the
 * directory's lock, so every command that checkpoints holds it (a MachineError when a live run does); the
 * caller releases it when its search ends.
 */
export function checkpointFromFlags(
  values: Parameters<typeof stringFlag>[0],
  identity: RunSettings,
  workers: number,
): Checkpointing {
  const resumeDir = stringFlag(values, 'resume');
  const checkpointDir = stringFlag(values, 'checkpoint');
  if (resumeDir !== undefined && checkpointDir !== undefined && resolve(resumeDir) !== resolve(checkpointDir)) {
    throw new UsageError(
      `--resume ${resumeDir} --checkpoint ${checkpointDir}: a resumed run keeps checkpointing into the directory it resumes from; give --resume alone`,
    );
  }
  const dir = checkpointDir ?? resumeDir;
  const everyText = stringFlag(values, 'checkpoint-every');
  if (dir === undefined) {
    if (everyText !== undefined) throw new UsageError('--checkpoint-every needs --checkpoint DIR');
    return { options: {}, release: () => undefined };
  }
  if (identity.engine === 'reference') throw new UsageError('--checkpoint and --resume need the flat engine');
  const every = everyText === undefined ? 300 : Number(everyText);
  if (everyText !== undefined && (!/^\d+(\.\d+)?$/.test(everyText) || !Number.isFinite(every))) {
    throw new UsageError(`--checkpoint-every takes a number of seconds, got '${everyText}'`);
  }
  const key = runIdentity(identity);
  let resume: SearchOptions['resume'];
  if (resumeDir !== undefined) {
    if (!isDirectory(resumeDir)) throw new UsageError(`--resume ${resumeDir} is not a directory`);
    const read = readCheckpoint(resumeDir);
    if (!read.ok) throw new UsageError(`--resume: ${read.error}`);
    const why = checkpointMismatch(read.meta, key, workers);
    if (why !== undefined) throw new UsageError(`--resume ${resumeDir}: ${why}`);
    resume = { path: read.path, meta: read.meta };
  }
  if (!isDirectory(dir)) {
    try {
      mkdirSync(dir);
    } catch (e) {
      throw new UsageError(`--checkpoint ${dir}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  checkUsableDirectory('--checkpoint', dir);
  const release = lockCheckpointDir(resumeDir === undefined ? '--checkpoint' : '--resume', dir);
  return {
    options: { checkpoint: { dir, everyMs: every * 1000, identity: key }, ...(resume === undefined ? {} : { resume }) },
    release,
  };
}

/**
 * A search the memory or the machine ended: its line on stderr (the hint, or what failed and the last good
 * checkpoint) and the exit code, 4 or 5; undefined for a search that ended otherwise.
 */
export function failureExit(outcome: SearchOutcome, checkpointDir: string | undefined): number | undefined {
  if (outcome.kind !== 'incomplete') return undefined;
  if (outcome.cause === 'memory') {
    process.stderr.write(`raft-check: ${MEMORY_HINT}\n`);
    return EXIT.memory;
  }
  if (outcome.cause === 'machine') {
    process.stderr.write(`raft-check: ${outcome.reason}; ${lastCheckpoint(checkpointDir)}\n`);
    return EXIT.machine;
  }
  return undefined;
}

/** Where a run the machine failed can go on from: the last checkpoint that was committed, or none. */
function lastCheckpoint(dir: string | undefined): string {
  if (dir === undefined) return 'the work files were removed; no checkpoint was asked for (--checkpoint DIR)';
  // A checkpoint the failure cut short is never read; its files would only hold the disk.
  rmSync(join(dir, 'next'), { recursive: true, force: true });
  const read = readCheckpoint(dir);
  if (!read.ok) return `the work files were removed; no checkpoint was completed in ${dir}`;
  return (
    `the work files were removed; the last good checkpoint is ${read.path} (depth ${read.meta.depth}, ` +
    `${formatNumber(read.meta.links)} distinct states): --resume ${dir} goes on from it`
  );
}

/** The hint printed when a search runs out of memory. */
export const MEMORY_HINT =
  'the search ran out of memory; try --max-states N to stop earlier, smaller bounds, or a larger --max-heap';

/**
 * A usage error when the real behaviour a symmetric search found does not break the invariant its
 * representatives broke: then the invariant tells servers apart, and --symmetry does not apply to it.
 */
function refuseAsymmetric(
  name: string,
  trace: readonly { readonly state: ClusterState }[],
  all: readonly RaftInvariant[],
): void {
  const invariant = invariantsOnValues(all).find((i) => i.name === name);
  const last = trace[trace.length - 1]?.state;
  if (invariant !== undefined && last !== undefined && invariant.holds(last)) {
    throw new UsageError(
      `invariant '${name}' is not symmetric (it holds of a renaming of a state that breaks it); check it without --symmetry`,
    );
  }
}

/** Runs the command; returns the exit code. */
export async function runCheck(args: readonly string[]): Promise<number> {
  const { values } = parseFlags(args, CHECK_OPTIONS);
  if (values.help === true) {
    console.log(CHECK_HELP);
    return 0;
  }
  const model = modelFromFlags(values);
  if (values.properties !== undefined) return runLiveness({ values, model, describeChanges });
  for (const flag of ['relative-terms', 'links', 'partition-links', 'timers']) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} applies with --properties only`);
  }
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
  const frontierMemoryMib =
    values['frontier-memory'] === undefined ? undefined : intFlag(values, 'frontier-memory', 0, 0, 2 ** 30);
  if (frontierMemoryMib !== undefined && engine !== 'flat') {
    throw new UsageError('--frontier-memory needs the flat engine');
  }
  const workDir = workDirFromFlags(values);
  const out = stringFlag(values, 'out');
  if (out !== undefined) checkOutPath(out);
  const { options: checkpointing, release } = checkpointFromFlags(
    values,
    {
      version: packageVersion(),
      model: model.config,
      bugs: model.bugs,
      engine,
      invariants: invariants ?? all.map((i) => i.name),
      invariantFiles: listFlag(values, 'invariants-file'),
      symmetry: values.symmetry === true,
    },
    workers,
  );
  const run: CheckRun = {
    all,
    invariants,
    maxStates,
    engine,
    workers,
    heapMib,
    frontierMemoryMib,
    workDir,
    out,
    checkpointing,
    quiet: values.quiet === true,
    symmetry: values.symmetry === true,
  };
  try {
    return await searchAndReport(model, values, run);
  } finally {
    release();
  }
}

/** The settings runCheck read from its flags, for the search and its report. */
interface CheckRun {
  readonly all: readonly RaftInvariant[];
  readonly invariants: string[] | undefined;
  readonly maxStates: number | undefined;
  readonly engine: string;
  readonly workers: number;
  readonly heapMib: number | undefined;
  readonly frontierMemoryMib: number | undefined;
  readonly workDir: string | undefined;
  readonly out: string | undefined;
  readonly checkpointing: Pick<SearchOptions, 'checkpoint' | 'resume'>;
  readonly quiet: boolean;
  readonly symmetry: boolean;
}

/** Runs the search the flags describe and prints its report; returns the exit code. */
async function searchAndReport(model: RaftModel, values: FlagValues, run: CheckRun): Promise<number> {
  checkAddressSpace(run.workers, '--workers');
  const warning = largeConfigWarning(model.config);
  if (warning !== undefined && !run.quiet) process.stderr.write(`warning: ${warning}\n`);

  const cluster = stringFlag(values, 'cluster');
  if (cluster !== undefined && run.engine !== 'flat') throw new UsageError('--cluster needs the flat engine');
  // The user's invariants (--invariants-file), for vacuity, and the values the run watches for them.
  const users = run.all.filter((i) => !RAFT_INVARIANTS.includes(i));
  const watched = watchedValues(model, users, run.invariants);
  const search = await startCheckSearch(
    cluster,
    raftRecipe({
      config: model.config,
      bugs: model.bugs,
      engine: run.engine as Engine,
      invariantFiles: listFlag(values, 'invariants-file'),
      symmetry: run.symmetry,
      ...(watched.length === 0 ? {} : { watchValues: watched }),
    }),
    {
      workers: run.workers,
      // The flat engine decodes, so it takes the compact parallel search even with one worker.
      parallel: run.engine === 'flat',
      ...(run.workDir === undefined ? {} : { workDir: run.workDir }),
      boundNames: model.bounds.map((b) => b.name),
      ...(model.witnesses === undefined
        ? {}
        : { witnessNames: [...model.witnesses.map((w) => w.name), ...watched.map(seenWitnessName)] }),
      ...(run.invariants === undefined ? {} : { invariants: run.invariants }),
      ...(run.maxStates === undefined ? {} : { maxStates: run.maxStates }),
      ...(run.heapMib === undefined ? {} : { heapMib: run.heapMib }),
      ...(run.frontierMemoryMib === undefined ? {} : { frontierMemoryMib: run.frontierMemoryMib }),
      ...run.checkpointing,
      ...checkpointLines(run.checkpointing, run.quiet),
      ...(run.quiet
        ? {}
        : {
            onProgress: (p) => {
              stderrReporter.progress(p);
            },
          }),
    },
    run.quiet,
  );
  let outcome: SearchOutcome;
  try {
    outcome = await untilDone(search, run.quiet);
  } catch (e) {
    // A user's invariant that threw in a search thread arrives as a message: report it as the input error it is.
    const message = (e instanceof Error ? e.message : String(e)).replace(/^(Error: )+/, '').split('\n')[0]!;
    if (/^invariant '[^']+' threw: /.test(message)) throw new UsageError(message);
    throw e;
  }
  // Under symmetry the search's path runs through representatives: report the real behaviour it stands for.
  const path =
    outcome.kind !== 'violation'
      ? []
      : run.symmetry
        ? unreducedRaftPath(model.config, model.bugs, outcome.path)
        : [...outcome.path];
  const result: CheckResult<ClusterState, RaftAction> =
    outcome.kind === 'violation'
      ? { ...outcome, path, trace: replayPath(model, path) }
      : outcome.kind === 'incomplete'
        ? { kind: 'incomplete', reason: outcome.reason, stats: outcome.stats }
        : outcome;
  if (run.symmetry && result.kind === 'violation') refuseAsymmetric(result.invariant, result.trace, run.all);
  const extra =
    outcome.kind === 'incomplete'
      ? { stoppedBy: outcome.cause, ...(outcome.approximate ? { approximate: true } : {}) }
      : {};
  if (values.json === true) {
    const report = checkReport(result, renderingFor(model), {
      model: { ...model.config, bugs: model.bugs },
      invariants: run.invariants ?? run.all.map((i) => i.name),
      workers: run.workers,
      ...(result.stats.representedStates === undefined
        ? {}
        : { symmetry: symmetryReport(result.stats.distinctStates, result.stats.representedStates) }),
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      ...extra,
    });
    console.log(
      JSON.stringify({
        ...report,
        ...(outcome.kind === 'incomplete' && outcome.approximate
          ? {}
          : runCoverage(model, result, run.invariants, users, watched)),
        boundWarnings: boundWarnings(model, result),
      }),
    );
  } else {
    const approximate = outcome.kind === 'incomplete' && outcome.approximate;
    console.log(formatSummary(model, result, approximate, run.invariants, users, watched));
  }
  const failed = failureExit(outcome, run.checkpointing.checkpoint?.dir);
  if (failed !== undefined) return failed;
  if (run.out !== undefined && result.kind === 'violation') {
    // The invariants the model checked: a variant's built-in ones only when that variant is on.
    const on = model.config.variants ?? [];
    const checked =
      run.invariants ?? run.all.filter((i) => i.variant === undefined || on.includes(i.variant)).map((i) => i.name);
    const wrote = writeItfCounterexample(run.out, model, result.trace, result.invariant, checked);
    if (!run.quiet) process.stderr.write(`${wrote}\n`);
  }
  return result.kind === 'ok' ? EXIT.ok : result.kind === 'violation' ? EXIT.violation : EXIT.incomplete;
}
