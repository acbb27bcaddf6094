/**
 * prevote (Ongaro's thesis §9.6, with §4.2.3; docs/variants.md): a pre-vote phase in front of every election. A
 * server whose timer fires becomes a PreCandidate and asks for pre-votes for currentTerm+1 without changing its
 * term or vote; only with a quorum of pre-votes does it start the real election. The pre-candidate tallies
 * pre-votes in votesResponded and votesGranted, as etcd raft does. A server that has heard from a leader of its
 * term since its last Timeout refuses pre-votes (§4.2.3).
 */
import type { Bug } from '../bugs.js';
import type { RaftInvariant } from '../invariant.js';
import type { RaftWitness } from '../witnesses.js';
import type { Cluster, MessageView, ServerView } from '../cluster.js';
import { lastConfigChange, members } from '../configuration.js';
import { dropStaleResponse } from '../dropStale.js';
import { voterIsMember } from '../election.js';
import { formatConfig, notInRole, type Guard } from '../guard.js';
import { isQuorumOf, memberCount, quorumSize } from '../quorum.js';
import type { RaftRules } from '../rules.js';
import { serverName, type ServerId } from '../types.js';
import type {
  Receive,
  ReceiveCore,
  VariantAction,
  VariantField,
  VariantHandler,
  VariantHooks,
  VariantInfo,
  VariantEvents,
  VariantLiveness,
  VariantTimed,
  VariantView,
} from './variant.js';

export const variant = {
  name: 'prevote',
  description:
    'a server whose timer fires first asks for pre-votes for currentTerm+1 without changing its term; only ' +
    'with a quorum of pre-votes does it start a real election',
  source: "Ongaro's thesis §9.6 (Pre-Vote), with §4.2.3 (disregard requests while a current leader is believed)",
} as const satisfies VariantInfo;

export const fields = {
  /** This server has heard from a leader of its current term since its last Timeout (thesis §4.2.3). */
  heardFromLeader: { kind: 'bool', resetOn: ['Restart'] },
} as const satisfies Readonly<Record<string, VariantField>>;

export const roles = ['PreCandidate'] as const;

const count = { kind: 'int', min: 0 } as const;

/** The same fields as a RequestVote's, at the same offsets; the term is the proposed term. */
export const messages = {
  PreVoteRequest: { lastLogTerm: count, lastLogIndex: count },
  PreVoteResponse: { voteGranted: { kind: 'bool' } },
} as const;

/**
 * The rule this variant adds (rules.ts): whether a server that won its pre-vote forgets the pre-votes when it
 * starts the real election, as Timeout forgets every earlier vote; the pre-votes were for a term no one has
 * voted in yet.
 */
export const rules: { readonly electionForgetsPreVotes: boolean } = { electionForgetsPreVotes: true };

// The guards of prevote's actions, clause by clause (guard.ts): the listing tests them, and replay and the trace
// validator word a disabled action from the first that fails.

const isPreCandidate: Guard = {
  holds: (c, i) => c.server(i).state === 'PreCandidate',
  why: (c, i) => notInRole(c, i, 'a PreCandidate'),
};

/** A pre-candidate asks j once per pre-vote: until j has answered. */
const notAnswered: Guard = {
  holds: (c, i, j) => !c.server(i).votesResponded.has(j),
  why: (_c, i, j) => `${serverName(i)} has already counted ${serverName(j)}'s answer to its pre-vote`,
};

/** Pre-votes from a quorum of the pre-candidate's configuration. */
const hasPreVoteQuorum: Guard = {
  holds: (c, i) => isQuorumOf(c.server(i).votesGranted.mask, members(c, i)),
  why: (c, i) => {
    const config = members(c, i);
    const granted = memberCount(c.server(i).votesGranted.mask & config);
    // The configuration is named when it is not simply every server (membership's, once it has changed).
    const named =
      config === (1 << c.n) - 1 && lastConfigChange(c, i) === 0 ? String(c.n) : `configuration ${formatConfig(config)}`;
    return (
      `${serverName(i)} has pre-votes from ${granted} of ${memberCount(config)}, not a quorum ` +
      `(a quorum of ${named} needs ${quorumSize(config)})`
    );
  },
};

/** RequestPreVote's effect: pre-candidate i asks j for a pre-vote for the term after its own. */
function requestPreVote(c: Cluster, i: ServerId, j: ServerId): void {
  const me = c.server(i);
  c.send({
    type: 'PreVoteRequest',
    source: i,
    dest: j,
    term: me.currentTerm + 1,
    lastLogTerm: me.log.lastTerm(),
    lastLogIndex: me.log.length,
  });
}

/** StartElection's effect: the pre-candidate starts the real election, as raft.tla's Timeout. */
function startElection(c: Cluster, i: ServerId, _j: ServerId, r: RaftRules): void {
  const me = c.server(i);
  me.state = 'Candidate';
  me.currentTerm = me.currentTerm + 1;
  me.votedFor = null;
  if (r.electionForgetsPreVotes) {
    me.votesResponded.clear();
    me.votesGranted.clear();
  }
}

/**
 * RequestPreVote: a pre-candidate asks j, a member of its configuration, for a pre-vote, until j has answered.
 * StartElection: a pre-candidate with pre-votes from a quorum of its configuration starts the real election.
 */
export const actions: readonly [VariantAction<'RequestPreVote', 'ij'>, VariantAction<'StartElection', 'i'>] = [
  {
    name: 'RequestPreVote',
    params: 'ij',
    after: 'Timeout',
    role: 'PreCandidate',
    guards: [isPreCandidate, notAnswered, voterIsMember],
    effect: requestPreVote,
  },
  {
    name: 'StartElection',
    params: 'i',
    after: 'Timeout',
    guards: [isPreCandidate, hasPreVoteQuorum],
    effect: startElection,
  },
];

export const handlerNames = ['HandlePreVoteRequest', 'HandlePreVoteResponse'] as const;

type PreVoteRequest = Extract<MessageView, { type: 'PreVoteRequest' }>;
type PreVoteResponse = Extract<MessageView, { type: 'PreVoteResponse' }>;

/**
 * HandlePreVoteRequest, for a request of any term (a pre-vote never updates a term). The pre-vote is granted
 * when the proposed term is above the voter's, the voter is not a leader and has not heard from a leader since
 * its last Timeout (§4.2.3), and the requester's log is at least as up to date (§5.4.1). The voter's own state
 * does not change; the response carries the proposed term, so that the pre-candidate can match it.
 */
export function handlePreVoteRequest(c: Cluster, m: PreVoteRequest, r: RaftRules): 'granted' | 'refused' {
  const me = c.server(m.dest);
  const grant =
    m.term > me.currentTerm &&
    me.state !== 'Leader' &&
    !me.heardFromLeader &&
    r.voteLogOk(m.lastLogTerm, m.lastLogIndex, me.log.lastTerm(), me.log.length);
  c.reply({ type: 'PreVoteResponse', source: m.dest, dest: m.source, term: m.term, voteGranted: grant }, m);
  return grant ? 'granted' : 'refused';
}

/** HandlePreVoteResponse: a pre-candidate counts an answer for the term it proposes; the caller has checked that. */
export function handlePreVoteResponse(c: Cluster, m: PreVoteResponse): 'granted' | 'refused' {
  const me = c.server(m.dest);
  me.votesResponded.add(m.source);
  if (m.voteGranted) me.votesGranted.add(m.source);
  c.discard(m);
  return m.voteGranted ? 'granted' : 'refused';
}

const receivePreVoteRequest: VariantHandler = (c, m, r, emit) => {
  if (m.type !== 'PreVoteRequest') return;
  emit('HandlePreVoteRequest', handlePreVoteRequest(c, m, r));
};

const receivePreVoteResponse: VariantHandler = (c, m, _rules, emit) => {
  if (m.type !== 'PreVoteResponse') return;
  const me = c.server(m.dest);
  if (me.state === 'PreCandidate' && m.term === me.currentTerm + 1) {
    emit('HandlePreVoteResponse', handlePreVoteResponse(c, m));
  } else {
    dropStaleResponse(c, m, emit); // it answers a pre-vote this server is no longer holding
  }
};

export const handlers = {
  PreVoteRequest: receivePreVoteRequest,
  PreVoteResponse: receivePreVoteResponse,
} as const satisfies Record<keyof typeof messages, VariantHandler>;

/**
 * prevote's Receive. A pre-vote message is handled whatever its term (its term is a proposal, not a term anyone
 * holds); a RequestVoteResponse reaching a pre-candidate answers an election it has given up and is dropped, as
 * etcd raft's candidate counts only the answers of its own kind of election; an AppendEntriesRequest of the
 * receiver's term records that it heard from a leader (§4.2.3), in the same step as its handling.
 */
function receive(inner: Receive, core: ReceiveCore): Receive {
  return (c, m, r, emit) => {
    if (m.type === 'PreVoteRequest' || m.type === 'PreVoteResponse') {
      core.handle(c, m, r, emit);
      return;
    }
    const me = c.server(m.dest);
    if (m.term > me.currentTerm) {
      inner(c, m, r, emit);
      return;
    }
    if (m.type === 'RequestVoteResponse' && me.state === 'PreCandidate') {
      dropStaleResponse(c, m, emit);
      return;
    }
    if (m.type === 'AppendEntriesRequest' && m.term === me.currentTerm && me.state !== 'Leader') {
      me.heardFromLeader = true;
    }
    inner(c, m, r, emit);
  };
}

/**
 * prevote's Timeout: a follower, candidate or pre-candidate whose timer fires starts a pre-vote for the next term
 * without changing its term or vote; it forgets the leader it had heard from (§4.2.3). The core's guard stays.
 */
function preVoteTimeout(c: Cluster, i: ServerId): void {
  const me = c.server(i);
  me.state = 'PreCandidate';
  me.votesResponded.clear();
  me.votesGranted.clear();
  me.heardFromLeader = false;
}

/** A pre-candidate that hears from the leader of its term returns to follower, as a candidate does (§9.6). */
function leaderHeard(me: ServerView): boolean {
  if (me.state !== 'PreCandidate') return false;
  me.state = 'Follower';
  return true;
}

export const hooks: VariantHooks = { timeout: preVoteTimeout, receive, leaderHeard };

/**
 * How prevote shows: heardFromLeader on every card, a pre-candidate's pre-vote tallies as a candidate's votes, and
 * its messages in the compact form of RequestVote's.
 */
/** What implementations log for prevote: a RequestVote's events, for pre-votes (traces/validate/events.ts). */
export const events = {
  actions: {
    RequestPreVote: { type: 'sendPreVote', form: 'send', message: 'PreVoteRequest' },
    StartElection: { type: 'startElection', form: 'server' },
  },
  messages: {
    PreVoteRequest: {
      fields: { term: 'term', lastLogTerm: 'lastLogTerm', lastLogIndex: 'lastLogIndex' },
      receive: 'receivePreVote',
      reply: { granted: 'voteGranted' },
      replyOf: (outcome: string) => ({ granted: outcome === 'granted' }),
      replyDiffers: (_field: string, spec: unknown, event: unknown) =>
        `would ${spec === true ? 'grant' : 'refuse'} the pre-vote, the event says ${event === true ? 'granted' : 'refused'}`,
    },
    PreVoteResponse: { fields: { term: 'term', granted: 'voteGranted' }, receive: 'receivePreVoteResponse' },
  },
} as const satisfies VariantEvents;

/**
 * What liveness reads of prevote: its sends and handlers join Send and Deliver, and a pre-candidate is
 * campaigning (a leader is not settled while one is about, docs/liveness.md).
 */
export const liveness: VariantLiveness = {
  fairness: { Deliver: ['HandlePreVoteRequest', 'HandlePreVoteResponse'], Send: ['RequestPreVote'] },
  campaigning: ['PreCandidate'],
  timers: {},
};

/**
 * prevote in time: a firing timer (prevote's Timeout) sends RequestPreVote to every server, and a pre-candidate
 * holding a quorum of pre-votes starts the election at once.
 */
export const timed: VariantTimed = {
  actions: { RequestPreVote: { when: 'solicit' }, StartElection: { when: 'elect', role: 'PreCandidate' } },
  refused: false,
};

export const view: VariantView = {
  serverRows: [{ field: 'heardFromLeader', show: (v) => String(v) }],
  tallyRoles: ['PreCandidate'],
  messageFields: {
    PreVoteRequest: (r) => `term=${r.term} lastLog=${String(r.lastLogTerm)}/${String(r.lastLogIndex)}`,
    PreVoteResponse: (r) => `term=${r.term} ${r.voteGranted === true ? 'granted' : 'refused'}`,
  },
  targetActions: [],
};

export const options = [] as const;
export const invariants: readonly RaftInvariant[] = [];

/** A pre-candidate won its pre-vote: only then does prevote let a server raise its term and campaign. */
export const witnesses: readonly RaftWitness[] = [
  {
    name: 'PreVoteWon',
    description: 'a pre-candidate holds pre-votes from a quorum and starts the real election',
    actions: ['StartElection'],
    reached: () => true,
  },
];

export const bugs: readonly Bug[] = [
  {
    name: 'prevote-keeps-votes',
    description:
      'a server that won its pre-vote starts the real election still holding the pre-votes in votesGranted, ' +
      'so it can become leader on votes no one cast in that term',
    rules: { electionForgetsPreVotes: false },
    variants: ['prevote'],
    source:
      'thesis §9.6 keeps pre-votes and votes apart; implementations that count both in one tally (etcd raft ' +
      'and raft-rs poll pre-votes and votes with one map) must reset it when the real election starts',
  },
];
