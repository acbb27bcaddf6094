/**
 * raft.tla Receive: the one dispatcher for a message taken from the network, shaped like etcd's Step. A higher
 * term is handled first and in one place (UpdateTerm); then the message's type picks its handler.
 */
import { match } from 'ts-pattern';
import type { ReceiveHandler } from './actions.js';
import type { Cluster, MessageView } from './cluster.js';
import { handleRequestVoteRequest, handleRequestVoteResponse } from './election.js';
import { handleAppendEntriesRequest, handleAppendEntriesResponse } from './replication.js';
import type { RaftRules } from './rules.js';
import { MESSAGE_TYPES, type MessageType } from './schema.js';

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

/** The handler of each message type, exhaustively; chosen once per type, since Receive is on the hot path. */
const HANDLERS = Object.fromEntries(
  MESSAGE_TYPES.map((type: MessageType) => [
    type,
    match(type)
      .with('RequestVoteRequest', () => receiveRequestVoteRequest)
      .with('RequestVoteResponse', () => receiveRequestVoteResponse)
      .with('AppendEntriesRequest', () => receiveAppendEntriesRequest)
      .with('AppendEntriesResponse', () => receiveAppendEntriesResponse)
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
