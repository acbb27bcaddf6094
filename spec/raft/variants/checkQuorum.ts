/**
 * check-quorum (Ongaro's thesis §6.2; etcd raft's CheckQuorum; docs/variants.md): a leader notes which servers
 * answer its AppendEntries, and at each CheckQuorum steps down unless they and it make a quorum of its
 * configuration.
 */
import type { Bug } from '../bugs.js';
import type { RaftInvariant } from '../invariant.js';
import type { RaftWitness } from '../witnesses.js';
import type { Cluster, ClusterReader } from '../cluster.js';
import { members } from '../configuration.js';
import { notInRole, type Guard } from '../guard.js';
import { isQuorumOf } from '../quorum.js';
import type { ServerId } from '../types.js';
import type {
  Receive,
  VariantAction,
  VariantField,
  VariantHooks,
  VariantInfo,
  VariantEvents,
  VariantLiveness,
  VariantTimed,
  VariantView,
  TimerRule,
} from './variant.js';

export const variant = {
  name: 'check-quorum',
  description: 'a leader that has not heard from a quorum since its last check steps down',
  source: "Ongaro's thesis §6.2; etcd raft's CheckQuorum",
} as const satisfies VariantInfo;

export const fields = {
  /** The servers that answered this leader's AppendEntries since its last CheckQuorum (§6.2). */
  quorumHeard: { kind: 'servers', resetOn: ['Restart'] },
} as const satisfies Readonly<Record<string, VariantField>>;

export const roles = [] as const;
export const messages = {} as const;
export const rules = {} as const;

/** Only a leader checks its quorum. */
const isLeader: Guard = {
  holds: (c, i) => c.server(i).state === 'Leader',
  why: (c, i) => notInRole(c, i, 'the Leader'),
};

/**
 * CheckQuorum's effect: a leader that heard from a quorum of its configuration (itself included, if a member)
 * since its last check starts a new period; one that did not steps down.
 */
function checkQuorum(c: Cluster, i: ServerId): void {
  const me = c.server(i);
  if (!isQuorumOf(me.quorumHeard.mask | (1 << i), members(c, i))) me.state = 'Follower';
  me.quorumHeard.clear();
}

export const actions: readonly [VariantAction<'CheckQuorum', 'i'>] = [
  { name: 'CheckQuorum', params: 'i', after: 'AppendEntries', guards: [isLeader], effect: checkQuorum },
];

export const handlerNames = [] as const;
export const handlers = {} as const;

/**
 * check-quorum's addition to a Receive: a leader that handles an AppendEntriesResponse of its term records that
 * its source answered (thesis §6.2), in the same step.
 */
function receive(inner: Receive): Receive {
  return (c, m, r, emit) => {
    if (m.type === 'AppendEntriesResponse') {
      const me = c.server(m.dest);
      if (m.term === me.currentTerm && me.state === 'Leader') me.quorumHeard.add(m.source);
    }
    inner(c, m, r, emit);
  };
}

export const hooks: VariantHooks = { receive };

/** How check-quorum shows: a leader's card lists the servers it has heard from since its last check. */
/** What implementations log for check-quorum: each check, as the leader's own step. */
export const events = {
  actions: { CheckQuorum: { type: 'checkQuorum', form: 'server' } },
  messages: {},
} as const satisfies VariantEvents;

/**
 * CheckQuorum under liveness's --timers: every member linked to leader i whose term is not above i's (it accepts
 * i's AppendEntries) has answered since the last check. A server of a higher term answers with that term instead,
 * which deposes i by UpdateTerm, so it is not waited for.
 */
const roundAnswered: TimerRule['mayRun'] = (c, i, linked) => {
  const me = c.server(i);
  if (me.state !== 'Leader') return true; // disabled anyway
  const config = members(c, i);
  for (let j = 0; j < c.n; j++) {
    if (j === i || (config & (1 << j)) === 0 || !linked(c, i, j)) continue;
    if (c.server(j).currentTerm <= me.currentTerm && !me.quorumHeard.has(j)) return false;
  }
  return true;
};

/** What liveness reads of check-quorum: a check is timed, once a round of heartbeats has been answered. */
export const liveness: VariantLiveness = {
  fairness: {},
  campaigning: [],
  timers: {
    CheckQuorum: {
      rule: 'a leader runs CheckQuorum only once every member it is linked to has answered',
      mayRun: roundAnswered,
    },
  },
};

/** check-quorum in time: a leader checks once per base election timeout, as etcd raft does. */
export const timed: VariantTimed = { actions: { CheckQuorum: { when: 'leaderPeriod' } }, refused: false };

export const view: VariantView = {
  serverRows: [
    {
      field: 'quorumHeard',
      show: (v, role) => (role === 'Leader' ? `{${(v as readonly string[]).join(',')}}` : undefined),
    },
  ],
  tallyRoles: [],
  messageFields: {},
  targetActions: [],
};

export const options = [] as const;
export const invariants: readonly RaftInvariant[] = [];

// CheckQuorum changes only its own server, so a leader fewer after it is the checking leader stepping down.
export const witnesses: readonly RaftWitness[] = [
  {
    name: 'LeaderLostQuorum',
    description: 'a leader that did not hear from a quorum since its last check steps down',
    actions: ['CheckQuorum'],
    reached: (from, _code, to) => leaders(from) > leaders(to),
  },
];

/** How many servers lead in `c`. */
function leaders(c: ClusterReader): number {
  let n = 0;
  for (let k = 0; k < c.n; k++) if (c.server(k).state === 'Leader') n++;
  return n;
}

export const bugs: readonly Bug[] = [];
