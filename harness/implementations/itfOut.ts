/**
 * A failing run as an ITF trace the explorer opens (not one for `raft-check replay`: one event can be several
 * model steps, and the reported states have no messages):
 *
 * - a departure: the model states the validator matched, event by event, up to the last event it could follow;
 *   the rejected event and the validator's reason are in `#meta.description`. Written only when every event left
 *   exactly one state (then the states are a path; a larger frontier has no single path to show).
 * - a safety violation: the states the nodes reported after each step that logged events, up to the first that
 *   breaks the invariant (no messages: nodes do not report the network), with the invariant in `#meta`.
 */
import type { RaftConfig } from '../../spec/raft/config.js';
import { initialState, type ClusterState } from '../../spec/raft/state.js';
import { writeItf, type ItfTrace } from '../../traces/itf.js';
import { ACTION_VAR, clusterToItf, raftItfVars } from '../../traces/raft/itf.js';
import { validate } from '../../traces/validate/validate.js';
import { readRecordedRun } from './recordedRun.js';
import { clusterOf, valueNumbering, type ReportedNode } from './reported.js';

function itfText(
  config: RaftConfig,
  states: readonly { state: ClusterState; label: string }[],
  description: string,
  invariant?: string,
): string {
  const trace: ItfTrace = {
    meta: {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source: 'raft-check harness/implementations',
      status: invariant === undefined ? 'departure' : 'violation',
      description,
      'raft-check': { model: { ...config, bugs: [] }, ...(invariant === undefined ? {} : { invariant }) },
    },
    vars: [...raftItfVars(), ACTION_VAR],
    states: states.map((s) => ({ meta: {}, values: { ...clusterToItf(s.state), [ACTION_VAR]: s.label } })),
  };
  return writeItf(trace);
}

/** The matched prefix of a departing run as ITF text, or undefined when some event left several states. */
export function departureItf(lines: readonly string[], description: string): string | undefined {
  const trace = readRecordedRun(lines);
  const path: { state: ClusterState; label: string }[] = [
    { state: initialState(trace.model.config.servers), label: 'Init' },
  ];
  let branching = 0; // events after which several states were left
  validate(trace.model, trace.events, {
    selfVote: trace.selfVote,
    maxFrontier: 20_000,
    onStates: (event, states) => {
      if (states.length !== 1) branching++;
      const fields = JSON.parse(trace.lines[event.line - 1] ?? '{}') as Record<string, unknown>;
      const peer = typeof fields.to === 'string' ? fields.to : typeof fields.from === 'string' ? fields.from : '';
      const label = `event ${event.index}: ${String(fields.server)} ${event.type} ${peer}`.trimEnd();
      const state = states[0];
      if (state !== undefined) path.push({ state, label });
    },
  });
  return branching === 0 ? itfText(trace.model.config, path, description) : undefined;
}

/** The reported states up to a safety violation as ITF text. */
export function safetyItf(
  config: RaftConfig,
  history: readonly { label: string; nodes: readonly ReportedNode[] }[],
  invariant: string,
  description: string,
): string {
  const valueOf = valueNumbering();
  const states = history.map((h) => ({ state: clusterOf(h.nodes, valueOf), label: h.label }));
  return itfText(config, [{ state: initialState(config.servers), label: 'Init' }, ...states], description, invariant);
}
