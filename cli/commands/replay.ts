/** `raft-check replay FILE`: re-executes an ITF trace through the model the flags (or the trace) describe. */
import { readFileSync } from 'node:fs';
import { configError, DEFAULT_CONFIG, type RaftConfig } from '../../spec/raft/config.js';
import { diffClusters, explainDisabled } from '../../spec/raft/explain.js';
import { modelFromItfMeta, raftStepsFromItf } from '../../traces/raft/itf.js';
import { raftModel } from '../../spec/raft/model.js';
import { formatItfProblem, parseItf } from '../../traces/itf.js';
import { formatDivergence, replay } from '../../traces/replay.js';
import { bugsFromFlags, configFromFlags, MODEL_HELP, MODEL_OPTIONS } from '../modelFlags.js';
import { parseFlags, UsageError } from '../usage.js';

export const REPLAY_HELP = `Usage: raft-check replay FILE [flags]

Re-executes an ITF trace (ours, or any ITF whose variables are the reference model's) through the model: the first
state must be initial and every next state a successor of the one before, under the action the state names in its
'action' (or 'mbt::actionTaken') field when it names one. Prints 'replayed N steps: ok' (N actions after the
initial state), or the first state that does not follow with a diagnosis. Sizes and bounds the flags leave out are
taken from the trace's #meta when raft-check wrote it; bugs only from --bug.
Exit code 0: the trace replays; 1: it diverges; 2: bad usage or a malformed trace.

${MODEL_HELP}

  --help              this text`;

export const REPLAY_OPTIONS = { ...MODEL_OPTIONS, help: { type: 'boolean' } } as const;

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code ?? (e instanceof Error ? e.message : String(e))}`);
  }
}

/** Runs the command; returns the exit code. */
export function runReplay(args: readonly string[]): number {
  const { values, positionals } = parseFlags(args, REPLAY_OPTIONS, true);
  if (values.help === true) {
    console.log(REPLAY_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`replay takes one trace file, got ${positionals.length}`);
  const file = positionals[0]!;
  const parsed = parseItf(readText(file));
  if (!parsed.ok) throw new UsageError(`${file}: ${formatItfProblem(parsed.error)}`);
  const { bugs: metaBugs = [], ...metaConfig } = modelFromItfMeta(parsed.value.meta);
  const defaults: RaftConfig = { ...DEFAULT_CONFIG, ...metaConfig };
  const metaProblem = configError(defaults);
  if (metaProblem !== undefined) throw new UsageError(`${file}: field #meta.raft-check.model: ${metaProblem}`);
  const model = raftModel(configFromFlags(values, defaults), bugsFromFlags(values));
  const steps = raftStepsFromItf(parsed.value, model.config);
  if (!steps.ok) throw new UsageError(`${file}: ${formatItfProblem(steps.error)}`);
  const missing = metaBugs.filter((b) => !model.bugs.includes(b));
  if (missing.length > 0) {
    process.stderr.write(`note: the trace was written with --bug ${missing.join(',')}; replaying without it\n`);
  }
  const result = replay(model, steps.value, {
    diff: diffClusters,
    explainDisabled: (s, action) => explainDisabled(s, action, model),
  });
  if (result.ok) {
    console.log(`replayed ${result.steps} steps: ok`);
    return 0;
  }
  console.log(formatDivergence(result.divergence).join('\n'));
  return 1;
}
