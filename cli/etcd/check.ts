/** `raft-check [check] --profile etcd`: exhaustive breadth-first check of the etcd profile. */
import { availableParallelism } from 'node:os';
import type { CheckResult } from '../../checker/bfs.js';
import { replayPath } from '../../checker/path.js';
import { stderrReporter } from '../../checker/reporter.js';
import { startSearch, type SearchOutcome } from '../../checker/search.js';
import { unreducePath } from '../../checker/symmetry.js';
import { etcdActionName, type EtcdAction } from '../../spec/etcd/actions.js';
import { formatEtcdAction } from '../../spec/etcd/format.js';
import { describeEtcdChanges, etcdStateToJson } from '../../spec/etcd/describe.js';
import { ETCD_INVARIANTS } from '../../spec/etcd/invariants.js';
import { etcdModel, type EtcdModel } from '../../spec/etcd/model.js';
import type { EtcdState } from '../../spec/etcd/state.js';
import { etcdSymmetry } from '../../spec/etcd/symmetry.js';
import { checkReport } from '../../traces/report.js';
import { formatTrace } from '../../traces/text.js';
import {
  checkpointFromFlags,
  checkpointLines,
  coverageLines,
  EXIT,
  failureExit,
  symmetryReport,
} from '../commands/check.js';
import { modelCoverage } from '../../harness/runCoverage.js';
import { packageVersion } from '../packageInfo.js';
import { formatNumber } from '../formatNumber.js';
import { intFlag, parseFlags } from '../usage.js';
import { workDirFromFlags } from '../machine.js';
import {
  describeEtcdConfig,
  ETCD_MODEL_HELP,
  ETCD_MODEL_OPTIONS,
  etcdConfigFromFlags,
  etcdInvariantsFromFlags,
} from './flags.js';
import { etcdRecipe } from './recipe.js';
import { untilDone } from '../untilDone.js';

export const ETCD_CHECK_HELP = `Usage: raft-check [check] --profile etcd [flags]

Explores every state of the etcd profile (etcd-io/raft's etcdraft.tla as MCetcdraft.tla runs it) within the
bounds and checks etcdraft.tla's invariants on each. Exit codes as for raft-check check.

${ETCD_MODEL_HELP}

Check:
  --invariants A,B     check only these (default all): ${ETCD_INVARIANTS.map((i) => i.name).join(', ')}
  --max-states N       stop after N distinct states (result incomplete, exit 3)
  --symmetry           servers are interchangeable (MCetcdraft's SYMMETRY Permutations(Server))
  --workers N          search threads (default ${availableParallelism()}); any N gives the same counts
  --json               one JSON object on stdout
  --quiet              no progress lines
  --max-heap MIB, --work-dir DIR, --checkpoint DIR, --checkpoint-every S, --resume DIR: as for the raft profile
  --help               this text`;

const OPTIONS = {
  ...ETCD_MODEL_OPTIONS,
  invariants: { type: 'string' },
  'max-states': { type: 'string' },
  symmetry: { type: 'boolean' },
  workers: { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  'max-heap': { type: 'string' },
  'work-dir': { type: 'string' },
  checkpoint: { type: 'string' },
  'checkpoint-every': { type: 'string' },
  resume: { type: 'string' },
  help: { type: 'boolean' },
} as const;

/** How counterexamples and reports render the profile's steps. */
export const ETCD_RENDERING = {
  actionName: etcdActionName,
  formatAction: formatEtcdAction,
  describeChanges: describeEtcdChanges,
  stateToJson: etcdStateToJson,
};

function summary(model: EtcdModel, result: CheckResult<EtcdState, EtcdAction>, invariants?: readonly string[]): string {
  const s = result.stats;
  const lines = [`model: ${describeEtcdConfig(model.config)}`];
  if (result.kind === 'violation') {
    lines.push(`result: VIOLATION of ${result.invariant} after ${result.trace.length} states`, '');
    lines.push(formatTrace(result.trace, ETCD_RENDERING), '');
  } else if (result.kind === 'incomplete') {
    lines.push(`result: INCOMPLETE (${result.reason}); what follows covers only the part explored`);
  } else {
    lines.push('result: ok, every invariant holds');
  }
  lines.push(
    `states: ${formatNumber(s.distinctStates)} distinct, ${formatNumber(s.generatedStates)} generated, depth ${s.depth}, ` +
      `${formatNumber(s.queueLeft)} left in queue`,
  );
  if (s.representedStates !== undefined) {
    lines.push(
      `symmetry: the ${formatNumber(s.distinctStates)} distinct states are orbits of ${formatNumber(s.representedStates)} states`,
    );
  }
  lines.push(`time: ${s.seconds.toFixed(2)} s`);
  lines.push(`invariants: ${(invariants ?? model.invariants.map((i) => i.name)).join(', ')}`);
  lines.push('actions (fired / new states):');
  for (const [name, a] of Object.entries(s.actions)) {
    lines.push(`  ${name.padEnd(32)} ${formatNumber(a.fired).padStart(12)} ${formatNumber(a.distinct).padStart(12)}`);
  }
  lines.push('bounds (successors discarded):');
  for (const [name, n] of Object.entries(s.boundDiscards))
    lines.push(`  ${name.padEnd(32)} ${formatNumber(n).padStart(12)}`);
  lines.push(...coverageLines(modelCoverage(model, s, invariants), result.kind !== 'ok'));
  return lines.join('\n');
}

/** Runs `check --profile etcd`; returns the exit code. */
export async function runEtcdCheck(args: readonly string[]): Promise<number> {
  const { values } = parseFlags(args, OPTIONS);
  if (values.help === true) {
    console.log(ETCD_CHECK_HELP);
    return 0;
  }
  const config = etcdConfigFromFlags(values);
  const model = etcdModel(config);
  const names = etcdInvariantsFromFlags(values);
  const known = ETCD_INVARIANTS.map((i) => i.name);
  const invariants = names.length === 0 ? undefined : names;
  const maxStates = values['max-states'] === undefined ? undefined : intFlag(values, 'max-states', 0, 1, 2 ** 31 - 1);
  const workers = intFlag(values, 'workers', availableParallelism(), 1, 256);
  const heapMib = values['max-heap'] === undefined ? undefined : intFlag(values, 'max-heap', 0, 16, 2 ** 20);
  const workDir = workDirFromFlags(values);
  const symmetry = values.symmetry === true;
  const quiet = values.quiet === true;
  const { options: checkpointing, release } = checkpointFromFlags(
    values,
    {
      version: packageVersion(),
      model: { profile: 'etcd', ...config },
      bugs: [],
      engine: 'flat',
      symmetry,
      invariants: invariants ?? known,
      invariantFiles: [],
    },
    workers,
  );
  const search = startSearch(etcdRecipe({ config, symmetry }), {
    workers,
    parallel: true,
    boundNames: model.bounds.map((b) => b.name),
    ...(model.witnesses === undefined ? {} : { witnessNames: model.witnesses.map((w) => w.name) }),
    ...(workDir === undefined ? {} : { workDir }),
    ...(invariants === undefined ? {} : { invariants }),
    ...(maxStates === undefined ? {} : { maxStates }),
    ...(heapMib === undefined ? {} : { heapMib }),
    ...checkpointing,
    ...checkpointLines(checkpointing, quiet),
    ...(quiet
      ? {}
      : {
          onProgress: (p) => {
            stderrReporter.progress(p);
          },
        }),
  });
  let outcome: SearchOutcome;
  try {
    outcome = await untilDone(search, quiet);
  } finally {
    release();
  }
  const result: CheckResult<EtcdState, EtcdAction> =
    outcome.kind === 'violation'
      ? (() => {
          const path = symmetry ? unreducePath(model, etcdSymmetry(config.servers), outcome.path) : [...outcome.path];
          return { ...outcome, path, trace: replayPath(model, path) };
        })()
      : outcome.kind === 'incomplete'
        ? { kind: 'incomplete', reason: outcome.reason, stats: outcome.stats }
        : outcome;
  if (values.json === true) {
    const s = result.stats;
    const report = checkReport(result, ETCD_RENDERING, {
      profile: 'etcd',
      model: config,
      invariants: invariants ?? known,
      workers,
      ...(s.representedStates === undefined ? {} : { symmetry: symmetryReport(s.distinctStates, s.representedStates) }),
    });
    console.log(JSON.stringify({ ...report, ...modelCoverage(model, s, invariants) }));
  } else {
    console.log(summary(model, result, invariants));
  }
  const failed = failureExit(outcome, checkpointing.checkpoint?.dir);
  if (failed !== undefined) return failed;
  return result.kind === 'ok' ? EXIT.ok : result.kind === 'violation' ? EXIT.violation : EXIT.incomplete;
}
