/**
 * raft.tla Next: every labelled successor of a cluster state, in a fixed order (by action, then by parameters,
 * then by message in canonical order), so that equal states give the same list.
 */
import type { Transition } from '../../checker/model.js';
import type { RaftAction } from './actions.js';
import type { RaftConfig } from './config.js';
import { becomeLeader, requestVote, timeout } from './election.js';
import { discard, distinctMessages, send } from './network.js';
import { receive } from './receive.js';
import { advanceCommitIndex, appendEntries, clientRequest } from './replication.js';
import type { RaftRules } from './rules.js';
import { restart } from './restart.js';
import { server, type ClusterState } from './state.js';

/** Every successor of `s` under the next-state relation that `config` and `rules` define. */
export function next(s: ClusterState, config: RaftConfig, rules: RaftRules): Transition<ClusterState, RaftAction>[] {
  const out: Transition<ClusterState, RaftAction>[] = [];
  const n = config.servers;
  const add = (action: RaftAction, state: ClusterState | undefined): void => {
    if (state !== undefined) out.push({ action, state });
  };
  if (config.restart) {
    for (let i = 0; i < n; i++) add({ kind: 'Restart', i }, restart(s, i, rules));
  }
  for (let i = 0; i < n; i++) add({ kind: 'Timeout', i }, timeout(s, i));
  for (let i = 0; i < n; i++) {
    if (server(s, i).state !== 'Candidate') continue; // RequestVote is a candidate's action
    for (let j = 0; j < n; j++) add({ kind: 'RequestVote', i, j }, requestVote(s, i, j));
  }
  for (let i = 0; i < n; i++) add({ kind: 'BecomeLeader', i }, becomeLeader(s, i));
  for (let i = 0; i < n; i++) {
    if (server(s, i).state !== 'Leader') continue; // the next three are a leader's actions
    for (let v = 1; v <= config.values; v++) add({ kind: 'ClientRequest', i, v }, clientRequest(s, i, v));
  }
  for (let i = 0; i < n; i++) add({ kind: 'AdvanceCommitIndex', i }, advanceCommitIndex(s, i, rules));
  for (let i = 0; i < n; i++) {
    if (server(s, i).state !== 'Leader') continue;
    for (let j = 0; j < n; j++) add({ kind: 'AppendEntries', i, j }, appendEntries(s, i, j));
  }
  const messages = distinctMessages(s.messages);
  for (const m of messages) {
    for (const r of receive(s, m, rules)) {
      out.push({ action: { kind: 'Receive', handler: r.handler, m, outcome: r.outcome }, state: r.state });
    }
  }
  if (config.duplicate) {
    for (const m of messages) add({ kind: 'DuplicateMessage', m }, s.set('messages', send(s.messages, m)));
  }
  if (config.drop) {
    for (const m of messages) add({ kind: 'DropMessage', m }, s.set('messages', discard(s.messages, m)));
  }
  return out;
}
