/** Whether a server's variables agree with what an event says about them. */
import { configMembers, isConfigValue } from '../../spec/raft/logEntry.js';
import { server, type ClusterState } from '../../spec/raft/state.js';
import { serverName, type ServerId } from '../../spec/raft/types.js';
import type { Observed } from './events.js';
import { formatConfig } from './messagePattern.js';

const name = (v: ServerId | null): string => (v === null ? 'nobody' : serverName(v));

/**
 * The configuration server i of `s` uses (membership, spec/raft/membership.ts `configOf`): its log's latest
 * configuration entry, committed or not, or `initial` while its log holds none.
 */
export function configInUse(s: ClusterState, i: ServerId, initial: number): number {
  const log = server(s, i).log;
  for (let k = log.size - 1; k >= 0; k--) {
    const value = log.get(k)?.value ?? 0;
    if (isConfigValue(value)) return configMembers(value);
  }
  return initial;
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
