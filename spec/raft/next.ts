/**
 * raft.tla Next: every successor of a cluster state, in a fixed order (by action, then by parameters, then by
 * message in canonical order), so that equal states give the same list. The successors are built by the
 * actions of election.ts, replication.ts, restart.ts and receive.ts, one at a time, in one scratch buffer; each
 * is handed to a visitor with its packed action code (actions.ts) and is valid only during the call.
 */
import { nameCode, packAction, type ActionName, type ReceiveHandler } from './actions.js';
import { Cluster } from './cluster.js';
import { compileListing, type ListActions } from './compileListing.js';
import type { RaftConfig } from './config.js';
import {
  BECOME_LEADER_GUARDS,
  lead,
  REQUEST_VOTE_GUARDS,
  sendRequestVote,
  startCandidacy,
  TIMEOUT_GUARDS,
} from './election.js';
import { guardsHold, type RuleGuard } from './guard.js';
import type { Layout } from './layout.js';
import { receiverFor, type Receive } from './receive.js';
import {
  APPEND_ENTRIES_GUARDS,
  appendClientValue,
  commitQuorumIndex,
  LEADER_GUARDS,
  sendAppendEntries,
} from './replication.js';
import { restart } from './restart.js';
import type { RaftRules } from './rules.js';
import { ALL_SERVER_VARIABLES, variableVariant } from './schema.js';
import type { ServerId } from './types.js';
import { isVariantName, variantModules } from './variants.js';
import type { CoreAnchor, Effect, VariantAction, VariantModule } from './variants/variant.js';

/** Receives each successor; `state` is a scratch buffer valid only during the call. */
export type Visitor = (action: number, state: Int32Array) => void;

const DUPLICATE = nameCode('DuplicateMessage');
const DROP = nameCode('DropMessage');

/** The most messages a packed action can point at. */
const MAX_MESSAGES = 4096;

/**
 * One row of the action table: an action and how it is listed. Its enabling condition is `guards` (guard.ts),
 * clause by clause; `effect` then writes the successor of the action with parameters i and x (j, or the value v
 * for 'iv') into the cluster, and returns true (a variant's action that tests its own guard inside returns
 * false when it is disabled, writing nothing). `run` is the two together. The listing (compiled from the table,
 * compileListing.ts), `successorOf` and explain.ts all read these, so they cannot disagree. `role`: only a server
 * in it can take the action, so the listing skips others without building anything. `always`: always enabled,
 * so `forEachAction` lists it without building it.
 */
export interface ActionRow {
  readonly name: ActionName;
  readonly params: 'i' | 'ij' | 'iv';
  readonly role?: string;
  readonly always?: boolean;
  readonly guards: readonly RuleGuard[];
  readonly effect: (c: Cluster, i: ServerId, x: number, rules: RaftRules) => boolean;
  readonly run: (c: Cluster, i: ServerId, x: number, rules: RaftRules) => boolean;
}

type RowDeclaration = Omit<ActionRow, 'run'>;

/** A row whose `run` tests its guards, then fires its effect. */
function row(r: RowDeclaration): ActionRow {
  const { guards, effect } = r;
  return { ...r, run: (c, i, x, rules) => guardsHold(guards, c, i, x, rules) && effect(c, i, x, rules) };
}

/**
 * The action table of a configuration, in listing order: raft.tla's actions, each variant's after the core
 * action its module names (in registry order), Restart only when the configuration has it. Receive,
 * DuplicateMessage and DropMessage come after these, message by message.
 */
export function actionTable(withRestart: boolean, variants: readonly VariantModule[]): ActionRow[] {
  const timeouts = variants.flatMap((v) => v.hooks.timeout ?? []);
  if (timeouts.length > 1) throw new Error('spec: two variants replace Timeout');
  const candidacy: Effect = timeouts[0] ?? startCandidacy;
  const after = (anchor: CoreAnchor): ActionRow[] =>
    variants.flatMap((v) =>
      v.actions
        .filter((a) => a.after === anchor)
        .map((a) => row({ name: a.name as ActionName, params: a.params, ...clausesOf(a), ...roleOf(a.role) })),
    );
  return [
    ...(withRestart
      ? [row({ name: 'Restart', params: 'i', always: true, guards: [], effect: (c, i, _x, r) => restart(c, i, r) })]
      : []),
    row({ name: 'Timeout', params: 'i', guards: TIMEOUT_GUARDS, effect: (c, i) => (candidacy(c, i), true) }),
    ...after('Timeout'),
    row({
      name: 'RequestVote',
      params: 'ij',
      role: 'Candidate',
      guards: REQUEST_VOTE_GUARDS,
      effect: (c, i, j) => (sendRequestVote(c, i, j), true),
    }),
    row({ name: 'BecomeLeader', params: 'i', guards: BECOME_LEADER_GUARDS, effect: (c, i) => (lead(c, i), true) }),
    row({
      name: 'ClientRequest',
      params: 'iv',
      role: 'Leader',
      guards: LEADER_GUARDS,
      effect: (c, i, v) => (appendClientValue(c, i, v), true),
    }),
    row({
      name: 'AdvanceCommitIndex',
      params: 'i',
      guards: LEADER_GUARDS,
      effect: (c, i, _x, rules) => (commitQuorumIndex(c, i, rules), true),
    }),
    row({
      name: 'AppendEntries',
      params: 'ij',
      role: 'Leader',
      guards: APPEND_ENTRIES_GUARDS,
      effect: (c, i, j) => (sendAppendEntries(c, i, j), true),
    }),
    ...after('AppendEntries'),
  ];
}

/** A variant action's guard clauses and effect (its `run`, for one that tests its guard inside). */
function clausesOf(a: VariantAction): Pick<ActionRow, 'guards' | 'effect'> {
  const { guards = [], effect, run } = a;
  if (effect !== undefined && run === undefined) return { guards, effect: (c, i, j, r) => (effect(c, i, j, r), true) };
  if (run !== undefined && effect === undefined) return { guards, effect: run };
  throw new Error(`spec: variant action ${a.name} must give exactly one of effect and run`);
}

function roleOf(role: string | undefined): { role?: string } {
  return role === undefined ? {} : { role };
}

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

  // The configuration's action table and Receive, decided here once: the hot loop below only reads them.
  private readonly listActions: ListActions;
  /** The row of each action code (its name's position in ACTION_NAMES). */
  private readonly byCode: (ActionRow | undefined)[] = [];
  private readonly receive: Receive;

  /** Where `received` keeps the successor it picks: the cluster is started afresh after each way of receiving. */
  private picked = new Int32Array(256);
  private found = false;

  constructor(
    private readonly layout: Layout,
    private readonly config: RaftConfig,
    private readonly rules: RaftRules,
  ) {
    const unknown = (config.variants ?? []).filter((name) => !isVariantName(name));
    if (unknown.length > 0) throw new Error(`spec: unknown variant '${unknown.join("', '")}'`);
    const variants = variantModules(config.variants);
    this.c = new Cluster(layout, variants);
    for (const name of ALL_SERVER_VARIABLES) {
      const v = variableVariant(name);
      if (v !== undefined && config.variants?.includes(v) === true && !layout.variables.includes(name)) {
        throw new Error(`spec: the layout does not hold ${v}'s variable ${name}`);
      }
    }
    const rows = actionTable(config.restart, variants);
    for (const row of rows) this.byCode[nameCode(row.name)] = row;
    this.listActions = compileListing(
      rows.map((row) => ({ ...row, code: nameCode(row.name) })),
      config.servers,
      config.values,
      rules,
    );
    this.receive = receiverFor(variants);
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
    const rules = this.rules;
    const receive = this.receive;
    this.visit = visit;
    this.parent = s;
    this.listActions(c, s, visit, build);
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
    const name = code & 31;
    if (name === DUPLICATE) {
      c.begin(s).duplicate(c.message(code >>> 20));
      return c.state;
    }
    if (name === DROP) {
      c.begin(s).discard(c.message(code >>> 20));
      return c.state;
    }
    const row = this.byCode[name];
    if (row === undefined) return this.received(s, code);
    const x = row.params === 'iv' ? (code >>> 13) & 7 : (code >>> 9) & 15;
    if (!row.run(c.begin(s), (code >>> 5) & 15, x, this.rules)) {
      throw new Error(`spec: successorOf: action ${code} is not enabled`);
    }
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
}
