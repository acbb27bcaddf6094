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
import { Worker } from 'node:worker_threads';
import { replayPath } from '../../checker/path.js';
import { shrink } from '../../checker/shrink.js';
import { mergeStats, runWalk, simulate, type SimulateOptions, type SimulateStats } from '../../checker/simulate.js';
import type { Trace } from '../../checker/trace.js';
import type { RaftAction } from '../../spec/raft/actions.js';
import { DEFAULT_CONFIG, type RaftConfig } from '../../spec/raft/config.js';
import type { Message } from '../../spec/raft/messages.js';
import { fastRaftModel as flatRaftModel } from '../../spec/raft/model.js';
import { RAFT_INVARIANTS } from '../../spec/raft/invariants.js';
import { raftModel, type RaftModel } from '../../spec/raft/model.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { traceToJson } from '../../traces/report.js';
import { formatTrace } from '../../traces/text.js';
import { checkOutPath, writeItfCounterexample } from '../itfOut.js';
import { describeModel, MODEL_HELP, MODEL_OPTIONS, modelFromFlags } from '../modelFlags.js';
import { intFlag, listFlag, parseFlags, stringFlag, UsageError } from '../usage.js';
import { invariantsFromFlags, renderingFor } from './check.js';
import type { WorkerInput, WorkerOutput } from './simulateWorker.js';

/** The bounds under which `simulate` finds every mutant of the bug library on three servers (see bench/). */
export const RECOMMENDED_BOUNDS = '--max-term 20 --max-log 2 --max-in-flight 0';

/** The configuration the recommended bounds give on three servers with the other flags at their defaults. */
export const HUNT_CONFIG: RaftConfig = { ...DEFAULT_CONFIG, servers: 3, maxTerm: 20, maxLogLen: 2, maxInFlight: 0 };

export const SIMULATE_HELP = `Usage: raft-check simulate [flags]

Runs seeded random walks of the Raft model within the bounds and checks the invariants on every state. Each walk
starts in the initial state and takes one successor at a time, never one that breaks a bound or changes nothing.
By default each walk draws its own weights over the action kinds (swarm testing). A violating walk is shrunk and
printed with the command that reproduces it. Exit code 0: no violation; 1: violation; 2: bad usage.
To hunt the mutants of --bug on three servers: --servers 3 ${RECOMMENDED_BOUNDS} --seconds 60.

${MODEL_HELP}

Simulate:
  --seed N            seed of the run, 0 to 4294967295 (default: a random one, printed)
  --walks W           run walks 0 to W-1 (default 1000)
  --seconds S         instead of --walks: start walks for S seconds
  --max-depth D       steps per walk at most (default 300)
  --uniform           choose uniformly among successors instead of by per-walk action weights
  --workers K         run K worker threads (default 1); the result does not depend on K
  --invariants A,B    check only these (default all): ${RAFT_INVARIANTS.map((i) => i.name).join(', ')}
  --no-shrink         print the violating walk as it was walked
  --json              print one JSON object on stdout instead of the summary
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
  invariants: { type: 'string' },
  'no-shrink': { type: 'boolean' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  engine: { type: 'string' },
  help: { type: 'boolean' },
} as const;

export type SimulationEngine = 'flat' | 'reference';
const ENGINES: readonly SimulationEngine[] = ['flat', 'reference'];

/** The shared cell's value while no worker has found a violation (see simulateWorker.ts). */
export const NO_VIOLATION = 0x7fffffff;

/** A run's outcome independent of the engine: a violation is named by its walk and successor positions. */
export type RaftSimulation =
  | { readonly kind: 'ok'; readonly stats: SimulateStats }
  | {
      readonly kind: 'violation';
      readonly invariant: string;
      readonly walk: number;
      readonly path: readonly number[];
      readonly stats: SimulateStats;
    };

/** Runs `simulate` on the model of `config` and `bugs` with `engine`. */
export function simulateRaft(
  engine: SimulationEngine,
  config: RaftConfig,
  bugs: readonly string[],
  options: SimulateOptions,
): RaftSimulation {
  const result =
    engine === 'flat' ? simulate(flatRaftModel(config, bugs), options) : simulate(raftModel(config, bugs), options);
  if (result.kind === 'ok') return result;
  const { invariant, walk, path, stats } = result;
  return { kind: 'violation', invariant, walk, path, stats };
}

/** Replays one walk of a run with `engine`: its successor positions and violated invariant. */
function replayWalk(
  engine: SimulationEngine,
  config: RaftConfig,
  bugs: readonly string[],
  options: SimulateOptions,
  walk: number,
): { path: readonly number[]; invariant: string | undefined } {
  return engine === 'flat'
    ? runWalk(flatRaftModel(config, bugs), options.seed, walk, options)
    : runWalk(raftModel(config, bugs), options.seed, walk, options);
}

/**
 * Workers run compiled JavaScript: from dist/ the worker sits beside this file; run from the TypeScript sources
 * (tests), it is taken from dist/, so build first.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('../../dist/cli/commands/simulateWorker.js', here)
    : new URL('./simulateWorker.js', here);
}

/** Runs the simulation on `workers` threads, each taking every workers-th walk; the result does not depend on it. */
export async function simulateInWorkers(
  workers: number,
  engine: SimulationEngine,
  config: RaftConfig,
  bugs: readonly string[],
  options: SimulateOptions,
): Promise<RaftSimulation> {
  const started = performance.now();
  const lowest = new SharedArrayBuffer(4);
  new Int32Array(lowest)[0] = NO_VIOLATION;
  const { seed, walks, seconds, maxDepth, uniform, invariants } = options;
  const shared = {
    seed,
    ...(walks === undefined ? {} : { walks }),
    ...(seconds === undefined ? {} : { seconds }),
    ...(maxDepth === undefined ? {} : { maxDepth }),
    ...(uniform === undefined ? {} : { uniform }),
    ...(invariants === undefined ? {} : { invariants }),
  };
  const outputs = await Promise.all(
    Array.from(
      { length: workers },
      (_, first) =>
        new Promise<WorkerOutput>((resolve, reject) => {
          const input: WorkerInput = { config, bugs, engine, options: shared, first, stride: workers, lowest };
          const worker = new Worker(workerUrl(), { workerData: input });
          worker.once('message', (output: WorkerOutput) => {
            resolve(output);
          });
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`simulate: worker ${first} exited with code ${code}`));
          });
        }),
    ),
  );
  const stats = mergeStats(
    outputs.map((o) => o.stats),
    (performance.now() - started) / 1000,
  );
  const found = outputs.map((o) => o.walk).filter((w) => w >= 0);
  if (found.length === 0) return { kind: 'ok', stats };
  // Only the walk index crossed threads; the walk itself is replayed here (it depends on nothing else).
  const walk = Math.min(...found);
  const replayed = replayWalk(engine, config, bugs, options, walk);
  if (replayed.invariant === undefined) throw new Error(`simulate: walk ${walk} did not violate on replay`);
  return { kind: 'violation', invariant: replayed.invariant, walk, path: replayed.path, stats };
}

/** The flags of `config` and `bugs`, all spelled out, as the reproduce command gives them. */
export function modelFlagsOf(config: RaftConfig, bugs: readonly string[]): string {
  const onOff = (name: string, on: boolean): string => (on ? `--${name}` : `--no-${name}`);
  return [
    `--servers ${config.servers} --values ${config.values} --max-term ${config.maxTerm} --max-log ${config.maxLogLen}`,
    `--max-copies ${config.maxCopies} --max-in-flight ${config.maxInFlight}`,
    `${onOff('restart', config.restart)} ${onOff('duplicate', config.duplicate)} ${onOff('drop', config.drop)}`,
    ...(config.variants ?? []).map((v) => `--variant ${v}`),
    ...bugs.map((b) => `--bug ${b}`),
  ].join(' ');
}

/** The command that reruns exactly walks 0..walk of this run, so that its last walk is the violating one. */
export function reproduceCommand(model: RaftModel, options: SimulateOptions, walk: number): string {
  return [
    'raft-check simulate',
    modelFlagsOf(model.config, model.bugs),
    `--seed ${options.seed} --walks ${walk + 1} --max-depth ${options.maxDepth ?? 300}`,
    ...(options.uniform === true ? ['--uniform'] : []),
    ...(options.invariants === undefined ? [] : [`--invariants ${options.invariants.join(',')}`]),
  ].join(' ');
}

function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}

function statsLines(s: SimulateStats): string[] {
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

/**
 * Raft steps alike but for the values removals shift: the same handler or message action on a message of the same
 * type and route, whatever its terms, indexes and outcome. Shrinking falls back on it (see checker/shrink.ts);
 * other actions' labels carry no terms, so exact labels already serve them.
 */
export function similarRaftSteps(a: RaftAction, b: RaftAction): boolean {
  if (a.kind === 'Receive') {
    return b.kind === 'Receive' && a.handler === b.handler && sameRoute(a.m, b.m);
  }
  if (a.kind === 'DuplicateMessage' || a.kind === 'DropMessage') {
    return b.kind === a.kind && sameRoute(a.m, b.m);
  }
  return false;
}

function sameRoute(m: Message, n: Message): boolean {
  return m.type === n.type && m.source === n.source && m.dest === n.dest;
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
  const raw = replayPath(model, result.path);
  const last = raw[raw.length - 1]!.state;
  if (model.invariants.find((inv) => inv.name === result.invariant)?.holds(last) !== false) {
    throw new Error(
      'simulate: the rebuilt walk does not end in the violation; the engines disagree (a flat-engine bug)',
    );
  }
  if (!shrinkIt) return { invariant: result.invariant, walk: result.walk, raw, shown: raw, shrinkSeconds: 0 };
  const shrunk = shrink(model, raw, result.invariant, {
    similar: similarRaftSteps,
    ...(options.invariants === undefined ? {} : { invariants: options.invariants }),
  });
  return {
    invariant: result.invariant,
    walk: result.walk,
    raw,
    shown: shrunk.trace,
    shrinkSeconds: shrunk.seconds,
  };
}

function positiveNumber(text: string | undefined, name: string): number | undefined {
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
  const model = modelFromFlags(values);
  const invariants = invariantsFromFlags(listFlag(values, 'invariants'));
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

  const result =
    workers === 1
      ? simulateRaft(engine as SimulationEngine, model.config, model.bugs, options)
      : await simulateInWorkers(workers, engine as SimulationEngine, model.config, model.bugs, options);
  const found =
    result.kind === 'violation' ? counterexample(model, result, options, values['no-shrink'] !== true) : undefined;
  const reproduce = found === undefined ? undefined : reproduceCommand(model, options, found.walk);
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
        invariants: invariants ?? RAFT_INVARIANTS.map((i) => i.name),
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
      lines.push(`result: ok, no invariant violated in ${formatNumber(s.walks)} walks`);
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
    process.stderr.write(`${writeItfCounterexample(out, model, found.shown, found.invariant)}\n`);
  }
  return found === undefined ? 0 : 1;
}
