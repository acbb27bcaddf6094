/**
 * Runs N liferaft nodes in this process under one schedule (schedule.ts) and records what each does as
 * `raft-check validate` events (mapping.ts). Nothing of liferaft is patched: the harness uses its public surface
 * only. Nodes talk through `raft.join(address, write)` with a `write` of ours (the transport liferaft expects a
 * user to supply), their timers and `Math.random` are the simulated runtime's (simRuntime.ts), their log is
 * liferaft's own Log class over a database we hand it (store.ts), and a message is delivered by emitting `data`
 * on the receiving node with a reply function, as liferaft's own examples do.
 *
 * One step is one cause (a node's timer, a delivery, a client request, a crash, a restart) with all the work it
 * sets off; after each step the recorder turns what the acting node did into events, and the built-in safety
 * invariants are checked on the states the nodes report (reported.ts).
 */
import type Raft from 'liferaft';
import type { Packet } from 'liferaft';
import { mixSeed, Random } from '../../../checker/random.js';
import type { Action, Schedule } from '../schedule.js';
import { scheduleValues } from '../schedule.js';
import { SimRuntime } from '../simRuntime.js';
import { answerOf, isRequest, nodeSnapshot, type Snapshot, type TraceLine } from './mapping.js';
import { StepRecorder, type StepCause, type Witnesses } from './stepEvents.js';
import { checkReported, type ReportedNode, type SafetyViolation } from '../reported.js';
import { LIFERAFT, type Flavour } from './flavours.js';
import { Stores } from './store.js';

/** liferaft's own defaults: heartbeat 50 ms, election timeout drawn in [150, 300] ms. */
const OPTIONS = { heartbeat: 50, 'election min': 150, 'election max': 300 };

export interface RunRecord {
  readonly schedule: Schedule;
  /** The header line then one event per line (NDJSON), ready for `raft-check validate`. */
  readonly lines: readonly string[];
  readonly steps: number;
  readonly witnesses: Witnesses;
  /** The first built-in invariant that failed on the nodes' reported states, if any. */
  readonly safety: SafetyViolation | undefined;
  /** Exceptions and error events liferaft raised (its own, not the harness's). */
  readonly libraryErrors: number;
  readonly firstLibraryError: string | undefined;
  /** With `keepStates`: after each step that logged events, those events and every node's reported state. */
  readonly history: readonly { readonly label: string; readonly nodes: readonly ReportedNode[] }[];
}

/** The schedule's actions and the ones they set off later: a crashed node's restart, a partition's healing. */
type Pending = Action | { at: number; kind: 'restart'; node: number } | { at: number; kind: 'heal' };

interface Node {
  readonly address: string;
  raft: Raft | undefined;
  /** Bumped at each crash: messages and replies addressed to an earlier incarnation are lost with it. */
  incarnation: number;
}

/** What the acting node did during the current step, filled by the transport. */
interface StepLog {
  sends: { to: string; packet: Packet }[];
  answers: unknown[];
}

const STATE_NAMES = ['Stopped', 'Leader', 'Candidate', 'Follower', 'Child'];

function copy(x: unknown): unknown {
  // A real network serialises: what the peer gets is JSON (a Promise written by mistake arrives as `{}`).
  const text = JSON.stringify(x) as string | undefined;
  return text === undefined ? undefined : JSON.parse(text);
}

export async function runLiferaft(
  schedule: Schedule,
  keepStates = false,
  flavour: Flavour = LIFERAFT,
): Promise<RunRecord> {
  const { Raft, Log } = flavour;
  const { mix } = schedule;
  const libRandom = new Random(mixSeed(schedule.seed, 1));
  const net = new Random(mixSeed(schedule.seed, 2));
  const runtime = new SimRuntime(() => libRandom.nextFloat());
  Stores.clearAll();
  const stores = new Stores(runtime, `run-${schedule.seed}`, flavour.memdown);
  const addresses = [...Array(mix.servers).keys()].map((k) => `n${k + 1}`);
  const nodes: Node[] = addresses.map((address) => ({ address, raft: undefined, incarnation: 0 }));
  const byAddress = new Map(nodes.map((n) => [n.address, n]));
  const values = scheduleValues(schedule);
  const events: TraceLine[] = [];
  const recorder = new StepRecorder();
  const { witnesses } = recorder;
  let libraryErrors = 0;
  let firstLibraryError: string | undefined;
  const libraryError = (e: unknown): void => {
    libraryErrors++;
    firstLibraryError ??=
      e instanceof Error ? `${e.name}: ${e.message}${process.env.H25_STACK ? e.stack : ''}` : String(e);
  };
  let cut: ReadonlySet<number> | undefined;
  let step: StepLog = { sends: [], answers: [] };

  const linked = (a: string, b: string): boolean => {
    if (cut === undefined) return true;
    return cut.has(addresses.indexOf(a)) === cut.has(addresses.indexOf(b));
  };

  /** Schedules the delivery of `packet` from → to, with the network's loss, duplication and delay. */
  const transmit = (from: Node, to: string, wire: unknown, deliver: () => void): void => {
    const sentBy = from.incarnation;
    if (net.nextFloat() < mix.loss) return;
    const copies = net.nextFloat() < mix.duplicate ? 2 : 1;
    for (let c = 0; c < copies; c++) {
      const delay = mix.minDelay + net.below(mix.maxDelay - mix.minDelay + 1);
      runtime.setTimeout(() => {
        const target = byAddress.get(to);
        runtime.actor = undefined;
        if (from.incarnation !== sentBy || target?.raft === undefined || !linked(from.address, to)) return;
        runtime.actor = to;
        stepCause = { kind: 'deliver', from: from.address, packet: wire as Packet };
        deliver();
      }, delay);
    }
  };

  let stepCause: StepCause;

  /** Files what the acting node wrote during the step: a request is a send, anything else an answer. */
  const file = (to: string, packet: unknown): void => {
    if (isRequest(packet)) step.sends.push({ to, packet: copy(packet) as Packet });
    else step.answers.push(packet);
  };

  /** The `write` liferaft calls to send `packet` from `from` (this incarnation of it) to its peer `to`. */
  const writer =
    (from: Node, to: string, incarnation: number) =>
    (packet: unknown, callback?: (err: unknown, data?: unknown) => void): void => {
      if (from.incarnation !== incarnation) return; // a crashed incarnation's late work goes nowhere
      if (runtime.actor !== from.address) {
        libraryError(new Error(`harness: ${from.address} wrote while ${runtime.actor ?? 'nobody'} acted`));
      }
      file(to, packet);
      const wire = copy(packet);
      let answered = false;
      transmit(from, to, wire, () => {
        const target = byAddress.get(to)!;
        const targetIncarnation = target.incarnation;
        target.raft!.emit('data', copy(wire), (reply?: unknown) => {
          if (target.incarnation !== targetIncarnation) return;
          file(from.address, reply);
          if (reply === undefined || callback === undefined) return;
          const replyWire = copy(reply);
          // An RPC layer hands the caller one reply per request: a duplicated request's second reply is dropped.
          transmit(target, from.address, replyWire, () => {
            if (answered || from.incarnation !== incarnation) return;
            answered = true;
            callback(undefined, copy(replyWire));
          });
        });
      });
    };

  const start = (node: Node): void => {
    runtime.actor = node.address;
    const raft = new Raft(node.address, { ...OPTIONS, Log, adapter: stores.adapter(node.address) });
    raft.on('error', () => undefined); // stale-term rejections and the like: liferaft's normal traffic
    for (const peer of addresses) if (peer !== node.address) raft.join(peer, writer(node, peer, node.incarnation));
    node.raft = raft;
  };

  const snapshot = (node: Node): Snapshot | undefined =>
    node.raft === undefined ? undefined : nodeSnapshot(node.raft, STATE_NAMES, stores.log(node.address));

  const reported = (): ReportedNode[] =>
    nodes.map((n) => {
      const s = snapshot(n);
      const log = stores.log(n.address);
      return {
        role: s?.role ?? 'Follower',
        term: s?.term ?? 0,
        log: log.map((e) => ({ term: e.term, value: String(e.command) })),
        commitIndex: s?.commitIndex ?? 0,
      };
    });

  const onRejection = (reason: unknown): void => {
    libraryError(reason);
  };
  process.on('unhandledRejection', onRejection);
  runtime.install();
  let steps = 0;
  const history: { label: string; nodes: ReportedNode[] }[] = [];
  let safety: SafetyViolation | undefined;
  try {
    for (const node of nodes) start(node);
    await runtime.settle();
    const pending: Pending[] = [...schedule.actions];
    const later = (p: Pending): void => {
      pending.push(p);
      pending.sort((x, y) => x.at - y.at);
    };
    for (;;) {
      const timerAt = runtime.nextAt();
      const action = pending[0];
      const nextAt = Math.min(timerAt ?? Infinity, action?.at ?? Infinity);
      if (nextAt === Infinity || nextAt > schedule.horizon) break;
      const before = new Map(nodes.map((n) => [n.address, snapshot(n)]));
      const beforeLogs = new Map(nodes.map((n) => [n.address, stores.log(n.address)]));
      step = { sends: [], answers: [] };
      stepCause = { kind: 'none' };
      let actor: Node | undefined;
      if (action !== undefined && action.at <= (timerAt ?? Infinity)) {
        pending.shift();
        runtime.now = Math.max(runtime.now, action.at);
        switch (action.kind) {
          case 'request': {
            // A client that knows the leader: the live leader of the highest term, if any.
            const leader = nodes
              .filter((n) => n.raft?.state === Raft.LEADER)
              .sort((x, y) => (y.raft?.term ?? 0) - (x.raft?.term ?? 0))[0];
            if (leader === undefined) break;
            actor = leader;
            runtime.actor = leader.address;
            stepCause = { kind: 'request', value: action.value };
            leader.raft!.command(action.value).catch(libraryError);
            break;
          }
          case 'crash': {
            const node = nodes[action.node]!;
            if (node.raft === undefined) break;
            runtime.actor = node.address;
            node.incarnation++;
            node.raft.end();
            node.raft = undefined;
            witnesses.crashes++;
            later({ at: runtime.now + action.downFor, kind: 'restart', node: action.node });
            break;
          }
          case 'restart': {
            actor = nodes[action.node]!;
            stepCause = { kind: 'restart' };
            start(actor);
            break;
          }
          case 'partition':
            cut = new Set(action.side);
            later({ at: runtime.now + action.healAfter, kind: 'heal' });
            break;
          case 'heal':
            cut = undefined;
            break;
        }
      } else {
        stepCause = { kind: 'timer' };
        runtime.fireNext();
        // A library timer runs as its owner; a delivery (a network timer) sets the receiver as the actor.
        actor = byAddress.get(runtime.actor ?? '');
      }
      await runtime.settle();
      steps++;
      // Set by the closures above while the step ran (so not narrowed by the assignments in this loop).
      const cause = stepCause as StepCause;
      if (actor === undefined) continue;
      const b = before.get(actor.address);
      const a = snapshot(actor);
      if (a === undefined) continue;
      witnesses.overwritten += countOverwritten(beforeLogs.get(actor.address) ?? [], stores.log(actor.address));
      const out = recorder.stepEvents(actor.address, cause, b, a, answerOf(step.answers), step.sends);
      for (const e of out) events.push({ ...e, _t: runtime.now });
      const now = reported();
      if (keepStates && safety === undefined && out.length > 0) {
        history.push({ label: out.map((e) => `${e.server} ${e.type}`).join(', '), nodes: now });
      }
      safety ??= checkReported(now, steps, runtime.now);
    }
  } finally {
    for (const node of nodes) {
      runtime.actor = node.address;
      node.raft?.end();
      node.raft = undefined;
    }
    await runtime.settle().catch(() => undefined);
    runtime.uninstall();
    process.off('unhandledRejection', onRejection);
    Stores.clearAll();
  }
  const maxTerm = Math.max(2, ...events.map((e) => Number(e.term ?? e.currentTerm ?? 1)));
  const maxLog = Math.max(1, ...events.map((e) => Number(e.logLength ?? 0)), ...events.map(entryIndexOf));
  const header = {
    type: 'header',
    servers: addresses,
    values: values.length > 0 ? values : ['v1'],
    flags: {
      'max-term': maxTerm,
      'max-log': maxLog,
      'max-copies': 8,
      'max-in-flight': 0,
      restart: witnesses.crashes > 0,
      duplicate: mix.duplicate > 0,
      drop: true,
      'self-vote': 'implicit',
    },
    comment: `${flavour.name}, fault mix ${mix.name}, seed ${schedule.seed}, ${schedule.actions.length} actions, horizon ${schedule.horizon} ms`,
  };
  return {
    schedule,
    lines: [JSON.stringify(header), ...events.map((e) => JSON.stringify(e))],
    steps,
    witnesses,
    safety,
    libraryErrors,
    firstLibraryError,
    history,
  };
}

/** The highest log index an event names (an entry sent at prevLogIndex + 1). */
function entryIndexOf(e: TraceLine): number {
  const entries = e.entries as unknown[] | undefined;
  return entries !== undefined && entries.length > 0 ? Number(e.prevLogIndex ?? 0) + 1 : 0;
}

/** Entries of `before` that `after` no longer holds at their index with their term and value. */
function countOverwritten(
  before: readonly { index: number; term: number; command: unknown }[],
  after: readonly { index: number; term: number; command: unknown }[],
): number {
  const now = new Map(after.map((e) => [e.index, e]));
  return before.filter((e) => {
    const n = now.get(e.index);
    return n === undefined || n.term !== e.term || n.command !== e.command;
  }).length;
}
