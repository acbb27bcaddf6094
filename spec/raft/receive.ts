/**
 * raft.tla Receive: the one dispatcher for a message taken from the network, shaped like etcd's Step. A higher
 * term is handled first and in one place (UpdateTerm); then the message's type picks its handler.
 */
import { match } from 'ts-pattern';
import type { ReceiveHandler } from './actions.js';
import { handleRequestVoteRequest, handleRequestVoteResponse } from './election.js';
import type { Message } from './messages.js';
import { discard } from './network.js';
import { handleAppendEntriesRequest, handleAppendEntriesResponse } from './replication.js';
import type { RaftRules } from './rules.js';
import { server, updateServer, type ClusterState } from './state.js';

export interface Received {
  readonly handler: ReceiveHandler;
  readonly outcome: string;
  readonly state: ClusterState;
}

/** raft.tla UpdateTerm; paper §5.1. The message stays in the bag and is handled by a later Receive. */
function updateTerm(s: ClusterState, m: Message): ClusterState {
  return updateServer(s, m.dest, (v) => v.merge({ currentTerm: m.term, state: 'Follower', votedFor: null }));
}

/** raft.tla DropStaleResponse: a response from an older term is discarded. */
function dropStaleResponse(s: ClusterState, m: Message): Received {
  return { handler: 'DropStaleResponse', outcome: '', state: s.set('messages', discard(s.messages, m)) };
}

/** Every way server m.dest can receive m (normally exactly one; none when disabled). */
export function receive(s: ClusterState, m: Message, rules: RaftRules): Received[] {
  const currentTerm = server(s, m.dest).currentTerm;
  if (m.term > currentTerm) return [{ handler: 'UpdateTerm', outcome: '', state: updateTerm(s, m) }];
  return match(m)
    .with({ type: 'RequestVoteRequest' }, (r): Received[] => {
      const { state, granted } = handleRequestVoteRequest(s, r, rules);
      return [{ handler: 'HandleRequestVoteRequest', outcome: granted ? 'granted' : 'refused', state }];
    })
    .with({ type: 'RequestVoteResponse' }, (r): Received[] => {
      const out: Received[] = [];
      if (r.term < currentTerm) out.push(dropStaleResponse(s, r));
      if (rules.countsVoteResponse(currentTerm, r.term)) {
        const outcome = r.voteGranted ? 'granted' : 'refused';
        out.push({ handler: 'HandleRequestVoteResponse', outcome, state: handleRequestVoteResponse(s, r) });
      }
      return out;
    })
    .with({ type: 'AppendEntriesRequest' }, (r): Received[] => {
      const handled = handleAppendEntriesRequest(s, r, rules);
      return handled === undefined
        ? []
        : [{ handler: 'HandleAppendEntriesRequest', outcome: handled.outcome, state: handled.state }];
    })
    .with({ type: 'AppendEntriesResponse' }, (r): Received[] =>
      r.term < currentTerm
        ? [dropStaleResponse(s, r)]
        : [
            {
              handler: 'HandleAppendEntriesResponse',
              outcome: r.success ? 'success' : 'failure',
              state: handleAppendEntriesResponse(s, r),
            },
          ],
    )
    .exhaustive();
}
