/**
 * Behaviours of the etcd profile as ITF (what `simulate --profile etcd --out` writes and `replay --profile etcd`
 * reads). Each state holds three variables: `action` (the step's label, "init" for the first), `state` (the state
 * in etcdraft.tla's names, as `--json` prints it: for people and tools) and `encoding` (the state's canonical words,
 * spec/etcd/codec.ts: what replay re-executes). A reader checks that `state` says what `encoding` does, so an edit
 * of one without the other is refused rather than silently ignored. `#meta.raft-check` names the profile and its
 * configuration.
 */
import type { Trace } from '../../checker/trace.js';
import { DEFAULT_ETCD_CONFIG, type EtcdConfig } from '../../spec/etcd/config.js';
import { decodeEtcd, etcdWords } from '../../spec/etcd/codec.js';
import { etcdStateToJson } from '../../spec/etcd/describe.js';
import { formatEtcdAction } from '../../spec/etcd/format.js';
import type { EtcdAction } from '../../spec/etcd/actions.js';
import { ROLES, type EtcdState } from '../../spec/etcd/state.js';
import {
  asInt,
  asList,
  asString,
  decodeItf,
  itfInt,
  ItfShapeError,
  type ItfResult,
  type ItfTrace,
  type ItfValue,
} from '../itf.js';
import type { ReplayStep } from '../replay.js';

export const ETCD_ITF_VARS = ['action', 'state', 'encoding'] as const;

/** Plain JSON (as etcdStateToJson gives it) as an ITF value: integers as #bigint, null as "Nil". */
function jsonToItf(x: unknown): ItfValue {
  if (x === null || x === undefined) return 'Nil';
  if (typeof x === 'number') return itfInt(x);
  if (typeof x === 'string' || typeof x === 'boolean') return x;
  if (Array.isArray(x)) return x.map(jsonToItf);
  return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, jsonToItf(v)]));
}

export function etcdStateToItf(s: EtcdState): ItfValue {
  return jsonToItf(etcdStateToJson(s));
}

/** A behaviour of the profile of `config` as ITF; `meta` adds to `#meta` (a status, a description). */
export function etcdTraceToItf(
  trace: Trace<EtcdState, EtcdAction>,
  config: EtcdConfig,
  meta: Readonly<Record<string, unknown>> = {},
): ItfTrace {
  return {
    meta: {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      ...meta,
      'raft-check': { profile: 'etcd', model: config },
    },
    vars: [...ETCD_ITF_VARS],
    states: trace.map((step, index) => ({
      meta: { index },
      values: {
        action: step.action === null ? 'init' : formatEtcdAction(step.action),
        state: etcdStateToItf(step.state),
        encoding: etcdWords(step.state).map(itfInt),
      },
    })),
  };
}

/** The configuration `#meta.raft-check` names, or undefined when the trace is not the etcd profile's. */
export function etcdConfigFromItfMeta(meta: Readonly<Record<string, unknown>>): EtcdConfig | undefined {
  const ours = meta['raft-check'];
  if (typeof ours !== 'object' || ours === null) return undefined;
  const { profile, model } = ours as { profile?: unknown; model?: unknown };
  if (profile !== 'etcd' || typeof model !== 'object' || model === null) return undefined;
  return { ...DEFAULT_ETCD_CONFIG, ...(model as Partial<EtcdConfig>) };
}

/** One state of an etcd ITF trace, decoded from its `encoding`; an ItfShapeError for a value that is not one. */
function stepOf(values: Readonly<Record<string, ItfValue>>, index: number, servers: number): ReplayStep<EtcdState> {
  const at = `states[${index}]`;
  if (values.encoding === undefined) throw new ItfShapeError('encoding', `${at} has no 'encoding'`);
  const words = asList(values.encoding, 'encoding').map((w, k) => asInt(w, `encoding[${k}]`));
  const wrong = (): never => {
    throw new ItfShapeError('encoding', `not the encoding of a state of ${servers} servers`);
  };
  let state: EtcdState;
  try {
    state = decodeEtcd(words, servers);
  } catch {
    return wrong();
  }
  const canonical = etcdWords(state);
  if (canonical.length !== words.length || canonical.some((w, k) => w !== words[k])) wrong();
  if (state.servers.some((v) => !ROLES.includes(v.state))) wrong();
  const readable = values.state;
  if (readable !== undefined && JSON.stringify(readable) !== JSON.stringify(etcdStateToItf(state))) {
    throw new ItfShapeError('state', "does not say what 'encoding' does (edit both, or drop 'state')");
  }
  const action = values.action;
  return index === 0 || action === undefined ? { state } : { state, action: asString(action, 'action') };
}

/** The states of an etcd ITF trace of `servers` servers, each with the action its `action` names. */
export function etcdStepsFromItf(trace: ItfTrace, servers: number): ItfResult<ReplayStep<EtcdState>[]> {
  const steps: ReplayStep<EtcdState>[] = [];
  for (const [index, st] of trace.states.entries()) {
    const step = decodeItf(() => stepOf(st.values, index, servers), index);
    if (!step.ok) return step;
    steps.push(step.value);
  }
  return { ok: true, value: steps };
}
