/** `raft-check [check]`: exhaustive breadth-first check of the model the flags describe. */
import type { CheckResult } from '../../checker/bfs.js';
import { stderrReporter } from '../../checker/reporter.js';
import type { RaftAction } from '../../spec/raft/actions.js';
import { clusterToJson, describeChanges } from '../../spec/raft/describe.js';
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
import { checkRaft, ENGINES, type Engine } from '../../harness/checkRaft.js';

export const CHECK_HELP = `Usage: raft-check [check] [flags]

Explores every state of the Raft reference model within the bounds, checks the invariants on each, and prints
the shortest counterexample when one breaks. Exit code 0: every invariant holds; 1: violation; 2: bad usage.

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
  help: { type: 'boolean' },
} as const;

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
    stateToJson: clusterToJson,
  };
}

/** The summary printed for people. */
export function formatSummary(model: RaftModel, result: CheckResult<ClusterState, RaftAction>): string {
  const s = result.stats;
  const lines: string[] = [];
  lines.push(`model: ${describeModel(model)}`);
  if (result.kind === 'violation') {
    lines.push(`result: VIOLATION of ${result.invariant} after ${result.trace.length} states`);
    lines.push('');
    lines.push(formatTrace(result.trace, renderingFor(model)));
    lines.push('');
  } else if (result.kind === 'incomplete') {
    lines.push(`result: INCOMPLETE (${result.reason})`);
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
    `fingerprints: 127 bits, ${(s.storeBytes / Math.max(s.distinctStates, 1)).toFixed(1)} bytes/state, ` +
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
  const out = stringFlag(values, 'out');
  if (out !== undefined) checkOutPath(out);
  const result = checkRaft(
    model.config,
    model.bugs,
    {
      ...(invariants === undefined ? {} : { invariants }),
      ...(maxStates === undefined ? {} : { maxStates }),
      ...(values.quiet === true ? {} : { reporter: stderrReporter }),
    },
    engine as Engine,
    all,
  );
  if (values.json === true) {
    const report = checkReport(result, renderingFor(model), {
      model: { ...model.config, bugs: model.bugs },
      invariants: invariants ?? all.map((i) => i.name),
    });
    console.log(JSON.stringify(report));
  } else {
    console.log(formatSummary(model, result));
  }
  if (out !== undefined && result.kind === 'violation') {
    const wrote = writeItfCounterexample(out, model, result.trace, result.invariant);
    if (values.quiet !== true) process.stderr.write(`${wrote}\n`);
  }
  return result.kind === 'ok' ? 0 : result.kind === 'violation' ? 1 : 3;
}
