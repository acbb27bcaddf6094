/** `raft-check replay FILE`: re-executes an ITF trace through the model the flags (or the trace) describe. */
import { readFileSync } from 'node:fs';
import { configError, DEFAULT_CONFIG, initialMembersMask, type RaftConfig } from '../../spec/raft/config.js';
import { diffClusters, explainDisabled } from '../../spec/raft/explain.js';
import { RAFT_INVARIANTS, type RaftInvariant } from '../../spec/raft/invariants.js';
import { raftModel } from '../../spec/raft/model.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { testedValues, unseenValues, userVacuity, valuesIn } from '../../spec/raft/userVacuity.js';
import { readerOf } from '../../spec/raft/values.js';
import { formatItfProblem, parseItf, withoutVars, type ItfTrace } from '../../traces/itf.js';
import { isRaftActionName } from '../../traces/raft/actionNames.js';
import {
  ACTION_TAKEN_VAR,
  ACTION_VAR,
  invariantsFromItfMeta,
  modelFromItfMeta,
  RAFT_ITF_VARS,
  raftItfVars,
  raftStepsFromItf,
} from '../../traces/raft/itf.js';
import { formatDivergence, replay } from '../../traces/replay.js';
import { bugsFromFlags, checkBugVariants, configFromFlags, MODEL_HELP, MODEL_OPTIONS } from '../modelFlags.js';
import { count } from '../formatNumber.js';
import { loadInvariantFiles } from '../invariantsFile.js';
import { lassoClosure } from '../lassoClosure.js';
import { listFlag, parseFlags, UsageError } from '../usage.js';
import { checkReadable } from '../inputFile.js';
import { OutOfMemoryError } from '../machine.js';

export const REPLAY_HELP = `Usage: raft-check replay FILE [flags]

Re-executes an ITF trace (ours, or any ITF whose variables are the reference model's, Quint's included) through
the model: the first state must be initial and every next state a successor of the one before, under the action
the state names in its 'action' (or 'mbt::actionTaken') field when it names one, else by state matching. Prints
'replayed N steps: ok' (N actions after the initial state), or the first state that does not follow with a
diagnosis; then whether an invariant is violated along the states that follow (the first one, if any: a
counterexample confirmed). States are numbered from 1 (Init is state 1), as printed traces number them, with the
file's 0-based position beside. Variables the reference model does not have (an action record, say) are ignored
and named once; message records padded with other types' fields are accepted when the padding holds zero values.
Sizes and bounds the flags leave out are taken from the trace's #meta when raft-check wrote it; bugs only from
--bug. The invariants are the built-in ones and those of --invariants-file; an invariant the trace's #meta names
(a user's, checked when the trace was written) whose module is not given is named as not run. A user's invariant
that names no witness and did not fail is warned of, as check does, when it tests a role or message type the
model cannot have or that no state of the trace has ('vacuous: warning: ...').
Exit code 0: the trace replays (even when it violates an invariant); 1: it diverges; 2: bad usage or a malformed
trace.

${MODEL_HELP}

  --invariants-file F load every export of the module F (.js, .mjs or .ts) as an invariant, as check does
                      (repeatable): the user invariants the trace's #meta names run only when given
  --json              print one JSON object: result, steps, the divergence with its diagnosis, the violation
  --help              this text`;

export const REPLAY_OPTIONS = {
  ...MODEL_OPTIONS,
  'invariants-file': { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

/** The variables an ITF state of the reference model may carry besides the model's own. */
const ACTION_FIELDS = [ACTION_VAR, ACTION_TAKEN_VAR, 'mbt::nondetPicks'];

function readText(file: string): string {
  try {
    checkReadable(file);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError || e instanceof OutOfMemoryError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code ?? (e instanceof Error ? e.message : String(e))}`);
  }
}

/**
 * The variables of `trace` that the reference model does not read: any not among its variables and action
 * fields, and an action field that does not hold a string in every state (Quint users keep an action record).
 */
export function extraVariables(trace: ItfTrace, variables: readonly string[] = RAFT_ITF_VARS): string[] {
  const names = new Set([...trace.vars, ...trace.states.flatMap((s) => Object.keys(s.values))]);
  const known = (name: string): boolean =>
    variables.includes(name) ||
    (ACTION_FIELDS.includes(name) &&
      trace.states.every((s) => s.values[name] === undefined || typeof s.values[name] === 'string'));
  return [...names].filter((name) => !known(name));
}

/** The one trace file replay takes, read and parsed as ITF; a usage error naming the problem. */
export function readItfArgument(positionals: readonly string[]): { file: string; parsed: { value: ItfTrace } } {
  if (positionals.length !== 1) throw new UsageError(`replay takes one trace file, got ${positionals.length}`);
  const file = positionals[0]!;
  const parsed = parseItf(readText(file));
  if (!parsed.ok) throw new UsageError(`${file}: ${formatItfProblem(parsed.error)}`);
  return { file, parsed };
}

/**
 * Why each user invariant (`users`) that names no witness and did not fail (`failed`) held only vacuously on the
 * replayed `states`: what userVacuity.ts finds in its source, and each role or message type it tests that no
 * state of the trace has.
 */
export function traceVacuity(
  config: RaftConfig,
  users: readonly RaftInvariant[],
  states: readonly ClusterState[],
  failed: string | undefined,
): { invariant: string; reason: string }[] {
  const variants = config.variants ?? [];
  const asked = users.filter((u) => u.witness === undefined && u.source !== undefined && u.name !== failed);
  const tested = new Set(asked.flatMap((u) => testedValues(u.source!, variants)));
  if (tested.size > 0) {
    const members = initialMembersMask(config);
    for (const s of states) {
      for (const v of valuesIn(readerOf(s, members))) tested.delete(v);
      if (tested.size === 0) break;
    }
  }
  return asked.flatMap((u) =>
    [...userVacuity(u.source!, variants), ...unseenValues(u.source!, variants, tested, 'of the trace')].map(
      (reason) => ({ invariant: u.name, reason }),
    ),
  );
}

/** Runs the command; returns the exit code. */
export async function runReplay(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, REPLAY_OPTIONS, true);
  if (values.help === true) {
    console.log(REPLAY_HELP);
    return 0;
  }
  const { file, parsed } = readItfArgument(positionals);
  const { bugs: metaBugs = [], ...metaConfig } = modelFromItfMeta(parsed.value.meta);
  const defaults: RaftConfig = { ...DEFAULT_CONFIG, ...metaConfig };
  const metaProblem = configError(defaults);
  if (metaProblem !== undefined) throw new UsageError(`${file}: field #meta.raft-check.model: ${metaProblem}`);
  const config = configFromFlags(values, defaults);
  const bugs = bugsFromFlags(values);
  checkBugVariants(config, bugs);
  const loaded = await loadInvariantFiles(listFlag(values, 'invariants-file'));
  const model = raftModel(config, bugs, [...RAFT_INVARIANTS, ...loaded]);
  const ran = model.invariants.map((i) => i.name);
  // The user invariants the run that wrote the trace checked, and whose modules were not given: not run here.
  const builtIn = RAFT_INVARIANTS.map((i) => i.name);
  const notRun = invariantsFromItfMeta(parsed.value.meta).filter((n) => !ran.includes(n) && !builtIn.includes(n));
  const extra = extraVariables(parsed.value, raftItfVars(model.config.variants));
  const steps = raftStepsFromItf(withoutVars(parsed.value, extra), model.config);
  if (!steps.ok) {
    // Without our #meta the sizes are the defaults, which a trace of a bigger cluster does not fit.
    const sizes = steps.error.code === 'out-of-config' || steps.error.message.startsWith('no entry for server');
    const hint =
      sizes && metaConfig.servers === undefined && values.servers === undefined
        ? ' (the trace has no raft-check #meta to give the sizes: pass --servers and --values)'
        : '';
    throw new UsageError(`${file}: ${formatItfProblem(steps.error)}${hint}`);
  }
  const notes: string[] = [];
  if (extra.length > 0) notes.push(`ignored variables the reference model does not have: ${extra.join(', ')}`);
  const missing = metaBugs.filter((b) => !model.bugs.includes(b));
  if (missing.length > 0) notes.push(`the trace was written with --bug ${missing.join(',')}; replaying without it`);
  const result = replay(model, steps.value, {
    diff: diffClusters,
    explainDisabled: (s, action) => explainDisabled(s, action, model),
    knowsAction: isRaftActionName,
  });
  const violation = result.violation;
  // A lasso (check --properties --out) must also close its loop.
  const loop =
    parsed.value.loop === undefined
      ? undefined
      : lassoClosure(
          steps.value.map((st) => st.state),
          parsed.value.loop,
        );
  const ok = result.ok && loop?.closes !== false;
  const followed = result.ok ? steps.value.length : result.divergence.index;
  const vacuity = traceVacuity(
    model.config,
    loaded,
    steps.value.slice(0, followed).map((st) => st.state),
    violation?.invariant,
  );
  if (values.json === true) {
    console.log(
      JSON.stringify({
        file,
        model: { ...model.config, bugs: model.bugs },
        invariants: ran,
        notRun,
        result: result.ok ? 'ok' : 'diverged',
        states: steps.value.length,
        ...(result.ok ? { steps: result.steps } : { divergence: result.divergence }),
        violation: violation === undefined ? null : { ...violation, state: violation.index + 1 },
        ignoredVariables: extra,
        notes,
        vacuous: [...new Set(vacuity.map((v) => v.invariant))],
        vacuity,
        ...(loop === undefined ? {} : { lasso: { loop: parsed.value.loop, closes: loop.closes } }),
      }),
    );
    return ok ? 0 : 1;
  }
  for (const note of notes) process.stderr.write(`note: ${note}\n`);
  const lines = result.ok ? [`replayed ${count(result.steps, 'step')}: ok`] : formatDivergence(result.divergence);
  lines.push(
    violation === undefined
      ? notRun.length === 0
        ? `invariants: all hold on the ${count(followed, 'state')} that follow the model`
        : `invariants: ${ran.join(', ')} hold on the ${count(followed, 'state')} that follow the model`
      : `invariants: ${violation.invariant} is violated in state ${violation.index + 1} (states[${violation.index}]): ` +
          'the trace is a counterexample',
  );
  if (notRun.length > 0) {
    lines.push(
      `invariants: not run: ${notRun.join(', ')}, which the trace's #meta names; give the module that defines ` +
        `${notRun.length === 1 ? 'it' : 'them'} with --invariants-file`,
    );
  }
  for (const { invariant, reason } of vacuity) {
    lines.push(`vacuous: warning: ${invariant} held only vacuously on this trace: ${reason}`);
  }
  if (loop !== undefined && result.ok) lines.push(loop.line);
  console.log(lines.join('\n'));
  return ok ? 0 : 1;
}
