/**
 * Diagnoses for a replayed trace that leaves the spec: which variables differ between a trace's state and the
 * spec's, and which guard keeps a named action from firing. The replayer is generic; these are the Raft answers
 * it asks for through its hooks.
 *
 * An action is named by the label `formatAction` prints (`Timeout s1`, `HandleRequestVoteRequest s1→s2 term=2
 * granted`) or by its bare name (`Timeout`). Labels are parsed back here, so this file changes with format.ts.
 */
import { actionName } from './actions.js';
import { formatMessage } from './format.js';
import type { Message } from './messages.js';
import type { RaftModel } from './model.js';
import { distinctMessages } from './network.js';
import { next } from './values.js';
import { receive } from './values.js';
import { ALL_SERVER_VARIABLES } from './schema.js';
import type { ClusterState } from './state.js';
import { showField } from './describe.js';
import { initialMembersMask } from './config.js';
import { whyNot } from './guard.js';
import { actionTable, type ActionRow } from './next.js';
import { readerOf } from './values.js';
import { variantModules } from './variants.js';
import { VARIANT_MODULES } from './variants/registry.js';
import { serverName } from './types.js';

/** One variable that differs: its path and its value in the trace and in the spec's state. */
export interface FieldChange {
  readonly field: string;
  readonly trace: string;
  readonly spec: string;
}

function copies(n: number): string {
  return n === 1 ? '1 copy' : `${n} copies`;
}

/** Every variable (per server, and per message of the bag) whose value differs between the two states. */
export function diffClusters(trace: ClusterState, spec: ClusterState): FieldChange[] {
  const out: FieldChange[] = [];
  const n = Math.max(trace.servers.size, spec.servers.size);
  for (let i = 0; i < n; i++) {
    const a = trace.servers.get(i);
    const b = spec.servers.get(i);
    if (a === b) continue;
    for (const f of ALL_SERVER_VARIABLES) {
      const x = a === undefined ? '(none)' : showField(a, f);
      const y = b === undefined ? '(none)' : showField(b, f);
      if (x !== y) out.push({ field: `${f}[${serverName(i)}]`, trace: x, spec: y });
    }
  }
  if (trace.messages !== spec.messages) {
    const all = distinctMessages(trace.messages.merge(spec.messages));
    for (const m of all) {
      const x = trace.messages.get(m) ?? 0;
      const y = spec.messages.get(m) ?? 0;
      if (x !== y) out.push({ field: `messages[${formatMessage(m)}]`, trace: copies(x), spec: copies(y) });
    }
  }
  return out;
}

const RECEIVE_TYPE: Record<string, Message['type']> = {
  HandleRequestVoteRequest: 'RequestVoteRequest',
  HandleRequestVoteResponse: 'RequestVoteResponse',
  HandleAppendEntriesRequest: 'AppendEntriesRequest',
  HandleAppendEntriesResponse: 'AppendEntriesResponse',
};

function serverIndex(name: string | undefined, model: RaftModel): number | undefined {
  const k = Number(name);
  return Number.isInteger(k) && k >= 1 && k <= model.config.servers ? k - 1 : undefined;
}

const tables = new WeakMap<RaftModel, readonly ActionRow[]>();

/** The action table of the model's configuration (next.ts): the rows whose guards explain a disabled action. */
function rowsOf(model: RaftModel): readonly ActionRow[] {
  let rows = tables.get(model);
  if (rows === undefined)
    tables.set(model, (rows = actionTable(model.config.restart, variantModules(model.config.variants))));
  return rows;
}

/**
 * Why action `kind` with parameters i and x (j, or the value v) is disabled in `s`: the first of its own guard
 * clauses (guard.ts) that is false, worded with the state's values; undefined when they all hold or the action
 * declares none (a variant's action that tests its guard inside `run`).
 */
export function explainAction(
  s: ClusterState,
  kind: string,
  i: number,
  x: number,
  model: RaftModel,
): string | undefined {
  const row = rowsOf(model).find((r) => r.name === kind);
  if (row === undefined) {
    if (kind === 'Restart') return 'Restart is not part of this model (--no-restart)';
    const owner = VARIANT_MODULES.find((m) => m.actions.some((a) => a.name === kind));
    return owner === undefined ? undefined : `${kind} is not part of this model (--variant ${owner.variant.name})`;
  }
  return whyNot(row.guards, readerOf(s, initialMembersMask(model.config)), i, x, kind, model.rules);
}

function explainReceive(
  s: ClusterState,
  handler: string,
  source: number,
  dest: number,
  type: string | undefined,
  term: number,
  outcome: string | undefined,
  model: RaftModel,
): string {
  const wanted = type ?? RECEIVE_TYPE[handler];
  const route = `${serverName(source)}→${serverName(dest)}`;
  const candidates = distinctMessages(s.messages).filter(
    (m) => m.source === source && m.dest === dest && m.term === term && (wanted === undefined || m.type === wanted),
  );
  if (candidates.length === 0) return `no ${wanted ?? 'message'} ${route} term=${term} is in messages`;
  const currentTerm = s.servers.get(dest)!.currentTerm;
  const reasons = candidates.map((m) => {
    const done = receive(s, m, model.rules);
    if (done.length === 0) {
      return `${formatMessage(m)}: ${serverName(dest)} is Leader of term ${currentTerm}; a request of its own term matches no case`;
    }
    const does = done.map((r) => `${r.handler}${r.outcome === '' ? '' : ` (${r.outcome})`}`).join(' or ');
    const why =
      handler === 'UpdateTerm'
        ? `m.term ${m.term} ≤ currentTerm[${serverName(dest)}] ${currentTerm}`
        : done[0]!.handler === 'UpdateTerm'
          ? `m.term ${m.term} > currentTerm[${serverName(dest)}] ${currentTerm}, so UpdateTerm comes first`
          : outcome === undefined
            ? ''
            : `the handler decides ${done.map((r) => r.outcome).join(' or ')}, not ${outcome}`;
    return `${formatMessage(m)} is received by ${does}${why === '' ? '' : `: ${why}`}`;
  });
  return reasons.join('; ');
}

/**
 * Why the action the trace names is not enabled in `s` (the false guard, or the missing message), or undefined
 * when this function cannot tell (an unknown label).
 */
export function explainDisabled(s: ClusterState, label: string, model: RaftModel): string | undefined {
  // A server action: `Name s1`, or `Name s1→s2` (`Name s1 s2` for a variant's action naming its target).
  let m = /^(\w+) s(\d+)$/.exec(label);
  if (m !== null) {
    const i = serverIndex(m[2], model);
    return i === undefined ? `s${m[2]} is not a server of this model` : explainAction(s, m[1]!, i, 0, model);
  }
  m = /^(\w+) s(\d+)(?:→| )s(\d+)$/.exec(label);
  if (m !== null) {
    const i = serverIndex(m[2], model);
    const j = serverIndex(m[3], model);
    if (i === undefined || j === undefined) return `${label} names a server outside this model`;
    return explainAction(s, m[1]!, i, j, model);
  }
  m = /^ClientRequest s(\d+) v(\d+)$/.exec(label);
  if (m !== null) {
    const i = serverIndex(m[1], model);
    if (i === undefined) return `s${m[1]} is not a server of this model`;
    if (Number(m[2]) > model.config.values) return `v${m[2]} is outside this model (--values ${model.config.values})`;
    return explainAction(s, 'ClientRequest', i, Number(m[2]), model);
  }
  m = /^(\w+) s(\d+)→s(\d+) (?:\((\w+)\) )?term=(\d+)(?: (\w+))?$/.exec(label);
  if (m !== null) {
    const source = serverIndex(m[2], model);
    const dest = serverIndex(m[3], model);
    if (source === undefined || dest === undefined) return `${label} names a server outside this model`;
    return explainReceive(s, m[1]!, source, dest, m[4], Number(m[5]), m[6], model);
  }
  m = /^(DuplicateMessage|DropMessage) (.*)$/.exec(label);
  if (m !== null) {
    if (m[1] === 'DuplicateMessage' && !model.config.duplicate)
      return 'DuplicateMessage is not part of this model (--no-duplicate)';
    if (m[1] === 'DropMessage' && !model.config.drop) return 'DropMessage is not part of this model (--no-drop)';
    const text = m[2]!;
    return distinctMessages(s.messages).some((x) => formatMessage(x) === text)
      ? undefined
      : `${text} is not in messages`;
  }
  return explainByName(s, label, model);
}

/** For a bare action name: why each of its instances is disabled, when the name is one of the model's. */
function explainByName(s: ClusterState, name: string, model: RaftModel): string | undefined {
  const row = rowsOf(model).find((r) => r.name === name);
  if (row !== undefined) {
    const c = readerOf(s, initialMembersMask(model.config));
    const xs = row.params === 'i' ? [0] : row.params === 'ij' ? [...s.servers.keys()] : range(1, model.config.values);
    const reasons = new Set<string>();
    for (const i of s.servers.keys()) {
      for (const x of xs) {
        const why = whyNot(row.guards, c, i, x, name, model.rules);
        // An instance whose guards hold is enabled (or, for a variant's action, cannot be told apart here).
        if (why === undefined) return undefined;
        reasons.add(why);
      }
    }
    return `no ${name} is enabled: ${[...reasons].join('; ')}`;
  }
  if (name === 'Restart') return explainAction(s, name, 0, 0, model);
  const receivers = new Set(next(s, model.config, model.rules).map((t) => actionName(t.action)));
  if (name in RECEIVE_TYPE || name === 'UpdateTerm' || name === 'DropStaleResponse') {
    return receivers.has(name) ? undefined : `no message in the bag is received by ${name}`;
  }
  return undefined;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, k) => from + k);
}
