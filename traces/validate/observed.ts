/** Whether a server's variables agree with what an event says about them. */
import { members } from '../../spec/raft/configuration.js';
import { readerOf } from '../../spec/raft/values.js';
import { server, type ClusterState } from '../../spec/raft/state.js';
import { serverName, type ServerId } from '../../spec/raft/types.js';
import type { Observed } from './events.js';
import { formatConfig } from './messagePattern.js';

const name = (v: ServerId | null): string => (v === null ? 'nobody' : serverName(v));

/**
 * The configuration server i of `s` uses: the spec's own answer (configuration.ts `members`), `initial` while
 * its log holds no configuration entry.
 */
export function configInUse(s: ClusterState, i: ServerId, initial: number): number {
  return members(readerOf(s, initial), i);
}

/**
 * The first of the event's observations that server `i` of `s` contradicts, or undefined; `initial` is the
 * initial configuration (config.ts `initialMembersMask`), read only when the event gives `config`.
 */
export function observedDifference(s: ClusterState, i: ServerId, o: Observed, initial: number): string | undefined {
  const v = server(s, i);
  const who = serverName(i);
  if (o.currentTerm !== undefined && v.currentTerm !== o.currentTerm)
    return `${who}'s term would be ${v.currentTerm}, the event says ${o.currentTerm}`;
  if (o.role !== undefined && v.state !== o.role) return `${who} would be ${v.state}, the event says ${o.role}`;
  if (o.votedFor !== undefined && v.votedFor !== o.votedFor)
    return `${who} would have voted for ${name(v.votedFor)}, the event says ${name(o.votedFor)}`;
  if (o.logLength !== undefined && v.log.size !== o.logLength)
    return `${who}'s log would hold ${v.log.size} entries, the event says ${o.logLength}`;
  if (o.commitIndex !== undefined && v.commitIndex !== o.commitIndex)
    return `${who}'s commit index would be ${v.commitIndex}, the event says ${o.commitIndex}`;
  if (o.config !== undefined) {
    const inUse = configInUse(s, i, initial);
    if (inUse !== o.config)
      return `${who}'s configuration would be ${formatConfig(inUse)}, the event says ${formatConfig(o.config)}`;
  }
  return undefined;
}
