/**
 * raft.tla Next: every successor of a cluster state, in a fixed order (by action, then by parameters, then by
 * message in canonical order), so that equal states give the same list. The successors are built by the
 * actions of election.ts, replication.ts, restart.ts and receive.ts, one at a time, in one scratch buffer; each
 * is handed to a visitor with its packed action code (actions.ts) and is valid only during the call.
 */
import { nameCode, packAction, type ReceiveHandler } from './actions.js';
import { Cluster } from './cluster.js';
import type { RaftConfig } from './config.js';
import { becomeLeader, preVoteTimeout, requestPreVote, requestVote, startElection, timeout } from './election.js';
import {
  addServer,
  advanceCommitIndexInConfig,
  appendEntriesInConfig,
  becomeLeaderInConfig,
  checkQuorumInConfig,
  memberTimeout,
  removeServer,
  requestPreVoteInConfig,
  requestVoteInConfig,
  startElectionInConfig,
} from './membership.js';
import type { Layout } from './layout.js';
import { receiverFor, type Receive } from './receive.js';
import { advanceCommitIndex, appendEntries, checkQuorum, clientRequest } from './replication.js';
import { restartWithVariants } from './restart.js';
import type { RaftRules } from './rules.js';
import { ALL_SERVER_VARIABLES, variableVariant } from './schema.js';
import { variantFlags, type VariantFlags } from './variants.js';

/** Receives each successor; `state` is a scratch buffer valid only during the call. */
export type Visitor = (action: number, state: Int32Array) => void;

const RESTART = nameCode('Restart');
const TIMEOUT = nameCode('Timeout');
const REQUEST_VOTE = nameCode('RequestVote');
const BECOME_LEADER = nameCode('BecomeLeader');
const CLIENT_REQUEST = nameCode('ClientRequest');
const ADVANCE_COMMIT_INDEX = nameCode('AdvanceCommitIndex');
const APPEND_ENTRIES = nameCode('AppendEntries');
const DUPLICATE = nameCode('DuplicateMessage');
const DROP = nameCode('DropMessage');
const REQUEST_PRE_VOTE = nameCode('RequestPreVote');
const START_ELECTION = nameCode('StartElection');
const CHECK_QUORUM = nameCode('CheckQuorum');
const ADD_SERVER = nameCode('AddServer');
const REMOVE_SERVER = nameCode('RemoveServer');

/** The most messages a packed action can point at. */
const MAX_MESSAGES = 4096;

/** The next-state relation of one configuration and rule set. */
export class Successors {
  private readonly c: Cluster;
  private visit: Visitor = () => undefined;
  private parent: Int32Array = new Int32Array(0);
  private k = 0;
  private readonly emit = (handler: ReceiveHandler, outcome: string): void => {
    this.visit(packAction(nameCode(handler), 0, 0, 0, outcome, this.k), this.c.state);
    this.c.begin(this.parent);
  };

  // What the configuration's variants change, decided here once: the hot loop below only reads these fields.
  private readonly variants: VariantFlags;
  private readonly timeout: typeof timeout;
  // membership counts quorums in a configuration and talks to its members only (membership.ts).
  private readonly requestVote: typeof requestVote;
  private readonly becomeLeader: typeof becomeLeader;
  private readonly advanceCommitIndex: typeof advanceCommitIndex;
  private readonly appendEntries: typeof appendEntries;
  private readonly checkQuorum: typeof checkQuorum;
  private readonly requestPreVote: typeof requestPreVote;
  private readonly startElection: typeof startElection;
  private readonly restart: ReturnType<typeof restartWithVariants>;
  private readonly receive: Receive;

  /** Where `received` keeps the successor it picks: the cluster is started afresh after each way of receiving. */
  private picked = new Int32Array(256);
  private found = false;

  constructor(
    private readonly layout: Layout,
    private readonly config: RaftConfig,
    private readonly rules: RaftRules,
  ) {
    this.c = new Cluster(layout);
    this.variants = variantFlags(config.variants);
    for (const name of ALL_SERVER_VARIABLES) {
      const v = variableVariant(name);
      if (v !== undefined && config.variants?.includes(v) === true && !layout.variables.includes(name)) {
        throw new Error(`spec: the layout does not hold ${v}'s variable ${name}`);
      }
    }
    const m = this.variants.membership;
    const anyTimeout = this.variants.prevote ? preVoteTimeout : timeout;
    this.timeout = m ? memberTimeout(anyTimeout) : anyTimeout;
    this.requestVote = m ? requestVoteInConfig : requestVote;
    this.becomeLeader = m ? becomeLeaderInConfig : becomeLeader;
    this.advanceCommitIndex = m ? advanceCommitIndexInConfig : advanceCommitIndex;
    this.appendEntries = m ? appendEntriesInConfig : appendEntries;
    this.checkQuorum = m ? checkQuorumInConfig : checkQuorum;
    this.requestPreVote = m ? requestPreVoteInConfig : requestPreVote;
    this.startElection = m ? startElectionInConfig : startElection;
    this.restart = restartWithVariants(this.variants);
    this.receive = receiverFor(this.variants);
  }

  /** Calls `visit` on every successor of `s`, in order. `s` is never written. */
  forEach(s: Int32Array, visit: Visitor): void {
    this.each(s, visit, true);
  }

  /**
   * Calls `visit` on the code of every successor of `s`, in `forEach`'s order, with a state that may be any
   * buffer: for simulation, which builds only the successors it draws (`successorOf`). Actions that are always
   * enabled (Restart, DuplicateMessage, DropMessage) are listed without being built.
   */
  forEachAction(s: Int32Array, visit: (action: number) => void): void {
    this.each(s, visit, false);
  }

  /** `forEach` when `build`, else `forEachAction`: one list of the actions and their order for both. */
  private each(s: Int32Array, visit: Visitor, build: boolean): void {
    const c = this.c;
    const n = this.config.servers;
    const rules = this.rules;
    const restart = this.restart;
    const timeout = this.timeout;
    const receive = this.receive;
    const requestVote = this.requestVote;
    const becomeLeader = this.becomeLeader;
    const advanceCommitIndex = this.advanceCommitIndex;
    const appendEntries = this.appendEntries;
    this.visit = visit;
    this.parent = s;
    if (this.config.restart) {
      // restart.ts: Restart is always enabled.
      for (let i = 0; i < n; i++) if (!build || restart(c.begin(s), i, rules)) visit(RESTART | (i << 5), c.state);
    }
    for (let i = 0; i < n; i++) if (timeout(c.begin(s), i)) visit(TIMEOUT | (i << 5), c.state);
    if (this.variants.prevote) this.preVote(s, visit);
    for (let i = 0; i < n; i++) {
      if (c.begin(s).server(i).state !== 'Candidate') continue; // RequestVote is a candidate's action
      for (let j = 0; j < n; j++) if (requestVote(c.begin(s), i, j)) visit(REQUEST_VOTE | (i << 5) | (j << 9), c.state);
    }
    for (let i = 0; i < n; i++) if (becomeLeader(c.begin(s), i)) visit(BECOME_LEADER | (i << 5), c.state);
    for (let i = 0; i < n; i++) {
      if (c.begin(s).server(i).state !== 'Leader') continue; // the next three are a leader's actions
      for (let v = 1; v <= this.config.values; v++) {
        if (clientRequest(c.begin(s), i, v)) visit(CLIENT_REQUEST | (i << 5) | (v << 13), c.state);
      }
    }
    for (let i = 0; i < n; i++) {
      if (advanceCommitIndex(c.begin(s), i, rules)) visit(ADVANCE_COMMIT_INDEX | (i << 5), c.state);
    }
    for (let i = 0; i < n; i++) {
      if (c.begin(s).server(i).state !== 'Leader') continue;
      for (let j = 0; j < n; j++) {
        if (appendEntries(c.begin(s), i, j)) visit(APPEND_ENTRIES | (i << 5) | (j << 9), c.state);
      }
    }
    if (this.variants.checkQuorum) {
      const checkQuorum = this.checkQuorum;
      for (let i = 0; i < n; i++) if (checkQuorum(c.begin(s), i)) visit(CHECK_QUORUM | (i << 5), c.state);
    }
    if (this.variants.membership) this.membership(s, visit);
    const count = c.begin(s).messageCount;
    if (count > MAX_MESSAGES) throw new Error(`spec: more than ${MAX_MESSAGES} distinct messages in flight`);
    for (let k = 0; k < count; k++) {
      this.k = k;
      receive(c.begin(s), c.message(k), rules, this.emit);
    }
    if (this.config.duplicate) {
      for (let k = 0; k < count; k++) {
        if (build) c.begin(s).duplicate(c.message(k));
        visit(DUPLICATE | (k << 20), c.state);
      }
    }
    if (this.config.drop) {
      for (let k = 0; k < count; k++) {
        if (build) c.begin(s).discard(c.message(k));
        visit(DROP | (k << 20), c.state);
      }
    }
  }

  /**
   * The successor of `s` by action `code`, one that `forEach` lists for `s`, built alone (simulation draws one
   * successor of a dozen and builds only that one); valid until the next call. The guards `forEach` tests before
   * an action (a candidate's, a leader's) held when it listed `code`, so they are not tested again here.
   */
  successorOf(s: Int32Array, code: number): Int32Array {
    const c = this.c;
    const rules = this.rules;
    const i = (code >>> 5) & 15;
    const j = (code >>> 9) & 15;
    let enabled: boolean;
    switch (code & 31) {
      case RESTART:
        enabled = this.restart(c.begin(s), i, rules);
        break;
      case TIMEOUT:
        enabled = this.timeout(c.begin(s), i);
        break;
      case REQUEST_VOTE:
        enabled = this.requestVote(c.begin(s), i, j);
        break;
      case BECOME_LEADER:
        enabled = this.becomeLeader(c.begin(s), i);
        break;
      case CLIENT_REQUEST:
        enabled = clientRequest(c.begin(s), i, (code >>> 13) & 7);
        break;
      case ADVANCE_COMMIT_INDEX:
        enabled = this.advanceCommitIndex(c.begin(s), i, rules);
        break;
      case APPEND_ENTRIES:
        enabled = this.appendEntries(c.begin(s), i, j);
        break;
      case REQUEST_PRE_VOTE:
        enabled = this.requestPreVote(c.begin(s), i, j);
        break;
      case START_ELECTION:
        enabled = this.startElection(c.begin(s), i, rules);
        break;
      case CHECK_QUORUM:
        enabled = this.checkQuorum(c.begin(s), i);
        break;
      case ADD_SERVER:
        enabled = addServer(c.begin(s), i, j, rules);
        break;
      case REMOVE_SERVER:
        enabled = removeServer(c.begin(s), i, j, rules);
        break;
      case DUPLICATE:
        c.begin(s).duplicate(c.message(code >>> 20));
        return c.state;
      case DROP:
        c.begin(s).discard(c.message(code >>> 20));
        return c.state;
      default:
        return this.received(s, code);
    }
    if (!enabled) throw new Error(`spec: successorOf: action ${code} is not enabled`);
    return c.state;
  }

  /** The Receive successor of `s` whose packed code is `code` (a message is received in one way at most per handler and outcome). */
  private received(s: Int32Array, code: number): Int32Array {
    const c = this.c;
    const k = code >>> 20;
    this.found = false;
    this.receive(c.begin(s), c.message(k), this.rules, (handler, outcome) => {
      // Each way is built from `s` afresh, as `forEach` builds them.
      if (this.found || packAction(nameCode(handler), 0, 0, 0, outcome, k) !== code) {
        c.begin(s);
        return;
      }
      this.found = true;
      const t = c.state;
      const length = this.layout.length(t);
      if (this.picked.length < length) this.picked = new Int32Array(2 * length);
      this.picked.set(t.subarray(0, length));
      c.begin(s);
    });
    if (!this.wasFound()) throw new Error(`spec: successorOf: action ${code} is not enabled`);
    // Longer than the state, as the cluster's own scratch buffer is: readers go by the layout's length.
    return this.picked;
  }

  /** Read through a method: the compiler cannot see that the handler's callback may have set it. */
  private wasFound(): boolean {
    return this.found;
  }

  /** prevote's actions, after Timeout: RequestPreVote(i, j), then StartElection(i). */
  private preVote(s: Int32Array, visit: Visitor): void {
    const c = this.c;
    const n = this.config.servers;
    for (let i = 0; i < n; i++) {
      if (c.begin(s).server(i).state !== 'PreCandidate') continue;
      for (let j = 0; j < n; j++) {
        if (this.requestPreVote(c.begin(s), i, j)) visit(REQUEST_PRE_VOTE | (i << 5) | (j << 9), c.state);
      }
    }
    for (let i = 0; i < n; i++) {
      if (this.startElection(c.begin(s), i, this.rules)) visit(START_ELECTION | (i << 5), c.state);
    }
  }

  /** membership's actions, after CheckQuorum: AddServer(i, j) for every i, j, then RemoveServer(i, j). */
  private membership(s: Int32Array, visit: Visitor): void {
    const c = this.c;
    const n = this.config.servers;
    for (let i = 0; i < n; i++) {
      if (c.begin(s).server(i).state !== 'Leader') continue;
      for (let j = 0; j < n; j++) {
        if (addServer(c.begin(s), i, j, this.rules)) visit(ADD_SERVER | (i << 5) | (j << 9), c.state);
      }
    }
    for (let i = 0; i < n; i++) {
      if (c.begin(s).server(i).state !== 'Leader') continue;
      for (let j = 0; j < n; j++) {
        if (removeServer(c.begin(s), i, j, this.rules)) visit(REMOVE_SERVER | (i << 5) | (j << 9), c.state);
      }
    }
  }
}
