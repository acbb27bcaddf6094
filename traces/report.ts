/** The `--json` report of a check: one object that says what was checked, what was found and the counts. */
import type { CheckResult } from '../checker/bfs.js';
import type { CheckStats } from '../checker/stats.js';
import type { Trace } from '../checker/trace.js';

export interface JsonStep {
  /** The action's name (`Init` for the first state). */
  readonly action: string;
  /** The action with its parameters, as printed for people. */
  readonly label: string;
  readonly state: unknown;
}

export interface CheckReport {
  readonly result: 'ok' | 'violation' | 'incomplete';
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly seconds: number;
  readonly invariant?: string;
  readonly trace?: JsonStep[];
  readonly reason?: string;
  readonly queueLeft: number;
  readonly actions: CheckStats['actions'];
  readonly boundDiscards: CheckStats['boundDiscards'];
  readonly collisionProbability: number;
  readonly storeBytes: number;
  readonly [extra: string]: unknown;
}

export interface StepRendering<S, A> {
  actionName(action: A): string;
  formatAction(action: A): string;
  stateToJson(state: S): unknown;
}

/** A trace as JSON steps: the first is `Init`. */
export function traceToJson<S, A>(trace: Trace<S, A>, how: StepRendering<S, A>): JsonStep[] {
  return trace.map((step) => ({
    action: step.action === null ? 'Init' : how.actionName(step.action),
    label: step.action === null ? 'Init' : how.formatAction(step.action),
    state: how.stateToJson(step.state),
  }));
}

/** The report of `result`, with `extra` fields (model, invariants) first. */
export function checkReport<S, A>(
  result: CheckResult<S, A>,
  how: StepRendering<S, A>,
  extra: Record<string, unknown> = {},
): CheckReport {
  const s = result.stats;
  return {
    ...extra,
    result: result.kind === 'ok' ? 'ok' : result.kind,
    ...(result.kind === 'violation' ? { invariant: result.invariant } : {}),
    ...(result.kind === 'incomplete' ? { reason: result.reason } : {}),
    distinctStates: s.distinctStates,
    generatedStates: s.generatedStates,
    depth: s.depth,
    queueLeft: s.queueLeft,
    seconds: Number(s.seconds.toFixed(3)),
    actions: s.actions,
    boundDiscards: s.boundDiscards,
    collisionProbability: s.collisionProbability,
    storeBytes: s.storeBytes,
    ...(result.kind === 'violation' ? { trace: traceToJson(result.trace, how) } : {}),
  };
}
