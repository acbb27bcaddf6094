/** A model state in a few lines, for the candidates of a rejection: one line per server, then the network. */
import { formatMessage } from '../../spec/raft/format.js';
import { distinctMessages } from '../../spec/raft/network.js';
import type { ClusterState, ServerState } from '../../spec/raft/state.js';
import { serverName as sn, valueName } from '../../spec/raft/types.js';

function serverLine(v: ServerState, i: number): string {
  const parts = [
    `${sn(i)} ${v.state} term ${v.currentTerm}`,
    `voted ${v.votedFor === null ? '-' : sn(v.votedFor)}`,
    `log [${v.log.map((e) => `${e.term}:${valueName(e.value)}`).join(' ')}]`,
    `commit ${v.commitIndex}`,
  ];
  if (v.state === 'Candidate') parts.push(`votes {${[...v.votesGranted].sort().map(sn).join(',')}}`);
  if (v.state === 'Leader') parts.push(`match [${v.matchIndex.join(' ')}] next [${v.nextIndex.join(' ')}]`);
  return parts.join(', ');
}

/** The lines of `s`; at most `maxMessages` messages in flight are listed. */
export function formatState(s: ClusterState, maxMessages = 6): string[] {
  const lines = s.servers.toArray().map(serverLine);
  const messages = distinctMessages(s.messages);
  if (messages.length === 0) lines.push('in flight: nothing');
  for (const m of messages.slice(0, maxMessages)) {
    const count = s.messages.get(m) ?? 0;
    lines.push(`in flight: ${formatMessage(m)}${count > 1 ? ` (×${count})` : ''}`);
  }
  if (messages.length > maxMessages) lines.push(`in flight: ${messages.length - maxMessages} more`);
  return lines;
}
