/**
 * raft.tla Receive: the one dispatcher for a message taken from the network, shaped like etcd's Step. A higher
 * term is handled first and in one place (UpdateTerm, then the variants' updateTerm hooks); then the message's
 * type picks its handler: raft.tla's here, a variant's from its module. A variant that changes how messages are
 * received wraps this Receive (its module's `receive` hook); receiverFor composes the wrappers of the variants
 * a configuration switches on, once per configuration.
 */
import { match, P } from 'ts-pattern';
import type { Cluster, MessageView } from './cluster.js';
import { dropStaleResponse } from './dropStale.js';
import { handleRequestVoteRequest, handleRequestVoteResponse } from './election.js';
import { handleAppendEntriesRequest, handleAppendEntriesResponse } from './replication.js';
import type { RaftRules } from './rules.js';
import { MESSAGE_TYPES, type MessageType } from './schema.js';
import { VARIANT_MODULES } from './variants/registry.js';
import type { Emit, Receive, VariantModule } from './variants/variant.js';

export type { Emit, Receive } from './variants/variant.js';

type Handler = Receive;

/** raft.tla UpdateTerm; paper §5.1. The message stays in the bag and is handled by a later Receive. */
function updateTerm(c: Cluster, m: MessageView): void {
  const me = c.server(m.dest);
  me.currentTerm = m.term;
  me.state = 'Follower';
  me.votedFor = null;
  const hook = c.hooks.onUpdateTerm;
  if (hook !== undefined) hook(me);
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

/** The variants' handlers by message type (registry.ts checks that each declared type has one). */
const VARIANT_HANDLERS = Object.assign(
  {},
  ...(VARIANT_MODULES as readonly VariantModule[]).map((v) => v.handlers),
) as Record<string, Handler>;

/** The handler of each message type, exhaustively; chosen once per type, since Receive is on the hot path. */
const HANDLERS = Object.fromEntries(
  MESSAGE_TYPES.map((type: MessageType) => [
    type,
    match(type as string)
      .with('RequestVoteRequest', () => receiveRequestVoteRequest)
      .with('RequestVoteResponse', () => receiveRequestVoteResponse)
      .with('AppendEntriesRequest', () => receiveAppendEntriesRequest)
      .with('AppendEntriesResponse', () => receiveAppendEntriesResponse)
      .with(P.string, (t) => {
        const handler = VARIANT_HANDLERS[t];
        if (handler === undefined) throw new Error(`spec: message type ${t} has no handler`);
        return handler;
      })
      .exhaustive(),
  ]),
) as Record<MessageType, Handler>;

/** The handler of m's type, without UpdateTerm. */
const handle: Receive = (c, m, rules, emit) => {
  HANDLERS[m.type](c, m, rules, emit);
};

/** Every way server m.dest can receive m (normally exactly one; none when disabled), each passed to `emit`. */
export function receive(c: Cluster, m: MessageView, rules: RaftRules, emit: Emit): void {
  if (m.term > c.server(m.dest).currentTerm) {
    updateTerm(c, m);
    emit('UpdateTerm', '');
    return;
  }
  HANDLERS[m.type](c, m, rules, emit);
}

/**
 * The Receive of the variants `variants` (a layout's, in registry order), chosen once per configuration:
 * raft.tla's, wrapped by each one's hook.
 */
export function receiverFor(variants: readonly VariantModule[]): Receive {
  let r: Receive = receive;
  for (const v of variants) if (v.hooks.receive !== undefined) r = v.hooks.receive(r, { handle });
  return r;
}
