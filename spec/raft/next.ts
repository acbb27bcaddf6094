/**
 * raft.tla Next: every successor of a cluster state, in a fixed order (by action, then by parameters, then by
 * message in canonical order), so that equal states give the same list. The successors are built by the
 * actions of election.ts, replication.ts, restart.ts and receive.ts, one at a time, in one scratch buffer; each
 * is handed to a visitor with its packed action code (actions.ts) and is valid only during the call.
 */
import { nameCode, packAction, type ReceiveHandler } from './actions.js';
import { Cluster } from './cluster.js';
import type { RaftConfig } from './config.js';
import { becomeLeader, requestVote, timeout } from './election.js';
import type { Layout } from './layout.js';
import { receive } from './receive.js';
import { advanceCommitIndex, appendEntries, clientRequest } from './replication.js';
import { restart } from './restart.js';
import type { RaftRules } from './rules.js';

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

  constructor(
    layout: Layout,
    private readonly config: RaftConfig,
    private readonly rules: RaftRules,
  ) {
    this.c = new Cluster(layout);
  }

  /** Calls `visit` on every successor of `s`, in order. `s` is never written. */
  forEach(s: Int32Array, visit: Visitor): void {
    const c = this.c;
    const n = this.config.servers;
    const rules = this.rules;
    this.visit = visit;
    this.parent = s;
    if (this.config.restart) {
      for (let i = 0; i < n; i++) if (restart(c.begin(s), i, rules)) visit(RESTART | (i << 5), c.state);
    }
    for (let i = 0; i < n; i++) if (timeout(c.begin(s), i)) visit(TIMEOUT | (i << 5), c.state);
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
    const count = c.begin(s).messageCount;
    if (count > MAX_MESSAGES) throw new Error(`spec: more than ${MAX_MESSAGES} distinct messages in flight`);
    for (let k = 0; k < count; k++) {
      this.k = k;
      receive(c.begin(s), c.message(k), rules, this.emit);
    }
    if (this.config.duplicate) {
      for (let k = 0; k < count; k++) {
        c.begin(s).duplicate(c.message(k));
        visit(DUPLICATE | (k << 20), c.state);
      }
    }
    if (this.config.drop) {
      for (let k = 0; k < count; k++) {
        c.begin(s).discard(c.message(k));
        visit(DROP | (k << 20), c.state);
      }
    }
  }
}
