/**
 * What a protocol variant is: one module (a file of this folder) that declares everything the variant adds to
 * raft.tla, and one line in registry.ts. The core (election.ts, replication.ts, restart.ts, receive.ts, next.ts)
 * never names a variant: it calls the hooks of the variants a configuration switches on, chosen once per
 * configuration, so a variant that is off costs nothing and a variant that is on cannot be half wired.
 *
 * A module exports, as named exports (the registry takes the module namespace, so each is typed on its own):
 * - `variant`: its name, description and source;
 * - `fields`: its per-server variables (one word each), with the core steps that reset them;
 * - `roles`: roles it adds to raft.tla's `state`;
 * - `messages`: its message types and their fields;
 * - `actions`: its actions, each with where it comes in the listing (`after` a core action), its guard clauses
 *   and its effect (replay and the trace validator word a disabled action from the clauses);
 * - `handlers`: the Receive handler of each of its message types, and `handlerNames`, the labels they emit;
 * - `hooks`: what it does on Restart, UpdateTerm and BecomeLeader, and how it changes the core's actions (Timeout,
 *   Receive, a server's configuration, a role of its own stepping down on hearing from the leader);
 * - `events`: its event types in implementations' traces (traces/validate) for its actions and messages, or none;
 * - `view`: how its variables, roles, messages and actions show to people (the explorer, format.ts);
 * - `liveness`, `timed`: what liveness (its fairness groups, campaigning roles, `--timers` rules) and the timed
 *   simulator (when its clocks take each action, or that election-timing refuses it) need of it;
 * - `options`: the settings a configuration gives it (a configuration key, a CLI flag, a field of the explorer's
 *   form), and `invariants`: its own safety properties, checked only when it is on;
 * - `witnesses`: the situations of its own a check watches for (a run that never reaches one says so, and an
 *   invariant that names it held vacuously);
 * - `bugs`: its deliberate bugs, and `bugPlan`, the bounds they are hunted on when not the bug matrix's.
 * Sections a variant does not need are empty (`{}` or `[]`), never absent, so that forgetting one is a type error.
 */
import type { ReceiveHandler } from '../actions.js';
import type { Bug } from '../bugs.js';
import type { Cluster, ClusterReader, LogReader, MessageView, ServerView } from '../cluster.js';
import type { RaftConfig } from '../config.js';
import type { RuleGuard } from '../guard.js';
import type { RaftInvariant } from '../invariant.js';
import type { RaftRules } from '../rules.js';
import type { MessageFieldKind, ServerFieldShape } from '../schema.js';
import type { ServerId } from '../types.js';
import type { RaftWitness } from '../witnesses.js';

/** The description people and the docs' table see. */
export interface VariantInfo<Name extends string = string> {
  readonly name: Name;
  readonly description: string;
  /** Where the rule comes from. */
  readonly source: string;
}

/** The core steps after which a variant's variable is back at its initial value, for the server that takes them. */
export type ResetStep = 'Restart' | 'UpdateTerm' | 'BecomeLeader';

/**
 * A variant's per-server variable: one word, and the core steps that reset it. `resetOn` is required, so a
 * variant says for each variable what a restart, a new term and a new leadership do to it (`[]`: nothing);
 * the core does the resetting, so a variant cannot forget it in one place and not another.
 */
export type VariantField = ServerFieldShape & { readonly resetOn: readonly ResetStep[] };

/** The core actions a variant's action can follow in the listing order. */
export type CoreAnchor = 'Timeout' | 'AppendEntries';

/**
 * One action of a variant, with its parameters: `i` the server that acts, `j` another server when `params` is
 * 'ij'. Listing and `successorOf` both run it from the one action table (next.ts), so they cannot disagree. A
 * module declares its `actions` with their type written out (`VariantAction<'Name', 'ij'>`): the labels' types
 * are derived from it.
 *
 * Its guard is declared as clauses (`guards`, guard.ts), as a core action's is, and `effect` writes the
 * successor once they all hold: the listing and `successorOf` test the clauses, and replay (explain.ts) and the
 * trace validator word a disabled action from the first that fails. The older form, `run`, tests the guard
 * inside, writes the successor and returns whether the action was enabled (a disabled action writes nothing);
 * for such an action replay and the validator can only say that it is not enabled. Exactly one of `effect` and
 * `run` (next.ts throws otherwise). One interface rather than a union of the two forms: a union here makes the
 * registry's types circular (RaftRules is derived from the modules).
 */
export interface VariantAction<Name extends string = string, Params extends 'i' | 'ij' = 'i' | 'ij'> {
  readonly name: Name;
  readonly params: Params;
  /** It comes in the listing right after this core action (after earlier variants' actions there). */
  readonly after: CoreAnchor;
  /**
   * When set, only a server in this role can take it: the listing skips others without building anything. The
   * role is a guard clause too (the listing's skip is only a shortcut), so `guards` tests it as well.
   */
  readonly role?: string;
  /**
   * It acts on the link between i and j (partitions' Partition and Heal): a liveness environment whose static
   * links (`--links`) leave that pair out does not list it.
   */
  readonly onLink?: boolean;
  /** Its guard, clause by clause, tested in this order before `effect` (or `run`); absent: none. */
  readonly guards?: readonly RuleGuard[];
  /** What it does once its guards hold. */
  readonly effect?: (c: Cluster, i: ServerId, j: ServerId, rules: RaftRules) => void;
  /** The older form: tests the guard itself, writes the successor, and returns whether it was enabled. */
  readonly run?: (c: Cluster, i: ServerId, j: ServerId, rules: RaftRules) => boolean;
}

/** Called once per way a message can be received, after the handler has written the successor. */
export type Emit = (handler: ReceiveHandler, outcome: string) => void;

/** A Receive: every way server m.dest can receive m, each passed to `emit`. */
export type Receive = (c: Cluster, m: MessageView, rules: RaftRules, emit: Emit) => void;

/** What the core gives a variant's Receive. */
export interface ReceiveCore {
  /** The handler of m's type, without UpdateTerm (for a message whose term the receiver must not take). */
  readonly handle: Receive;
}

/** A core action's effect that a variant replaces, keeping the core's guard. */
export type Effect = (c: Cluster, i: ServerId) => void;

/**
 * What a variant does to the core's steps, each optional: hooks run after the core's own effect, in registry
 * order, on the server that takes the step.
 */
export interface VariantHooks {
  /** Restart, after the core has reset the variables whose `resetOn` names it: for anything else. */
  readonly restart?: (me: ServerView) => void;
  /** UpdateTerm: the receiver has just taken a higher term and become a follower (after the resets). */
  readonly updateTerm?: (me: ServerView) => void;
  /** BecomeLeader: the candidate has just become leader (after the resets). */
  readonly becomeLeader?: (me: ServerView) => void;
  /**
   * HandleAppendEntriesRequest: an AppendEntriesRequest of its term reaches `me`, which is not a Candidate (a
   * Candidate steps down to Follower there, raft.tla's rule). Returns whether `me`, in a role of the variant's,
   * steps down as a Candidate does (it becomes Follower and the message stays for later); false leaves it to the
   * core. Called only in that case, so it costs nothing elsewhere.
   */
  readonly leaderHeard?: (me: ServerView) => boolean;
  /** Replaces the effect of Timeout (whose guard stays: not a leader, a member of its configuration). */
  readonly timeout?: Effect;
  /** Wraps the Receive of the variants before it in the registry. */
  readonly receive?: (inner: Receive, core: ReceiveCore) => Receive;
  /**
   * The configuration (a bit mask of servers) a server with this log uses, and the index of the entry that set
   * it (0: none). Without it, every configuration is the layout's initial one. One variant at most gives it.
   */
  readonly configuration?: {
    readonly members: (log: LogReader, initial: number) => number;
    readonly lastChange: (log: LogReader) => number;
    /** The initial configuration (a bit mask) of a model of `config`, before any log holds one. */
    readonly initial: (config: RaftConfig) => number;
  };
  /**
   * Whether servers i and j have a working link in state c, for a variant that keeps the links in the state
   * (partitions); absent: always. Liveness's `--timers` and properties read it (spec/raft/liveness/); the
   * variant refuses delivery over a cut link itself, in its `receive`.
   */
  readonly linked?: (c: ClusterReader, i: ServerId, j: ServerId) => boolean;
  /**
   * The values of its rules that a configuration sets (a bound of the variant's, such as partitions' number of
   * Partition steps), laid over its `rules` and any bug's when a model is made (model.ts).
   */
  readonly configRules?: (config: RaftConfig) => Partial<RaftRules>;
  /**
   * Why a configuration with the variant on is not a model, beyond its options' ranges (partitions needs two
   * servers), in one line; undefined when it is one.
   */
  readonly configProblem?: (config: RaftConfig) => string | undefined;
}

/**
 * A setting of the variant's that a configuration gives, an integer: its configuration key, CLI flag, help and
 * the explorer's form field all come from this one declaration (config.ts, cli/modelFlags.ts, explorer), and it
 * is absent from a configuration that does not give it, so configurations written before it read as they did.
 */
export interface VariantOption<Key extends string = string> {
  /** Its key in RaftConfig (and in trace headers and explorer links). */
  readonly key: Key;
  /** Its CLI flag, without the dashes. */
  readonly flag: string;
  /** What it sets, in a few words, for the CLI's help and the explorer's form. */
  readonly help: string;
  /** The smallest value it takes. */
  readonly min: number;
  /** The largest value it takes: a number, or the model's number of servers. */
  readonly max: number | 'servers';
  /** What a configuration with the variant on and without this setting means, in words ("servers − 1"). */
  readonly fallback: string;
  /**
   * Whether giving it switches the variant on (`--partitions K` means the partitions variant, as a bound says
   * what it bounds); otherwise giving it without the variant is refused.
   */
  readonly switchesOn: boolean;
}

/**
 * How the bug matrix (`raft-check bugs`) and the mutant bench hunt the variant's bugs when breadth-first search on
 * the matrix's bounds cannot reach them in seconds: one seeded simulation of fixed size on bounds of their own.
 */
export interface BugPlan {
  /** The bounds, over the matrix's (the variant itself is added). */
  readonly config: Partial<RaftConfig>;
  readonly seed: number;
  /** Walks 0 to walks − 1 run, unless one violates first. */
  readonly walks: number;
  readonly maxDepth: number;
}

/** The Receive handler of one of the variant's message types. */
export type VariantHandler = Receive;

/**
 * One row of a server's card in the explorer for a variable of the variant: `show` gets the variable's value for
 * the server in the JSON state (never undefined: a variable of a variant that is off is not in the JSON) and the
 * server's role, and gives the text, or undefined to leave the row out.
 */
export interface ViewRow {
  readonly field: string;
  readonly show: (value: unknown, role: string) => string | undefined;
}

/** The fields of a message as the variant renders them (format.ts): term and the type's schema fields. */
export type ViewMessage = { readonly term: number } & Readonly<Record<string, unknown>>;

/** How the variant shows to people; what it leaves out is shown the generic way. */
export interface VariantView {
  /** Its variables' rows in the explorer's server cards, in this order after the core's. */
  readonly serverRows: readonly ViewRow[];
  /** Its roles whose servers show their vote tallies (votesResponded, votesGranted), as a Candidate does. */
  readonly tallyRoles: readonly string[];
  /** Compact renderings of its message types' fields; a type without one is printed field by field. */
  readonly messageFields: Readonly<Record<string, (m: ViewMessage) => string>>;
  /** Its two-server actions whose j is the server acted on, printed `i j` rather than the message-like `i→j`. */
  readonly targetActions: readonly string[];
}

/**
 * The event an implementation logs for one of the variant's actions (traces/validate/events.ts), by its form:
 * `server`, the acting server's own step (a step that makes it a candidate of a new term stands, with implicit
 * self-votes, for its vote for itself too); `send`, i sends j a `message` and the event carries its fields (`to`
 * and those of the message's `events`); `reconfigure`, leader i appends a configuration that adds or removes j,
 * and the event carries `target` and the configuration. Why such an event cannot follow a state is the first of
 * the action's guard clauses that fails (a `GuardedVariantAction`'s), or that the variant is off.
 */
export type ActionEvent =
  | { readonly type: string; readonly form: 'server' }
  | { readonly type: string; readonly form: 'send'; readonly message: string }
  | { readonly type: string; readonly form: 'reconfigure' };

/** The events of one of the variant's message types. */
export interface MessageEvent {
  /** The fields an event shows of the message: event field → message field, in the order events list them. */
  readonly fields: Readonly<Record<string, string>>;
  /** The event a server logs when it handles the message. */
  readonly receive: string;
  /** The fields of the answer the receive event shows (event field → reply field), when it answers. */
  readonly reply?: Readonly<Record<string, string>>;
  /** Those fields' values as a walk of the spec has them, from the handler's outcome. */
  readonly replyOf?: (outcome: string) => Readonly<Record<string, unknown>>;
  /**
   * How the validator words a reply field the event contradicts, after the receiver's name (`would grant the
   * pre-vote, the event says refused`); without it, `would answer granted=true, the event says false`.
   */
  readonly replyDiffers?: (field: string, spec: unknown, event: unknown) => string;
}

/**
 * What implementations log for the variant: an entry for each of its actions and message types, `null` for one
 * that no event shows (a walk projects it to nothing, and a trace cannot name it).
 */
export interface VariantEvents {
  readonly actions: Readonly<Record<string, ActionEvent | null>>;
  readonly messages: Readonly<Record<string, MessageEvent | null>>;
}

/** The shape every variant module has (registry.ts checks each against it). */
export interface VariantModule {
  readonly variant: VariantInfo;
  readonly fields: Readonly<Record<string, VariantField>>;
  readonly roles: readonly string[];
  readonly messages: Readonly<Record<string, Readonly<Record<string, MessageFieldKind>>>>;
  readonly actions: readonly VariantAction[];
  readonly handlerNames: readonly string[];
  readonly handlers: Readonly<Record<string, VariantHandler>>;
  readonly hooks: VariantHooks;
  readonly events: VariantEvents;
  readonly view: VariantView;
  readonly options: readonly VariantOption[];
  readonly invariants: readonly RaftInvariant[];
  readonly witnesses: readonly RaftWitness[];
  readonly bugs: readonly Bug[];
  /** Absent: its bugs are hunted as raft.tla's, breadth-first on the matrix's bounds. */
  readonly bugPlan?: BugPlan;
  readonly liveness: VariantLiveness;
  readonly timed: VariantTimed;
}

// What liveness (spec/raft/liveness/) and the timed simulator (timing/) need of a variant, so that neither names one.

/** The fairness groups of fairness.ts that a variant's actions and handler labels can join. */
export type FairnessGroup = 'Deliver' | 'Send';

/**
 * A variant's action that `--timers` lets run only when a real timer would have fired it: `mayRun(c, i, linked)`
 * for server i in state c, `linked` the working links; `rule` says so in `--help`.
 */
export interface TimerRule {
  readonly rule: string;
  readonly mayRun: (
    c: ClusterReader,
    i: ServerId,
    linked: (c: ClusterReader, i: ServerId, j: ServerId) => boolean,
  ) => boolean;
}

/** What the liveness checks read of the variant (spec/raft/liveness/, the `liveness` command). */
export interface VariantLiveness {
  /** Its actions and handler labels in each fairness group: a message's handling is Deliver, a request's send Send. */
  readonly fairness: Readonly<Partial<Record<FairnessGroup, readonly string[]>>>;
  /** Its roles in which a server is campaigning as a Candidate is (a settled leader has none around it). */
  readonly campaigning: readonly string[];
  /** Its actions that `--timers` times, by name (the environment's check, as Timeout's is the core's). */
  readonly timers: Readonly<Record<string, TimerRule>>;
}

/**
 * When the timed simulator's clocks (timing/scheduler.ts) take one of the variant's actions:
 * - `solicit`: a server whose election timer fires sends it to every server, itself included, after its Timeout,
 *   in place of RequestVote;
 * - `elect`: a server in `role` takes it as soon as a delivery leaves it enabled; it enters the new term, so the
 *   timer is reset and RequestVote goes to every server (an election round starts with it, not with Timeout);
 * - `leaderPeriod`: a leader takes it every base election timeout, the first that long after its election; one
 *   that steps down there stops its heartbeats.
 */
export type ActionTiming =
  { readonly when: 'solicit' } | { readonly when: 'elect'; readonly role: string } | { readonly when: 'leaderPeriod' };

/** How the variant runs in the timed simulator (timing/, `election-timing`). */
export interface VariantTimed {
  /** Each of its actions: when the clocks take it, or null when no clock does (it never happens there). */
  readonly actions: Readonly<Record<string, ActionTiming | null>>;
  /**
   * Whether `election-timing` refuses the variant: its clocks take none of what it is about (its null actions),
   * so a run would be the protocol without it under its name.
   */
  readonly refused: boolean;
}
