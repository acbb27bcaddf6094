/**
 * leadership-transfer (Ongaro's thesis §3.10; docs/variants.md): a leader hands leadership to another server.
 * Once the target's log is known to match its own (matchIndex), the leader records the target as its
 * `transferee` and sends it a TimeoutNow; the target, still in that term and not a leader, starts an election at
 * once, as if its timer had fired (without prevote's pre-vote round, as etcd raft's campaignTransfer), and with
 * its up-to-date log it can win. One transfer at a time: the leader forgets its transferee when it steps down
 * (UpdateTerm), when it restarts, and a new leader starts without one (the field's `resetOn`).
 *
 * Left out of this untimed model: the leader's refusal of client requests during a transfer, and the timeout
 * after which it gives up (§3.10 steps 1 and 4); neither changes which states are safe.
 */
import type { Bug } from '../bugs.js';
import type { RaftInvariant } from '../invariant.js';
import type { RaftWitness } from '../witnesses.js';
import type { Cluster, ClusterReader, MessageView } from '../cluster.js';
import { startCandidacy, voterIsMember } from '../election.js';
import { notInRole, type Guard } from '../guard.js';
import type { RaftRules } from '../rules.js';
import { serverName, type ServerId } from '../types.js';
import type {
  VariantAction,
  VariantField,
  VariantHandler,
  VariantHooks,
  VariantInfo,
  VariantEvents,
  VariantView,
  VariantLiveness,
  VariantTimed,
} from './variant.js';

export const variant = {
  name: 'leadership-transfer',
  description:
    "a leader whose target's log matches its own sends it TimeoutNow, and the target starts an election at once",
  source: "Ongaro's thesis §3.10 (leadership transfer extension); etcd raft's MsgTimeoutNow",
} as const satisfies VariantInfo;

export const fields = {
  /** The server this leader is handing leadership to, or Nil (§3.10). */
  transferee: { kind: 'server?', resetOn: ['Restart', 'UpdateTerm', 'BecomeLeader'] },
} as const satisfies Readonly<Record<string, VariantField>>;

export const roles = [] as const;

export const messages = {
  /** §3.10: the leader tells the target to time out now; its term is the leader's. */
  TimeoutNow: {},
} as const;

/**
 * The rule this variant adds (rules.ts): whether the target of a TimeoutNow must win an election (the thesis),
 * or takes the leadership it was handed without one.
 */
export const rules: { readonly transferNeedsElection: boolean } = { transferNeedsElection: true };

// TransferLeadership's guard, clause by clause (guard.ts): the listing tests them, replay words the first that fails.

const toOther: Guard = {
  holds: (_c, i, j) => i !== j,
  why: (_c, i) => `${serverName(i)} cannot hand leadership to itself`,
};

const isLeader: Guard = {
  holds: (c, i) => c.server(i).state === 'Leader',
  why: (c, i) => notInRole(c, i, 'the Leader'),
};

/** One transfer at a time. */
const noTransfer: Guard = {
  holds: (c, i) => c.server(i).transferee === null,
  why: (c, i) => `${serverName(i)} is already handing leadership to ${serverName(c.server(i).transferee ?? i)}`,
};

/** The target's log is known to hold the leader's in full (matchIndex). */
const targetUpToDate: Guard = {
  holds: (c, i, j) => c.server(i).matchIndex.get(j) === c.server(i).log.length,
  why: (c, i, j) => {
    const me = c.server(i);
    return `matchIndex[${serverName(i)}][${serverName(j)}] = ${me.matchIndex.get(j)}, not ${serverName(i)}'s log length ${me.log.length}`;
  },
};

/** TransferLeadership's effect: leader i records j as its transferee and sends it TimeoutNow. */
function transferLeadership(c: Cluster, i: ServerId, j: ServerId): void {
  const me = c.server(i);
  me.transferee = j;
  c.send({ type: 'TimeoutNow', source: i, dest: j, term: me.currentTerm });
}

/**
 * TransferLeadership(i, j): leader i, with no transfer under way, whose log j (another member of its
 * configuration) is known to hold in full, records j as its transferee and sends it TimeoutNow.
 */
export const actions: readonly [VariantAction<'TransferLeadership', 'ij'>] = [
  {
    name: 'TransferLeadership',
    params: 'ij',
    after: 'AppendEntries',
    role: 'Leader',
    guards: [toOther, isLeader, noTransfer, voterIsMember, targetUpToDate],
    effect: transferLeadership,
  },
];

export const handlerNames = ['HandleTimeoutNow'] as const;

type TimeoutNow = Extract<MessageView, { type: 'TimeoutNow' }>;

/**
 * HandleTimeoutNow (called with m.term ≤ currentTerm: UpdateTerm has run). A TimeoutNow of the receiver's term
 * makes a server that is not a leader start an election now; one of an older term, or reaching a leader, is
 * discarded.
 */
export function handleTimeoutNow(c: Cluster, m: TimeoutNow, r: RaftRules): 'done' | 'reject' {
  const me = c.server(m.dest);
  c.discard(m);
  if (m.term < me.currentTerm || me.state === 'Leader') return 'reject';
  startCandidacy(c, m.dest);
  if (!r.transferNeedsElection) {
    me.state = 'Leader';
    me.nextIndex.fill(me.log.length + 1);
    me.matchIndex.fill(0);
  }
  return 'done';
}

const receiveTimeoutNow: VariantHandler = (c, m, r, emit) => {
  if (m.type !== 'TimeoutNow') return;
  emit('HandleTimeoutNow', handleTimeoutNow(c, m, r));
};

export const handlers = { TimeoutNow: receiveTimeoutNow } as const satisfies Record<
  keyof typeof messages,
  VariantHandler
>;

// A leader that restarts or steps down, and a new leader, has no transfer under way: `resetOn` above.
export const hooks: VariantHooks = {};

/** How leadership transfer shows: the generic way (TimeoutNow field by field; transferee not on the cards yet). */
/** What implementations log for leadership transfer: no event yet, so a walk projects its steps to nothing. */
export const events = {
  actions: { TransferLeadership: null },
  messages: { TimeoutNow: null },
} as const satisfies VariantEvents;

/** Receiving a TimeoutNow is delivery, as every message's handling is: WF(Deliver) asks for it. */
export const liveness: VariantLiveness = { fairness: { Deliver: ['HandleTimeoutNow'] }, campaigning: [], timers: {} };

/** Leadership transfer in time: no clock transfers leadership, so a run is raft.tla's (it is not refused). */
export const timed: VariantTimed = { actions: { TransferLeadership: null }, refused: false };

export const view: VariantView = {
  serverRows: [],
  tallyRoles: [],
  messageFields: {},
  targetActions: [],
};

export const options = [] as const;
export const invariants: readonly RaftInvariant[] = [];

/** Whether some server's term in `to` is above its term in `from`. */
function termRaised(from: ClusterReader, to: ClusterReader): boolean {
  for (let k = 0; k < from.n; k++) if (to.server(k).currentTerm > from.server(k).currentTerm) return true;
  return false;
}

// HandleTimeoutNow raises a term only when the transferee obeys and starts its election (UpdateTerm is a step of
// its own), so a raised term is the transfer taking effect.
export const witnesses: readonly RaftWitness[] = [
  {
    name: 'TransfereeCampaigns',
    description: 'a server that received TimeoutNow from its leader starts an election at once',
    actions: ['HandleTimeoutNow'],
    reached: (from, _code, to) => termRaised(from, to),
  },
];

export const bugs: readonly Bug[] = [
  {
    name: 'transfer-skips-election',
    description:
      'the target of a TimeoutNow becomes leader of the next term at once, without votes, so another ' +
      'candidate can win the same term with votes the target is still free to give',
    rules: { transferNeedsElection: false },
    variants: ['leadership-transfer'],
    source:
      'thesis §3.10 has the target start an ordinary election: the old leader may hand over the lead, never ' +
      'the votes of a term',
  },
];
