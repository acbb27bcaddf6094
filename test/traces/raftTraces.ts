/** Raft traces for the trace tests: a real counterexample, random walks, and ITF round trips. */
import { check } from '../../checker/bfs.js';
import type { Trace } from '../../checker/trace.js';
import type { RaftAction } from '../../spec/raft/actions.js';
import { DEFAULT_CONFIG, type RaftConfig } from '../../spec/raft/config.js';
import { raftStepsFromItf, raftTraceToItf, type RaftItfStep } from '../../traces/raft/itf.js';
import { raftModel, type RaftModel } from '../../spec/raft/model.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { formatItfProblem, parseItf, writeItf } from '../../traces/itf.js';

export type RaftTrace = Trace<ClusterState, RaftAction>;

/** Two servers: small enough that the double-vote bug is found in milliseconds. */
export const SMALL: RaftConfig = { ...DEFAULT_CONFIG, servers: 2 };

/** The shortest counterexample a check of `bugs` finds under `config`. */
export function counterexample(
  bugs: readonly string[],
  config: RaftConfig = SMALL,
): { model: RaftModel; trace: RaftTrace; invariant: string } {
  const model = raftModel(config, bugs);
  const result = check(model);
  if (result.kind !== 'violation') throw new Error(`expected a violation with ${bugs.join('+')}, got ${result.kind}`);
  return { model, trace: result.trace, invariant: result.invariant };
}

/** A walk that takes successor `choice % count` at each step, stopping early where nothing is enabled. */
export function walk(model: RaftModel, choices: readonly number[]): RaftTrace {
  let state = model.initialStates()[0]!;
  const trace: { action: RaftAction | null; state: ClusterState }[] = [{ action: null, state }];
  for (const choice of choices) {
    const successors = model.next(state);
    if (successors.length === 0) break;
    const t = successors[choice % successors.length]!;
    trace.push(t);
    state = t.state;
  }
  return trace;
}

/** The trace written as ITF text. */
export function itfText(model: RaftModel, trace: RaftTrace): string {
  return writeItf(raftTraceToItf(trace, model, { status: 'ok', description: 'test' }));
}

/** Reads ITF text back into steps; throws with the one-line problem. */
export function stepsFromText(text: string, config: RaftConfig): RaftItfStep[] {
  const parsed = parseItf(text);
  if (!parsed.ok) throw new Error(formatItfProblem(parsed.error));
  const steps = raftStepsFromItf(parsed.value, config);
  if (!steps.ok) throw new Error(formatItfProblem(steps.error));
  return steps.value;
}

/** The one-line problem reading `text` under `config`, or undefined when it reads. */
export function importProblem(text: string, config: RaftConfig): string | undefined {
  const parsed = parseItf(text);
  if (!parsed.ok) return formatItfProblem(parsed.error);
  const steps = raftStepsFromItf(parsed.value, config);
  return steps.ok ? undefined : formatItfProblem(steps.error);
}
