/**
 * The timed scheduler: a discrete-event simulation that decides *when* the spec's actions happen.
 *
 * The spec stays pure and untimed: it says which actions are enabled and what they do. Everything about time lives
 * here, as the Raft paper states it (Figure 2, §5.2, §9.3):
 * - Every follower and candidate has an election timer, drawn uniformly from the timeout range. It is reset on
 *   receiving an AppendEntries from the current leader (a request of the receiver's own term, whatever its
 *   outcome), on granting a vote to another server, and on starting an election. On expiry the server times out
 *   (spec Timeout) and sends RequestVote to every server, itself included (spec RequestVote), once per election.
 * - A leader has no election timer. It sends AppendEntries to every other server (spec AppendEntries) as soon as
 *   it is elected and every `heartbeat` ms after. A leader that steps down gets a fresh election timer.
 * - A message sent by any action is delivered after a latency (see link.ts), or lost (spec DropMessage). Delivery
 *   is spec Receive of that message, repeated at the same instant while the message stays in the bag (UpdateTerm,
 *   and the AppendEntries stepDown, conflict and append cases leave it there for a later Receive).
 * - A candidate becomes leader (spec BecomeLeader) at the instant it is enabled.
 * - A crashed server does nothing and receives nothing: its timers stop and messages to it are dropped on
 *   arrival. Messages it sent before the crash are still delivered. Crashes are the scheduler's, not the spec's.
 * - A cut link (`network`, see partition.ts) loses every message that would arrive over it while it is cut
 *   (spec DropMessage at the arrival time); the servers at its ends keep running, timers included.
 *
 * With the variants (docs/variants.md, "measured in time"), as their modules declare (`timed.actions`, variant.ts
 * ActionTiming; no variant is named here):
 * - a variant that gives servers a configuration (membership): the actions run in the first configuration
 *   `initialMembers` (timedSpec.ts): only its members have election timers, candidates ask its members for votes,
 *   a leader sends AppendEntries to its members only, and quorums are counted in it. No clock changes the
 *   configuration, so a non-member stays idle: it is never sent anything and never times out.
 * - `solicit` (prevote's RequestPreVote): a firing timer is the variant's Timeout followed by that action to every
 *   server, itself included, in place of RequestVote.
 * - `elect` (prevote's StartElection): a server in the action's role takes it at the instant a delivery enables it
 *   (a pre-candidate that holds a quorum of pre-votes), which resets its timer, and sends RequestVote to every
 *   server. Granting a pre-vote does not reset the voter's timer (it changes no state). prevote's
 *   heardFromLeader is set by the leader's AppendEntries and cleared by the server's own Timeout, so in time it
 *   reads "heard from a leader since my timer last fired": a follower that keeps hearing heartbeats never fires
 *   and refuses every pre-vote (the thesis §4.2.3 rule, with the timer as the clock).
 * - `leaderPeriod` (check-quorum's CheckQuorum): a leader takes it every `timeout.min` ms (the base election
 *   timeout, as etcd raft checks once per election timeout), the first `timeout.min` ms after it became leader
 *   (or after `start`); a leader that steps down there stops its heartbeats and gets an election timer.
 *
 * The simulation is imperative (a clock, a heap, timer generations) around an immutable spec state: each step
 * replaces `state` with the spec's successor. A timer is cancelled by bumping its generation, so stale timer
 * events are skipped when they come due instead of being searched for in the heap.
 */
import type { RaftAction } from '../spec/raft/actions.js';
import type { Message } from '../spec/raft/messages.js';
import { discard } from '../spec/raft/network.js';
import { variantFlags, type VariantFlags } from '../spec/raft/variants.js';
import { raftRules, type RaftRules } from '../spec/raft/rules.js';
import { server, type Bag, type ClusterState } from '../spec/raft/state.js';
import type { ServerId } from '../spec/raft/types.js';
import { EventQueue } from './eventQueue.js';
import { transit, type LinkOptions } from './link.js';
import type { Random } from './random.js';
import type { Network } from './partition.js';
import type { MsRange } from './range.js';
import { timedSpec, type TimedSpec } from './timedSpec.js';

export interface SchedulerOptions {
  /** Election timeouts are drawn uniformly from this range, in milliseconds. */
  readonly timeout: MsRange;
  /** Milliseconds between a leader's AppendEntries broadcasts. */
  readonly heartbeat: number;
  readonly link: LinkOptions;
  /** The protocol's rules; raft.tla's by default. */
  readonly rules?: RaftRules;
  /** The protocol variants that are on (none by default). */
  readonly variants?: VariantFlags;
  /** Which links are cut when (none by default). */
  readonly network?: Network;
  /**
   * With a variant that gives servers a configuration (membership): the first one, a bit mask of servers
   * (timedSpec.ts firstServers); every server if absent.
   */
  readonly initialMembers?: number;
}

/** A spec action, or a crash, which only the scheduler knows. */
export type TimedAction = RaftAction | { readonly kind: 'Crash'; readonly i: ServerId };

/** One action that happened: when, what, and the state right after it. */
export interface Happening {
  readonly time: number;
  readonly action: TimedAction;
  readonly state: ClusterState;
}

type SimEvent =
  | { readonly kind: 'timer'; readonly i: ServerId; readonly generation: number }
  | { readonly kind: 'heartbeat'; readonly i: ServerId; readonly generation: number }
  | { readonly kind: 'period'; readonly i: ServerId; readonly generation: number; readonly action: number }
  | { readonly kind: 'deliver'; readonly m: Message }
  | { readonly kind: 'crash'; readonly i: ServerId };

/** A discrete-event simulation of one cluster; see the module comment for its rules. */
export class Scheduler {
  private cluster: ClusterState;
  private clock = 0;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly rules: RaftRules;
  private readonly spec: TimedSpec;
  private readonly network: Network | undefined;
  private readonly timerGeneration: number[];
  private readonly deadlines: (number | undefined)[];
  private readonly heartbeatGeneration: number[];
  private readonly crashed = new Set<ServerId>();
  private out: Happening[] = [];

  constructor(
    state: ClusterState,
    private readonly options: SchedulerOptions,
    private readonly random: Random,
  ) {
    this.cluster = state;
    this.rules = options.rules ?? raftRules;
    this.spec = timedSpec(options.variants ?? variantFlags([]), options.initialMembers);
    this.network = options.network;
    const n = state.servers.size;
    this.timerGeneration = Array.from({ length: n }, () => 0);
    this.deadlines = Array.from({ length: n }, () => undefined);
    this.heartbeatGeneration = Array.from({ length: n }, () => 0);
  }

  /** The simulated time of the last event, in milliseconds. */
  get now(): number {
    return this.clock;
  }

  /**
   * The action that starts an election round: Timeout, or a variant's `elect` action (prevote's StartElection),
   * whose Timeout only starts a round before it.
   */
  get electionStart(): string {
    return this.spec.election?.name ?? 'Timeout';
  }

  /** The current spec state. */
  get state(): ClusterState {
    return this.cluster;
  }

  /** When server i's election timer expires, or undefined when it has none (a leader, or crashed). */
  electionDeadline(i: ServerId): number | undefined {
    return this.deadlines[i];
  }

  /** True when server i has crashed. */
  isCrashed(i: ServerId): boolean {
    return this.crashed.has(i);
  }

  /**
   * Sets the simulation going at the current time: schedules the delivery of every message already in the bag,
   * arms the election timer of every non-leader as if last reset at `timersResetAt` (default now), and starts
   * every leader's heartbeats with a broadcast now.
   */
  start(timersResetAt = this.clock): void {
    for (const [m, count] of this.cluster.messages) for (let k = 0; k < count; k++) this.dispatch(m);
    this.cluster.servers.forEach((v, i) => {
      if (v.state === 'Leader') this.startHeartbeats(i);
      else this.resetTimer(i, timersResetAt);
    });
  }

  /** Server i crashes at `time` (not before the current time). */
  crash(i: ServerId, time: number): void {
    this.queue.push(Math.max(time, this.clock), { kind: 'crash', i });
  }

  /**
   * Draws a new election timeout for server i, counted from `from` (default now); with membership, a server
   * outside its configuration has no timer (it starts no election, §4.2.2) and draws nothing.
   */
  resetTimer(i: ServerId, from = this.clock): void {
    if (!this.spec.timesOut(this.cluster, i)) return;
    const generation = ++this.timerGeneration[i]!;
    const t = this.options.timeout;
    const deadline = from + this.random.uniform(t.min, t.max);
    this.deadlines[i] = deadline;
    this.queue.push(deadline, { kind: 'timer', i, generation });
  }

  /**
   * Processes the next event and returns what happened (empty when the event was stale, such as a cancelled
   * timer), or undefined when nothing is pending.
   */
  step(): Happening[] | undefined {
    const next = this.queue.pop();
    if (next === undefined) return undefined;
    this.clock = next.time;
    this.out = [];
    const e = next.event;
    switch (e.kind) {
      case 'timer':
        this.onTimer(e.i, e.generation);
        break;
      case 'heartbeat':
        this.onHeartbeat(e.i, e.generation);
        break;
      case 'period':
        this.onPeriod(e.i, e.generation, e.action);
        break;
      case 'deliver':
        this.onDeliver(e.m);
        break;
      case 'crash':
        this.onCrash(e.i);
        break;
    }
    return this.out;
  }

  /** Processes every event due at or before `time` and returns what happened; the clock ends at `time`. */
  runUntil(time: number): Happening[] {
    const all: Happening[] = [];
    for (let t = this.queue.peekTime(); t !== undefined && t <= time; t = this.queue.peekTime()) {
      all.push(...this.step()!);
    }
    this.clock = Math.max(this.clock, time);
    return all;
  }

  private cancelTimer(i: ServerId): void {
    this.timerGeneration[i]!++;
    this.deadlines[i] = undefined;
  }

  private startHeartbeats(i: ServerId): void {
    const generation = ++this.heartbeatGeneration[i]!;
    this.queue.push(this.clock, { kind: 'heartbeat', i, generation });
    for (let action = 0; action < this.spec.leaderPeriodic.length; action++) {
      this.queue.push(this.clock + this.options.timeout.min, { kind: 'period', i, generation, action });
    }
  }

  /** A leader that has stepped down stops its heartbeats (and checks) and waits for a leader like any follower. */
  private stepDown(i: ServerId): void {
    this.heartbeatGeneration[i]!++;
    this.resetTimer(i);
  }

  /** Records an action and sends (or loses) every message it added to the bag. */
  private apply(action: TimedAction, next: ClusterState): void {
    const before = this.cluster.messages;
    this.cluster = next;
    this.out.push({ time: this.clock, action, state: next });
    this.route(before, next.messages);
  }

  private route(before: Bag, after: Bag): void {
    if (before === after) return;
    for (const [m, count] of after) {
      const added = count - (before.get(m) ?? 0);
      for (let k = 0; k < added; k++) this.dispatch(m);
    }
  }

  private dispatch(m: Message): void {
    if (m.source === m.dest) {
      this.queue.push(this.clock, { kind: 'deliver', m });
      return;
    }
    const latency = transit(this.random, this.options.link);
    if (latency === undefined) this.drop(m);
    else this.queue.push(this.clock + latency, { kind: 'deliver', m });
  }

  /** spec DropMessage: one copy of m is lost. */
  private drop(m: Message): void {
    this.apply({ kind: 'DropMessage', m }, this.cluster.set('messages', discard(this.cluster.messages, m)));
  }

  private onTimer(i: ServerId, generation: number): void {
    if (generation !== this.timerGeneration[i] || this.crashed.has(i)) return;
    this.deadlines[i] = undefined;
    const candidate = this.spec.timeout(this.cluster, i);
    // Leaders have no armed timer (BecomeLeader cancels it), so Timeout is enabled here.
    if (candidate === undefined) throw new Error(`timing: the election timer of leader ${i} fired`);
    this.apply({ kind: 'Timeout', i }, candidate);
    this.resetTimer(i); // starting an election (or a pre-vote round) resets the timer
    const kind = this.spec.solicitation; // RequestVote, or a variant's action in its place (also i→j)
    for (let j = 0; j < this.cluster.servers.size; j++) {
      const sent = this.spec.solicit(this.cluster, i, j);
      if (sent !== undefined) this.apply({ kind, i, j } as TimedAction, sent);
    }
  }

  /** A leader's periodic action (`leaderPeriod`), number `action` of the spec's. */
  private onPeriod(i: ServerId, generation: number, action: number): void {
    if (generation !== this.heartbeatGeneration[i] || this.crashed.has(i)) return;
    const periodic = this.spec.leaderPeriodic[action]!;
    const next = periodic.step(this.cluster, i, this.rules);
    if (next === undefined) return; // no longer a leader (its generation would have moved on)
    this.apply({ kind: periodic.name, i } as TimedAction, next);
    if (server(this.cluster, i).state !== 'Leader') this.stepDown(i);
    else this.queue.push(this.clock + this.options.timeout.min, { kind: 'period', i, generation, action });
  }

  private onHeartbeat(i: ServerId, generation: number): void {
    if (generation !== this.heartbeatGeneration[i] || this.crashed.has(i)) return;
    if (server(this.cluster, i).state !== 'Leader') return;
    for (let j = 0; j < this.cluster.servers.size; j++) {
      const sent = this.spec.appendEntries(this.cluster, i, j);
      if (sent !== undefined) this.apply({ kind: 'AppendEntries', i, j }, sent);
    }
    this.queue.push(this.clock + this.options.heartbeat, { kind: 'heartbeat', i, generation });
  }

  private onDeliver(m: Message): void {
    // Every scheduled delivery stands for one copy in the bag, and only deliveries and drops remove copies.
    if (!this.cluster.messages.has(m)) throw new Error('timing: a delivery of a message that is not in flight');
    const i = m.dest;
    if (this.crashed.has(i) || this.network?.isCut(m.source, i, this.clock) === true) {
      this.drop(m);
      return;
    }
    const wasLeader = server(this.cluster, i).state === 'Leader';
    let reset = false;
    for (;;) {
      const count = this.cluster.messages.get(m) ?? 0;
      if (count === 0) break;
      const termBefore = server(this.cluster, i).currentTerm;
      const [r] = this.spec.receive(this.cluster, m, this.rules);
      if (r === undefined) {
        // Disabled: only a leader receiving an AppendEntries of its own term, which one leader per term rules out.
        this.drop(m);
        break;
      }
      this.apply({ kind: 'Receive', handler: r.handler, m, outcome: r.outcome }, r.state);
      if (r.handler === 'HandleAppendEntriesRequest' && m.term === termBefore) reset = true; // current leader
      if (r.handler === 'HandleRequestVoteRequest' && r.outcome === 'granted' && m.source !== i) reset = true;
      if ((this.cluster.messages.get(m) ?? 0) < count) break; // handled; otherwise it stays for another Receive
    }
    const role = server(this.cluster, i).state;
    if (wasLeader && role !== 'Leader') {
      this.stepDown(i);
    } else if (reset && role !== 'Leader') {
      this.resetTimer(i);
    }
    if (role === this.spec.election?.role) this.tryStartElection(i);
    if (server(this.cluster, i).state === 'Candidate') this.tryBecomeLeader(i);
  }

  /** A variant's `elect` action: a server that has it enabled (a pre-candidate with a quorum) starts the election. */
  private tryStartElection(i: ServerId): void {
    const election = this.spec.election!;
    const started = election.step(this.cluster, i, this.rules);
    if (started === undefined) return;
    this.apply({ kind: election.name, i } as TimedAction, started);
    this.resetTimer(i); // starting an election resets the timer
    for (let j = 0; j < this.cluster.servers.size; j++) {
      const sent = this.spec.requestVote(this.cluster, i, j);
      if (sent !== undefined) this.apply({ kind: 'RequestVote', i, j }, sent);
    }
  }

  private tryBecomeLeader(i: ServerId): void {
    const leader = this.spec.becomeLeader(this.cluster, i);
    if (leader === undefined) return;
    this.apply({ kind: 'BecomeLeader', i }, leader);
    this.cancelTimer(i);
    this.startHeartbeats(i);
  }

  private onCrash(i: ServerId): void {
    this.crashed.add(i);
    this.cancelTimer(i);
    this.heartbeatGeneration[i]!++;
    this.out.push({ time: this.clock, action: { kind: 'Crash', i }, state: this.cluster });
  }
}
