/**
 * `raft-check simulate`: seeded random walks of the model the flags describe, for bugs deeper than breadth-first
 * search reaches. Walks run on the flat engine by default (the reference spec's fast twin, with the same
 * successors in the same order, so the same walks); a violating walk is rebuilt through the reference spec by its
 * successor positions, shrunk, and printed like a checker counterexample.
 *
 * Reproducibility: walk w depends only on (seed, w) (see checker/simulate.ts). With `--walks W` the result is the
 * violation of the lowest violating walk index below W, with or without `--workers`. With `--seconds S` the walks
 * run depend on speed; what is guaranteed is that the reported walk is the lowest violating index among the walks
 * run (after a worker finds one, every walk below it is still run, past the deadline if need be), so the printed
 * reproduce command (`--walks w+1`) gives the same counterexample on any machine.
 */
import { randomInt } from 'node:crypto';
import { writeSync } from 'node:fs';
import type { SimulateOptions, SimulateProgress, SimulateStats } from '../../checker/simulate.js';
import type { Trace } from '../../checker/trace.js';
import { resolve } from 'node:path';
import { simulateInWorkers, stopWorkers, type ExtraInvariants } from '../../harness/simulateInWorkers.js';
import { simulateOnSlots } from './clusterSearch.js';
import {
  ENGINES,
  HUNT_CONFIG,
  rebuildWalk,
  shrinkRaftTrace,
  type RaftSimulation,
  type SimulationEngine,
} from '../../harness/simulateRaft.js';
import { NO_VIOLATION } from '../../harness/workerProtocol.js';
import type { RaftAction } from '../../spec/raft/actions.js';
import type { RaftConfig } from '../../spec/raft/config.js';
import { RAFT_INVARIANTS } from '../../spec/raft/invariants.js';
import { raftModel, type RaftModel } from '../../spec/raft/model.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { traceToJson } from '../../traces/report.js';
import { formatTrace } from '../../traces/text.js';
import { count, formatNumber } from '../formatNumber.js';
import { loadInvariantFiles } from '../invariantsFile.js';
import { checkOutPath, writeItfCounterexample } from '../itfOut.js';
import { checkAddressSpace } from '../addressSpace.js';
import {
  bugsFromFlags,
  checkBugVariants,
  configFromFlags,
  describeModel,
  flagsOf,
  MODEL_HELP,
  MODEL_OPTIONS,
} from '../modelFlags.js';
import { intFlag, listFlag, parseFlags, stringFlag, UsageError } from '../usage.js';
import { invariantsFromFlags, renderingFor } from './check.js';

/**
 * The configuration `simulate` walks unless flags say otherwise: check's defaults with bounds made for hunting
 * deep bugs (each bound flag given overrides its own bound). With them `simulate --servers 3 --bug NAME
 * --seconds 60 --seed 1` finds every mutant of the bug library (npm run bench:simulate measures it).
 */
export const SIMULATE_DEFAULT_CONFIG: RaftConfig = HUNT_CONFIG;

export const SIMULATE_HELP = `Usage: raft-check simulate [flags]

Runs seeded random walks of the Raft model within the bounds and checks the invariants on every state. Each walk
starts in the initial state and takes one successor at a time, never one that breaks a bound or changes nothing.
By default each walk draws its own weights over the action kinds (swarm testing). A violating walk is shrunk and
printed with the command that reproduces it. Exit code 0: no violation; 1: violation; 2: bad usage; 3: interrupted.
Without bound flags, simulate uses bounds made for hunting deep bugs, not check's defaults listed below:
--max-term ${SIMULATE_DEFAULT_CONFIG.maxTerm} --max-log ${SIMULATE_DEFAULT_CONFIG.maxLogLen} --max-in-flight ${SIMULATE_DEFAULT_CONFIG.maxInFlight} (each bound flag given overrides its own). Progress goes to stderr every
few seconds (--quiet: none). On SIGINT or SIGTERM it prints what it did so far and the command that reruns the
walks finished, and exits 3.

${MODEL_HELP}

Simulate:
  --seed N            seed of the run, 0 to 4294967295 (default: a random one, printed)
  --walks W           run walks 0 to W-1 (default 1000)
  --seconds S         instead of --walks: start walks for S seconds
  --max-depth D       steps per walk at most (default 300)
  --uniform           choose uniformly among successors instead of by per-walk action weights
  --workers K         run K worker threads (default 1); the result does not depend on K
  --cluster URL       run the K shares of walks on the worker slots that joined the NATS server at URL
                      ('raft-check worker URL' on each machine) instead of threads; the same result
  --invariants A,B    check only these (default all): ${RAFT_INVARIANTS.map((i) => i.name).join(', ')},
                      and those of --invariants-file
  --invariants-file F load every export of the module F (.js, .mjs or .ts) as an invariant (s) => boolean over
                      the state as --json shows it, named after its export (repeatable; each worker loads it)
  --no-shrink         print the violating walk as it was walked
  --json              print one JSON object on stdout instead of the summary
  --quiet             no progress lines on stderr
  --out FILE          on a violation, write the (shrunk) counterexample to FILE in ITF (name it *.itf.json)
  --engine E          flat (default) or reference: the same walks, the flat engine is faster
  --help              this text`;

export const SIMULATE_OPTIONS = {
  ...MODEL_OPTIONS,
  seed: { type: 'string' },
  walks: { type: 'string' },
  seconds: { type: 'string' },
  'max-depth': { type: 'string' },
  uniform: { type: 'boolean' },
  workers: { type: 'string' },
  cluster: { type: 'string' },
  invariants: { type: 'string' },
  'invariants-file': { type: 'string', multiple: true },
  'no-shrink': { type: 'boolean' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  out: { type: 'string' },
  engine: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** The flags of `config` and `bugs`, all spelled out, as the reproduce command gives them. */
export function modelFlagsOf(config: RaftConfig, bugs: readonly string[]): string {
  return [flagsOf(config), ...bugs.map((b) => `--bug ${b}`)].join(' ');
}

/**
 * The command that reruns exactly walks 0..walk of this run, so that its last walk is the violating one; `files`
 * are the run's `--invariants-file` modules.
 */
export function reproduceCommand(
  model: RaftModel,
  options: SimulateOptions,
  walk: number,
  files: readonly string[] = [],
): string {
  return [
    'raft-check simulate',
    modelFlagsOf(model.config, model.bugs),
    `--seed ${options.seed} --walks ${walk + 1} --max-depth ${options.maxDepth ?? 300}`,
    ...(options.uniform === true ? ['--uniform'] : []),
    ...files.map((f) => `--invariants-file ${f}`),
    ...(options.invariants === undefined ? [] : [`--invariants ${options.invariants.join(',')}`]),
  ].join(' ');
}

export function statsLines(s: SimulateStats): string[] {
  const lines = [
    `walks: ${formatNumber(s.walks)} (${formatNumber(s.deadEnds)} ended before the maximum depth: no successor to take)`,
    `steps: ${formatNumber(s.steps)}, distinct states seen: ${formatNumber(s.distinctStates)}, ` +
      `successors generated: ${formatNumber(s.generated)} (${formatNumber(s.boundHits)} out of bounds, ` +
      `${formatNumber(s.stutters)} stutters refused)`,
    `time: ${s.seconds.toFixed(2)} s, ${formatNumber(Math.round(s.stepsPerSecond))} steps/s`,
    'actions (steps taken):',
  ];
  for (const [name, fired] of Object.entries(s.actions)) {
    lines.push(`  ${name.padEnd(28)} ${formatNumber(fired).padStart(12)}`);
  }
  return lines;
}

/** A found violation, rebuilt through the reference spec and shrunk. */
interface Counterexample {
  readonly invariant: string;
  readonly walk: number;
  readonly raw: Trace<ClusterState, RaftAction>;
  readonly shown: Trace<ClusterState, RaftAction>;
  readonly shrinkSeconds: number;
}

function counterexample(
  model: RaftModel,
  result: RaftSimulation & { kind: 'violation' },
  options: SimulateOptions,
  shrinkIt: boolean,
): Counterexample {
  const raw = rebuildWalk(model, result.path, result.invariant);
  if (!shrinkIt) return { invariant: result.invariant, walk: result.walk, raw, shown: raw, shrinkSeconds: 0 };
  const shrunk = shrinkRaftTrace(model, raw, result.invariant, options.invariants);
  return { invariant: result.invariant, walk: result.walk, raw, shown: shrunk.trace, shrinkSeconds: shrunk.seconds };
}

/** Milliseconds between progress lines. */
const PROGRESS_EVERY_MS = 5000;

/** The progress line on stderr. */
function progressLine(p: SimulateProgress): string {
  const rate = p.seconds > 0 ? Math.round(p.steps / p.seconds) : 0;
  return (
    `simulate: ${formatNumber(p.walks)} walks, ${formatNumber(p.steps)} steps, ${formatNumber(rate)} steps/s, ` +
    `${p.seconds.toFixed(0)} s\n`
  );
}

/**
 * What an interrupted run prints: how far it got, and the command that reruns the walks that had finished (every
 * walk below `nextWalk`), so that the work done is not lost.
 */
function interruptedText(
  model: RaftModel,
  options: SimulateOptions,
  p: SimulateProgress | undefined,
  files: readonly string[],
): string {
  const lines = [
    `model: ${describeModel(model)}`,
    `result: interrupted after ${formatNumber(p?.walks ?? 0)} walks, ${formatNumber(p?.steps ?? 0)} steps ` +
      `(${(p?.seconds ?? 0).toFixed(1)} s), no violation found so far; seed ${options.seed}`,
  ];
  const done = p?.nextWalk ?? 0;
  lines.push(
    done > 0
      ? `reproduce the ${formatNumber(done)} walks finished: ${reproduceCommand(model, options, done - 1, files)}`
      : 'no walk had finished',
  );
  return `${lines.join('\n')}\n`;
}

export function positiveNumber(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(n > 0)) throw new UsageError(`--${name} takes a positive number, got '${text}'`);
  return n;
}

/** Runs the command; returns the exit code. */
export async function runSimulate(args: readonly string[]): Promise<number> {
  const { values } = parseFlags(args, SIMULATE_OPTIONS);
  if (values.help === true) {
    console.log(SIMULATE_HELP);
    return 0;
  }
  const files = listFlag(values, 'invariants-file');
  const loaded = await loadInvariantFiles(files);
  const config = configFromFlags(values, SIMULATE_DEFAULT_CONFIG);
  const bugs = bugsFromFlags(values);
  checkBugVariants(config, bugs);
  const model = raftModel(config, bugs, [...RAFT_INVARIANTS, ...loaded]);
  const invariants = invariantsFromFlags(listFlag(values, 'invariants'), loaded);
  // Worker threads load the same files again (functions do not cross threads).
  const extra: ExtraInvariants | undefined =
    files.length === 0
      ? undefined
      : {
          loaded,
          recipe: {
            module: new URL('../invariantsFile.js', import.meta.url).href,
            exportName: 'loadInvariantFiles',
            args: files.map((f) => resolve(f)),
          },
        };
  if (values.walks !== undefined && values.seconds !== undefined) {
    throw new UsageError('--walks and --seconds exclude each other');
  }
  const engine = stringFlag(values, 'engine') ?? 'flat';
  if (!(ENGINES as readonly string[]).includes(engine)) {
    throw new UsageError(`--engine must be one of ${ENGINES.join(', ')}, got '${engine}'`);
  }
  const seconds = positiveNumber(stringFlag(values, 'seconds'), 'seconds');
  const options: SimulateOptions = {
    seed: values.seed === undefined ? randomInt(2 ** 31) : intFlag(values, 'seed', 0, 0, 2 ** 32 - 1),
    ...(seconds === undefined ? { walks: intFlag(values, 'walks', 1000, 1, NO_VIOLATION) } : { seconds }),
    maxDepth: intFlag(values, 'max-depth', 300, 1, 1_000_000),
    ...(values.uniform === true ? { uniform: true } : {}),
    ...(invariants === undefined ? {} : { invariants }),
  };
  const workers = intFlag(values, 'workers', 1, 1, 256);
  const out = stringFlag(values, 'out');
  if (out !== undefined) checkOutPath(out);
  checkAddressSpace(workers, '--workers');

  // The walks run in worker threads even with one worker, so that this thread stays free to report progress and
  // to answer an interrupt (a walk loop on this thread would hold signals until it ended).
  let latest: SimulateProgress | undefined;
  let lastLine = performance.now();
  const quiet = values.quiet === true;
  const onInterrupt = (): void => {
    const text =
      values.json === true
        ? `${JSON.stringify({ model: { ...model.config, bugs: model.bugs }, seed: options.seed, result: 'interrupted', ...latest, ...(latest !== undefined && latest.nextWalk > 0 ? { reproduce: reproduceCommand(model, options, latest.nextWalk - 1, files) } : {}) })}\n`
        : interruptedText(model, options, latest, files);
    // Written synchronously: the process exits right after, and a pending asynchronous write would be lost.
    writeSync(1, text);
    void stopWorkers().finally(() => process.exit(3));
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  const cluster = stringFlag(values, 'cluster');
  const result = await (cluster === undefined ? simulateInWorkers : simulateOnSlots(cluster, quiet))(
    workers,
    engine as SimulationEngine,
    model.config,
    model.bugs,
    options,
    (p) => {
      latest = p;
      const now = performance.now();
      if (!quiet && now - lastLine >= PROGRESS_EVERY_MS) {
        lastLine = now;
        process.stderr.write(progressLine(p));
      }
    },
    extra,
  );
  process.removeListener('SIGINT', onInterrupt);
  process.removeListener('SIGTERM', onInterrupt);
  const found =
    result.kind === 'violation' ? counterexample(model, result, options, values['no-shrink'] !== true) : undefined;
  const reproduce = found === undefined ? undefined : reproduceCommand(model, options, found.walk, files);
  const s = result.stats;
  const setup = {
    seed: options.seed,
    ...(options.walks === undefined ? {} : { walkLimit: options.walks }),
    ...(seconds === undefined ? {} : { secondsLimit: seconds }),
    maxDepth: options.maxDepth,
    choice: options.uniform === true ? 'uniform' : 'swarm',
    workers,
  };

  if (values.json === true) {
    const stats: Partial<SimulateStats> = { ...s };
    delete stats.fingerprints;
    console.log(
      JSON.stringify({
        model: { ...model.config, bugs: model.bugs },
        invariants: invariants ?? model.invariants.map((i) => i.name),
        ...setup,
        result: result.kind,
        ...(found === undefined
          ? {}
          : {
              invariant: found.invariant,
              walk: found.walk,
              rawLength: found.raw.length,
              shrunkLength: found.shown.length,
              reproduce,
            }),
        ...stats,
        ...(found === undefined ? {} : { trace: traceToJson(found.shown, renderingFor(model)) }),
      }),
    );
  } else {
    const lines = [
      `model: ${describeModel(model)}`,
      `simulation: seed ${options.seed}, ${setup.choice} choice, max depth ${options.maxDepth}, ` +
        `${workers} worker${workers > 1 ? 's' : ''}`,
    ];
    if (found === undefined) {
      lines.push(`result: ok, no invariant violated in ${count(s.walks, 'walk')}`);
    } else {
      lines.push(`result: VIOLATION of ${found.invariant} in walk ${found.walk}`);
      lines.push(
        `counterexample: ${found.raw.length} states as walked, ${found.shown.length} after shrinking ` +
          `(${found.shrinkSeconds.toFixed(2)} s)`,
      );
      lines.push(`reproduce: ${reproduce ?? ''}`);
      lines.push('', formatTrace(found.shown, renderingFor(model)), '');
    }
    lines.push(...statsLines(s));
    console.log(lines.join('\n'));
  }
  if (out !== undefined && found !== undefined) {
    const checked = invariants ?? model.invariants.map((i) => i.name);
    process.stderr.write(`${writeItfCounterexample(out, model, found.shown, found.invariant, checked)}\n`);
  }
  return found === undefined ? 0 : 1;
}
