/**
 * `raft-check simulate --profile etcd`: seeded random walks of the etcd profile (checker/simulate.ts, as for the
 * reference profile). Walk w depends only on (seed, w), so a run gives the same result whatever its pace. The
 * walks run on this thread in chunks, with a pause for signals between chunks: Ctrl-C or SIGTERM ends the run with
 * the report of the walks finished. No worker threads (the walks are cheap), no shrinking (etcd's counterexamples
 * are printed as walked).
 */
import { randomInt } from 'node:crypto';
import { mergeStats, runWalk, simulate, type SimulateOptions, type SimulateStats } from '../../checker/simulate.js';
import type { Trace } from '../../checker/trace.js';
import type { EtcdAction } from '../../spec/etcd/actions.js';
import { ETCD_INVARIANTS } from '../../spec/etcd/invariants.js';
import { etcdModel, type EtcdModel } from '../../spec/etcd/model.js';
import type { EtcdState } from '../../spec/etcd/state.js';
import { etcdTraceToItf } from '../../traces/etcd/itf.js';
import { writeItf } from '../../traces/itf.js';
import { traceToJson } from '../../traces/report.js';
import { formatTrace } from '../../traces/text.js';
import { positiveNumber, statsLines } from '../commands/simulate.js';
import { count } from '../formatNumber.js';
import { checkOutPath } from '../itfOut.js';
import { untilDone } from '../untilDone.js';
import { intFlag, parseFlags, stringFlag, UsageError } from '../usage.js';
import { writeFileAtomic } from '../writeFileAtomic.js';
import {
  describeEtcdConfig,
  ETCD_MODEL_HELP,
  ETCD_MODEL_OPTIONS,
  etcdConfigFromFlags,
  etcdInvariantsFromFlags,
  etcdModelFlags,
} from './flags.js';
import { ETCD_RENDERING } from './check.js';

export const ETCD_SIMULATE_HELP = `Usage: raft-check simulate --profile etcd [flags]

Runs seeded random walks of the etcd profile (etcd-io/raft's etcdraft.tla as MCetcdraft.tla runs it) within the
bounds, checking etcdraft.tla's invariants on every state, as simulate does for the reference profile (swarm
choice by default). A violating walk is printed as walked (not shrunk) with the command that reproduces it.
Exit code 0: no violation; 1: violation; 2: bad usage; 3: interrupted (the walks finished are reported).

${ETCD_MODEL_HELP}

Simulate:
  --seed N             seed of the run, 0 to 4294967295 (default: a random one, printed)
  --walks W            run walks 0 to W-1 (default 1000)
  --seconds S          instead of --walks: start walks for S seconds
  --max-depth D        steps per walk at most (default 300)
  --uniform            choose uniformly among successors instead of by per-walk action weights
  --invariants A,B     check only these (default all): ${ETCD_INVARIANTS.map((i) => i.name).join(', ')}
  --out FILE           write a walk as ITF (replay --profile etcd reads it): the violating walk, or else the
                       last walk run
  --json               one JSON object on stdout
  --quiet              no progress lines
  --help               this text`;

const OPTIONS = {
  ...ETCD_MODEL_OPTIONS,
  seed: { type: 'string' },
  walks: { type: 'string' },
  seconds: { type: 'string' },
  'max-depth': { type: 'string' },
  uniform: { type: 'boolean' },
  invariants: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** Flags of the reference profile's simulate that this one does not have (docs/etcd.md says why). */
const REFERENCE_ONLY = ['--workers', '--cluster', '--invariants-file', '--no-shrink', '--engine'];

/** Walks per chunk: between two chunks the thread is free to take a signal. */
const CHUNK = 20;

interface Outcome {
  readonly stats: SimulateStats;
  /** The lowest violating walk, when one violates an invariant. */
  readonly violation?: {
    readonly walk: number;
    readonly invariant: string;
    readonly trace: Trace<EtcdState, EtcdAction>;
  };
  /** The highest walk run (-1: none). */
  readonly lastWalk: number;
  readonly interrupted?: string;
}

/** Runs walks chunk by chunk until a violation, the budget, or `stop`. */
function walks(model: EtcdModel, options: SimulateOptions): { done: Promise<Outcome>; stop(reason: string): void } {
  let stopped: string | undefined;
  const started = performance.now();
  const done = (async (): Promise<Outcome> => {
    const parts: SimulateStats[] = [];
    // The chunk's own budget is its walks; the run's seconds and progress are kept here.
    const chunkOptions: SimulateOptions = {
      seed: options.seed,
      ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
      ...(options.uniform === undefined ? {} : { uniform: options.uniform }),
      ...(options.invariants === undefined ? {} : { invariants: options.invariants }),
    };
    const limit = options.walks ?? Infinity;
    const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
    let next = 0;
    let lastProgress = started;
    const seconds = (): number => (performance.now() - started) / 1000;
    while (next < limit && performance.now() < deadline && stopped === undefined) {
      const upTo = Math.min(limit, next + CHUNK);
      const r = simulate(model, {
        ...chunkOptions,
        firstWalk: next,
        walks: upTo,
        collectFingerprints: true,
      });
      parts.push(r.stats);
      if (r.kind === 'violation') {
        return {
          stats: mergeStats(parts, seconds()),
          violation: { walk: r.walk, invariant: r.invariant, trace: r.trace },
          lastWalk: r.walk,
        };
      }
      next = upTo;
      if (options.onProgress !== undefined && performance.now() - lastProgress >= 5000) {
        lastProgress = performance.now();
        const s = mergeStats(parts, seconds());
        options.onProgress({ walks: s.walks, steps: s.steps, nextWalk: next, seconds: seconds() });
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return {
      stats: mergeStats(parts, seconds()),
      lastWalk: next - 1,
      ...(stopped === undefined ? {} : { interrupted: stopped }),
    };
  })();
  return {
    done,
    stop: (reason) => {
      stopped = reason;
    },
  };
}

/** Runs `simulate --profile etcd`; returns the exit code. */
export async function runEtcdSimulate(args: readonly string[]): Promise<number> {
  const other = args.find((a) => REFERENCE_ONLY.some((f) => a === f || a.startsWith(`${f}=`)));
  if (other !== undefined) {
    throw new UsageError(`${other.split('=')[0]!} is not supported by simulate --profile etcd (docs/etcd.md)`);
  }
  const { values } = parseFlags(args, OPTIONS);
  if (values.help === true) {
    console.log(ETCD_SIMULATE_HELP);
    return 0;
  }
  const config = etcdConfigFromFlags(values);
  const model = etcdModel(config);
  const names = etcdInvariantsFromFlags(values);
  const known = ETCD_INVARIANTS.map((i) => i.name);
  if (values.walks !== undefined && values.seconds !== undefined) {
    throw new UsageError('--walks and --seconds exclude each other');
  }
  const seconds = positiveNumber(stringFlag(values, 'seconds'), 'seconds');
  const quiet = values.quiet === true;
  const options: SimulateOptions = {
    seed: values.seed === undefined ? randomInt(2 ** 31) : intFlag(values, 'seed', 0, 0, 2 ** 32 - 1),
    ...(seconds === undefined ? { walks: intFlag(values, 'walks', 1000, 1, 2 ** 31 - 1) } : { seconds }),
    maxDepth: intFlag(values, 'max-depth', 300, 1, 1_000_000),
    ...(values.uniform === true ? { uniform: true } : {}),
    ...(names.length === 0 ? {} : { invariants: names }),
    ...(quiet
      ? {}
      : {
          onProgress: (p) =>
            process.stderr.write(
              `simulate: ${count(p.walks, 'walk')}, ${count(p.steps, 'step')}, ${p.seconds.toFixed(0)} s\n`,
            ),
        }),
  };
  const out = stringFlag(values, 'out');
  if (out !== undefined) checkOutPath(out);

  const outcome = await untilDone(walks(model, options), quiet);
  const found = outcome.violation;
  const reproduce = (walk: number): string =>
    `raft-check simulate --profile etcd ${etcdModelFlags(config)} --seed ${options.seed} --walks ${walk + 1} ` +
    `--max-depth ${options.maxDepth ?? 300}${options.uniform === true ? ' --uniform' : ''}` +
    (names.length === 0 ? '' : ` --invariants ${names.join(',')}`);
  const result = found !== undefined ? 'violation' : outcome.interrupted !== undefined ? 'interrupted' : 'ok';
  const stats: Partial<SimulateStats> = { ...outcome.stats };
  delete stats.fingerprints;
  if (values.json === true) {
    console.log(
      JSON.stringify({
        profile: 'etcd',
        model: config,
        invariants: names.length === 0 ? known : names,
        seed: options.seed,
        maxDepth: options.maxDepth,
        choice: options.uniform === true ? 'uniform' : 'swarm',
        result,
        ...(found === undefined
          ? {}
          : { invariant: found.invariant, walk: found.walk, reproduce: reproduce(found.walk) }),
        ...(outcome.interrupted === undefined || outcome.lastWalk < 0
          ? {}
          : { reproduce: reproduce(outcome.lastWalk) }),
        ...stats,
        ...(found === undefined ? {} : { trace: traceToJson(found.trace, ETCD_RENDERING) }),
      }),
    );
  } else {
    const lines = [
      `model: ${describeEtcdConfig(config)}`,
      `simulation: seed ${options.seed}, ${options.uniform === true ? 'uniform' : 'swarm'} choice, max depth ${options.maxDepth}`,
    ];
    if (found !== undefined) {
      lines.push(`result: VIOLATION of ${found.invariant} in walk ${found.walk} (${found.trace.length} states)`);
      lines.push(`reproduce: ${reproduce(found.walk)}`, '', formatTrace(found.trace, ETCD_RENDERING), '');
    } else if (outcome.interrupted !== undefined) {
      lines.push(
        `result: interrupted (${outcome.interrupted}) after ${count(outcome.stats.walks, 'walk')}, no violation`,
      );
      if (outcome.lastWalk >= 0) lines.push(`reproduce the walks finished: ${reproduce(outcome.lastWalk)}`);
    } else {
      lines.push(`result: ok, no invariant violated in ${count(outcome.stats.walks, 'walk')}`);
    }
    lines.push(...statsLines(outcome.stats));
    console.log(lines.join('\n'));
  }
  if (out !== undefined && outcome.lastWalk >= 0) {
    const trace = found?.trace ?? runWalk(model, options.seed, outcome.lastWalk, options).trace;
    const walk = found?.walk ?? outcome.lastWalk;
    const itf = etcdTraceToItf(trace, config, {
      status: found === undefined ? 'walk' : 'violation',
      description: `walk ${walk} of seed ${options.seed}${found === undefined ? '' : `, counterexample to ${found.invariant}`}; model: ${describeEtcdConfig(config)}`,
    });
    writeFileAtomic(out, writeItf(itf));
    process.stderr.write(`wrote walk ${walk} (${count(trace.length, 'state')}, ITF) to ${out}\n`);
  }
  return found !== undefined ? 1 : outcome.interrupted !== undefined ? 3 : 0;
}
