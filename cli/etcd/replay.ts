/**
 * `raft-check replay FILE --profile etcd`: re-executes an ITF trace of the etcd profile (as `simulate --profile
 * etcd --out` writes it, traces/etcd/itf.ts) through the profile (traces/replay.ts, as for the reference profile):
 * the first state must be initial, every next one a successor of the one before under the action it names.
 */
import { ETCD_ACTION_NAMES } from '../../spec/etcd/actions.js';
import { etcdConfigError } from '../../spec/etcd/config.js';
import { etcdStateToJson } from '../../spec/etcd/describe.js';
import { etcdModel } from '../../spec/etcd/model.js';
import type { EtcdState } from '../../spec/etcd/state.js';
import { etcdConfigFromItfMeta, etcdStepsFromItf } from '../../traces/etcd/itf.js';
import { formatItfProblem } from '../../traces/itf.js';
import { formatDivergence, replay, type FieldDiff } from '../../traces/replay.js';
import { count } from '../formatNumber.js';
import { readItfArgument } from '../commands/replay.js';
import { parseFlags, UsageError } from '../usage.js';
import { ETCD_MODEL_HELP, ETCD_MODEL_OPTIONS, etcdConfigFromFlags } from './flags.js';

export const ETCD_REPLAY_HELP = `Usage: raft-check replay FILE --profile etcd [flags]

Re-executes an ITF trace of the etcd profile (written by simulate --profile etcd --out) through the profile: the
first state must be initial and every next state a successor of the one before, under the action its 'action'
names. States are read from their 'encoding'; their 'state' must say the same. The configuration comes from the
trace's #meta, each flag given overrides its own. Prints 'replayed N steps: ok' or the first state that does not
follow, then whether an invariant is violated along the states that follow.
Exit code 0: the trace replays (even when it violates an invariant); 1: it diverges; 2: bad usage or a malformed
trace.

${ETCD_MODEL_HELP}

  --json               one JSON object: result, steps, the divergence, the violation
  --help               this text`;

const OPTIONS = { ...ETCD_MODEL_OPTIONS, json: { type: 'boolean' }, help: { type: 'boolean' } } as const;

/** Leaf paths of plain JSON with their values as text. */
function leaves(x: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (typeof x === 'object' && x !== null && !Array.isArray(x)) {
    for (const [k, v] of Object.entries(x)) leaves(v, path === '' ? k : `${path}.${k}`, out);
  } else {
    out.set(path, JSON.stringify(x));
  }
  return out;
}

/** The fields in which two states differ, in etcdraft.tla's names (`servers.s2.commitIndex`, `messages`). */
function diffEtcd(traceState: EtcdState, specState: EtcdState): FieldDiff[] {
  const a = leaves(etcdStateToJson(traceState), '', new Map());
  const b = leaves(etcdStateToJson(specState), '', new Map());
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  return fields
    .filter((f) => a.get(f) !== b.get(f))
    .map((field) => ({ field, trace: a.get(field) ?? 'absent', spec: b.get(field) ?? 'absent' }));
}

/** Runs `replay --profile etcd`; returns the exit code. */
export function runEtcdReplay(args: readonly string[]): number {
  const { values, positionals } = parseFlags(args, OPTIONS, true);
  if (values.help === true) {
    console.log(ETCD_REPLAY_HELP);
    return 0;
  }
  const { file, parsed } = readItfArgument(positionals);
  const fromMeta = etcdConfigFromItfMeta(parsed.value.meta);
  if (fromMeta === undefined) {
    throw new UsageError(`${file}: not a trace of the etcd profile (#meta.raft-check names no etcd model)`);
  }
  const metaProblem = etcdConfigError(fromMeta);
  if (metaProblem !== undefined) throw new UsageError(`${file}: field #meta.raft-check.model: ${metaProblem}`);
  const flagged = etcdConfigFromFlags(values);
  // Each flag given overrides the trace's value; the others come from the trace.
  const given = (name: string): boolean => values[name] !== undefined || values[`no-${name}`] !== undefined;
  const config = {
    servers: given('servers') ? flagged.servers : fromMeta.servers,
    initServers: given('init-servers') ? flagged.initServers : fromMeta.initServers,
    reconfigLimit: given('reconfig-limit') ? flagged.reconfigLimit : fromMeta.reconfigLimit,
    maxTerm: given('max-term') ? flagged.maxTerm : fromMeta.maxTerm,
    requestLimit: given('request-limit') ? flagged.requestLimit : fromMeta.requestLimit,
    maxInFlight: given('max-in-flight') ? flagged.maxInFlight : fromMeta.maxInFlight,
    maxLog: given('max-log') ? flagged.maxLog : fromMeta.maxLog,
    maxCommit: given('max-commit') ? flagged.maxCommit : fromMeta.maxCommit,
    ownedTerms: given('owned-terms') ? flagged.ownedTerms : fromMeta.ownedTerms,
    restart: given('restart') ? flagged.restart : fromMeta.restart,
    duplicate: given('duplicate') ? flagged.duplicate : fromMeta.duplicate,
    drop: given('drop') ? flagged.drop : fromMeta.drop,
  };
  const problem = etcdConfigError(config);
  if (problem !== undefined) throw new UsageError(problem);
  const steps = etcdStepsFromItf(parsed.value, config.servers);
  if (!steps.ok) throw new UsageError(`${file}: ${formatItfProblem(steps.error)}`);
  const model = etcdModel(config);
  const names = new Set<string>(ETCD_ACTION_NAMES);
  const result = replay(model, steps.value, {
    diff: diffEtcd,
    knowsAction: (name) => names.has(name),
  });
  const violation = result.violation;
  if (values.json === true) {
    console.log(
      JSON.stringify({
        file,
        profile: 'etcd',
        model: config,
        invariants: model.invariants.map((i) => i.name),
        result: result.ok ? 'ok' : 'diverged',
        states: steps.value.length,
        ...(result.ok ? { steps: result.steps } : { divergence: result.divergence }),
        violation: violation === undefined ? null : { ...violation, state: violation.index + 1 },
      }),
    );
    return result.ok ? 0 : 1;
  }
  const lines = result.ok ? [`replayed ${count(result.steps, 'step')}: ok`] : formatDivergence(result.divergence);
  const followed = result.ok ? steps.value.length : result.divergence.index;
  lines.push(
    violation === undefined
      ? `invariants: all hold on the ${count(followed, 'state')} that follow the model`
      : `invariants: ${violation.invariant} is violated in state ${violation.index + 1} (states[${violation.index}]): ` +
          'the trace is a counterexample',
  );
  console.log(lines.join('\n'));
  return result.ok ? 0 : 1;
}
