/**
 * raft.tla Receive: the one dispatcher for a message taken from the network, shaped like etcd's Step. A higher
 * term is handled first and in one place (UpdateTerm); then the message's type picks its handler.
 */
import { match } from 'ts-pattern';
import type { ReceiveHandler } from './actions.js';
import type { Cluster, MessageView } from './cluster.js';
import {
  handlePreVoteRequest,
  handlePreVoteResponse,
  handleRequestVoteRequest,
  handleRequestVoteResponse,
} from './election.js';
import { handleAppendEntriesRequest, handleAppendEntriesResponse } from './replication.js';
import type { RaftRules } from './rules.js';
import { MESSAGE_TYPES, type MessageType } from './schema.js';
import type { VariantFlags } from './variants.js';

/**
 * Called once per way the message can be received, after the handler has written the successor into the
 * cluster; the caller takes the successor and starts the cluster afresh from the same state.
 */
export type Emit = (handler: ReceiveHandler, outcome: string) => void;

type Handler = (c: Cluster, m: MessageView, rules: RaftRules, emit: Emit) => void;

/** raft.tla UpdateTerm; paper §5.1. The message stays in the bag and is handled by a later Receive. */
function updateTerm(c: Cluster, m: MessageView): void {
  const me = c.server(m.dest);
  me.currentTerm = m.term;
  me.state = 'Follower';
  me.votedFor = null;
}

/** raft.tla DropStaleResponse: a response from an older term is discarded. */
function dropStaleResponse(c: Cluster, m: MessageView, emit: Emit): void {
  c.discard(m);
  emit('DropStaleResponse', '');
}

const receiveRequestVoteRequest: Handler = (c, m, rules, emit) => {
  if (m.type !== 'RequestVoteRequest') return;
  emit('HandleRequestVoteRequest', handleRequestVoteRequest(c, m, rules));
};

const receiveRequestVoteResponse: Handler = (c, m, rules, emit) => {
  if (m.type !== 'RequestVoteResponse') return;
  const currentTerm = c.server(m.dest).currentTerm;
  if (m.term < currentTerm) dropStaleResponse(c, m, emit);
  if (rules.countsVoteResponse(currentTerm, m.term)) {
    emit('HandleRequestVoteResponse', handleRequestVoteResponse(c, m));
  }
};

const receiveAppendEntriesRequest: Handler = (c, m, rules, emit) => {
  if (m.type !== 'AppendEntriesRequest') return;
  const outcome = handleAppendEntriesRequest(c, m, rules);
  if (outcome !== undefined) emit('HandleAppendEntriesRequest', outcome);
};

const receiveAppendEntriesResponse: Handler = (c, m, _rules, emit) => {
  if (m.type !== 'AppendEntriesResponse') return;
  if (m.term < c.server(m.dest).currentTerm) dropStaleResponse(c, m, emit);
  else emit('HandleAppendEntriesResponse', handleAppendEntriesResponse(c, m));
};

// prevote's messages (docs/variants.md). They exist only when prevote is on, and never update a term.

const receivePreVoteRequest: Handler = (c, m, rules, emit) => {
  if (m.type !== 'PreVoteRequest') return;
  emit('HandlePreVoteRequest', handlePreVoteRequest(c, m, rules));
};

const receivePreVoteResponse: Handler = (c, m, _rules, emit) => {
  if (m.type !== 'PreVoteResponse') return;
  const me = c.server(m.dest);
  if (me.state === 'PreCandidate' && m.term === me.currentTerm + 1) {
    emit('HandlePreVoteResponse', handlePreVoteResponse(c, m));
  } else {
    dropStaleResponse(c, m, emit); // it answers a pre-vote this server is no longer holding
  }
};

/** The handler of each message type, exhaustively; chosen once per type, since Receive is on the hot path. */
const HANDLERS = Object.fromEntries(
  MESSAGE_TYPES.map((type: MessageType) => [
    type,
    match(type)
      .with('RequestVoteRequest', () => receiveRequestVoteRequest)
      .with('RequestVoteResponse', () => receiveRequestVoteResponse)
      .with('AppendEntriesRequest', () => receiveAppendEntriesRequest)
      .with('AppendEntriesResponse', () => receiveAppendEntriesResponse)
      .with('PreVoteRequest', () => receivePreVoteRequest)
      .with('PreVoteResponse', () => receivePreVoteResponse)
      .exhaustive(),
  ]),
) as Record<MessageType, Handler>;

/** Every way server m.dest can receive m (normally exactly one; none when disabled), each passed to `emit`. */
export function receive(c: Cluster, m: MessageView, rules: RaftRules, emit: Emit): void {
  if (m.term > c.server(m.dest).currentTerm) {
    updateTerm(c, m);
    emit('UpdateTerm', '');
    return;
  }
  HANDLERS[m.type](c, m, rules, emit);
}

export type Receive = typeof receive;

/**
 * prevote's Receive. A pre-vote message is handled whatever its term (its term is a proposal, not a term anyone
 * holds); a RequestVoteResponse reaching a pre-candidate answers an election it has given up and is dropped, as
 * etcd raft's candidate counts only the answers of its own kind of election; an AppendEntriesRequest of the
 * receiver's term records that it heard from a leader (§4.2.3), in the same step as its handling.
 */
function receivePreVote(c: Cluster, m: MessageView, rules: RaftRules, emit: Emit): void {
  if (m.type === 'PreVoteRequest' || m.type === 'PreVoteResponse') {
    HANDLERS[m.type](c, m, rules, emit);
    return;
  }
  const me = c.server(m.dest);
  if (m.term > me.currentTerm) {
    receive(c, m, rules, emit);
    return;
  }
  if (m.type === 'RequestVoteResponse' && me.state === 'PreCandidate') {
    dropStaleResponse(c, m, emit);
    return;
  }
  if (m.type === 'AppendEntriesRequest' && m.term === me.currentTerm && me.state !== 'Leader') {
    me.heardFromLeader = true;
  }
  HANDLERS[m.type](c, m, rules, emit);
}

/**
 * check-quorum's addition to a Receive: a leader that handles an AppendEntriesResponse of its term records that
 * its source answered (thesis §6.2), in the same step.
 */
function withCheckQuorum(inner: Receive): Receive {
  return (c, m, rules, emit) => {
    if (m.type === 'AppendEntriesResponse') {
      const me = c.server(m.dest);
      if (m.term === me.currentTerm && me.state === 'Leader') me.quorumHeard.add(m.source);
    }
    inner(c, m, rules, emit);
  };
}

/** The Receive of a configuration's variants, chosen once per configuration. */
export function receiverFor(variants: VariantFlags): Receive {
  const base = variants.prevote ? receivePreVote : receive;
  return variants.checkQuorum ? withCheckQuorum(base) : base;
}
