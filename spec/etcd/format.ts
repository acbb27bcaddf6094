/** How people read the etcd profile's actions, messages, entries and configurations. */
import type { EtcdAction } from './actions.js';
import { entryKind, entryLearners, entryTerm, entryVoters } from './entry.js';
import type { EtcdMessage } from './messages.js';
import { idsOf } from './servers.js';

/** A set of servers as `{s1,s3}`. */
export function formatServers(mask: number): string {
  return `{${idsOf(mask)
    .map((id) => `s${id}`)
    .join(',')}}`;
}

/** An entry as `term:value`, a configuration as `1:conf{s1,s2}` (with `+learners{…}` when it has learners). */
export function formatEntry(e: number): string {
  const kind = entryKind(e);
  if (kind === 'Value') return `${entryTerm(e)}:v`;
  if (kind === 'Empty') return `${entryTerm(e)}:<<>>`;
  const learners = entryLearners(e) === 0 ? '' : `+learners${formatServers(entryLearners(e))}`;
  return `${entryTerm(e)}:conf${formatServers(entryVoters(e))}${learners}`;
}

export function formatMessage(m: EtcdMessage): string {
  const route = `s${m.source}→s${m.dest} term=${m.term}`;
  switch (m.type) {
    case 'RequestVoteRequest':
      return `RequestVoteRequest ${route} lastLog=${m.lastLogIndex}/${m.lastLogTerm}`;
    case 'RequestVoteResponse':
      return `RequestVoteResponse ${route} ${m.voteGranted ? 'granted' : 'denied'}`;
    case 'AppendEntriesRequest':
      return (
        `AppendEntriesRequest(${m.subtype}) ${route} prev=${m.prevLogIndex}/${m.prevLogTerm} ` +
        `entries=[${m.entries.map(formatEntry).join(' ')}] commit=${m.commitIndex}`
      );
    case 'AppendEntriesResponse':
      return `AppendEntriesResponse(${m.subtype}) ${route} ${m.success ? 'success' : 'reject'} match=${m.matchIndex}`;
  }
}

export function formatEtcdAction(a: EtcdAction): string {
  switch (a.kind) {
    case 'RequestVote':
    case 'Heartbeat':
    case 'AddNewServer':
    case 'AddLearner':
    case 'DeleteServer':
      return `${a.kind} s${a.i}→s${a.j}`;
    case 'AppendEntries':
      return `AppendEntries s${a.i}→s${a.j} [${a.b},${a.e})`;
    case 'SendSnapshot':
      return `SendSnapshot s${a.i}→s${a.j} index=${a.index}`;
    case 'Receive':
      return `${a.handler} ${formatMessage(a.m)}`;
    case 'DuplicateMessage':
    case 'DropMessage':
      return `${a.kind} ${formatMessage(a.m)}`;
    case 'BecomeLeader':
    case 'ClientRequest':
    case 'AdvanceCommitIndex':
    case 'AppendEntriesToSelf':
    case 'Timeout':
    case 'Ready':
    case 'StepDownToFollower':
    case 'Restart':
    case 'ApplySimpleConfChange':
      return `${a.kind} s${a.i}`;
  }
}
