/** One-line renderings of actions and messages for people. */
import { match } from 'ts-pattern';
import type { RaftAction } from './actions.js';
import type { Message } from './messages.js';
import { serverName as sn, valueName } from './types.js';

/** The message's fields after its route, for example `term=2 lastLog=1/2`. */
export function formatMessageFields(m: Message): string {
  return match(m)
    .with({ type: 'RequestVoteRequest' }, (r) => `term=${r.term} lastLog=${r.lastLogTerm}/${r.lastLogIndex}`)
    .with({ type: 'RequestVoteResponse' }, (r) => `term=${r.term} ${r.voteGranted ? 'granted' : 'refused'}`)
    .with(
      { type: 'AppendEntriesRequest' },
      (r) =>
        `term=${r.term} prev=${r.prevLogIndex}/${r.prevLogTerm} ` +
        `entries=[${r.entry === null ? '' : `${r.entry.term}:${valueName(r.entry.value)}`}] commit=${r.commitIndex}`,
    )
    .with(
      { type: 'AppendEntriesResponse' },
      (r) => `term=${r.term} ${r.success ? 'success' : 'failure'} match=${r.matchIndex}`,
    )
    .with({ type: 'PreVoteRequest' }, (r) => `term=${r.term} lastLog=${r.lastLogTerm}/${r.lastLogIndex}`)
    .with({ type: 'PreVoteResponse' }, (r) => `term=${r.term} ${r.voteGranted ? 'granted' : 'refused'}`)
    .exhaustive();
}

/** A message in one line, for example `RequestVoteRequest s1→s2 term=2 lastLog=0/0`. */
export function formatMessage(m: Message): string {
  return `${m.type} ${sn(m.source)}→${sn(m.dest)} ${formatMessageFields(m)}`;
}

/** An action in one line, for example `HandleRequestVoteRequest s1→s2 term=2 granted`. */
export function formatAction(a: RaftAction): string {
  switch (a.kind) {
    case 'Restart':
    case 'Timeout':
    case 'BecomeLeader':
    case 'AdvanceCommitIndex':
    case 'StartElection':
    case 'CheckQuorum':
      return `${a.kind} ${sn(a.i)}`;
    case 'RequestVote':
    case 'AppendEntries':
    case 'RequestPreVote':
      return `${a.kind} ${sn(a.i)}→${sn(a.j)}`;
    case 'ClientRequest':
      return `ClientRequest ${sn(a.i)} ${valueName(a.v)}`;
    case 'Receive': {
      const route = `${sn(a.m.source)}→${sn(a.m.dest)}`;
      const what = a.handler === 'UpdateTerm' || a.handler === 'DropStaleResponse' ? `(${a.m.type}) ` : '';
      const outcome = a.outcome === '' ? '' : ` ${a.outcome}`;
      return `${a.handler} ${route} ${what}term=${a.m.term}${outcome}`;
    }
    case 'DuplicateMessage':
    case 'DropMessage':
      return `${a.kind} ${formatMessage(a.m)}`;
  }
}
