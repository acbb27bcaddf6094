/**
 * membership (Ongaro's thesis §4.1, single-server changes; docs/variants.md): the configuration is a log entry.
 * A server uses the latest configuration in its log, committed or not, and the initial one (the layout's
 * `initialMembers`) while its log has none. Votes and commitment count majorities of that configuration, only
 * its members time out, and a leader replicates to its members only. A leader adds or removes one server at a
 * time, never while an earlier change is uncommitted, and (the fix of Ongaro's raft-dev post, July 2015) only
 * after it has committed an entry of its own term; in this untimed model that entry is a client value
 * (ClientRequest), raft.tla having no no-op entry.
 *
 * Each function here is the membership form of an action of election.ts or replication.ts, chosen once per
 * configuration by next.ts, so raft.tla's actions carry no membership test.
 */
import type { Cluster, LogReader } from './cluster.js';
import { beginElection, lead, requestPreVote, requestVote } from './election.js';
import { configMembers, configValue, isConfigValue } from './logEntry.js';
import { isQuorumOf, memberCount } from './quorum.js';
import { appendEntries, endQuorumPeriod } from './replication.js';
import type { RaftRules } from './rules.js';
import type { ServerId } from './types.js';

/** Index of the latest configuration entry of `log`, 0 when it has none. */
export function configIndex(log: LogReader): number {
  for (let k = log.length; k >= 1; k--) if (isConfigValue(log.value(k))) return k;
  return 0;
}

/** The configuration (a bit mask) a server with this log uses: its latest configuration entry's, or `initial`. */
export function configOf(log: LogReader, initial: number): number {
  const k = configIndex(log);
  return k === 0 ? initial : configMembers(log.value(k));
}

const isMember = (members: number, j: ServerId): boolean => (members & (1 << j)) !== 0;

/** The configuration server i uses. */
function members(c: Cluster, i: ServerId): number {
  return configOf(c.server(i).log, c.layout.initialMembers);
}

/** Timeout (or prevote's) for a member only: a server outside its own configuration starts no election (§4.2.2). */
export function memberTimeout(timeout: (c: Cluster, i: ServerId) => boolean): (c: Cluster, i: ServerId) => boolean {
  return (c, i) => isMember(members(c, i), i) && timeout(c, i);
}

/** RequestVote to a member of the candidate's configuration only: no one else's vote counts. */
export function requestVoteInConfig(c: Cluster, i: ServerId, j: ServerId): boolean {
  return isMember(members(c, i), j) && requestVote(c, i, j);
}

/** prevote's RequestPreVote to a member of the pre-candidate's configuration only. */
export function requestPreVoteInConfig(c: Cluster, i: ServerId, j: ServerId): boolean {
  return isMember(members(c, i), j) && requestPreVote(c, i, j);
}

/** BecomeLeader with votes from a majority of the candidate's configuration (§4.1). */
export function becomeLeaderInConfig(c: Cluster, i: ServerId): boolean {
  const me = c.server(i);
  if (me.state !== 'Candidate' || !isQuorumOf(me.votesGranted.mask, members(c, i))) return false;
  lead(c, i);
  return true;
}

/** prevote's StartElection with pre-votes from a majority of the pre-candidate's configuration. */
export function startElectionInConfig(c: Cluster, i: ServerId, rules: RaftRules): boolean {
  const me = c.server(i);
  if (me.state !== 'PreCandidate' || !isQuorumOf(me.votesGranted.mask, members(c, i))) return false;
  beginElection(c, i, rules);
  return true;
}

/** AppendEntries to the members of the leader's configuration only. */
export function appendEntriesInConfig(c: Cluster, i: ServerId, j: ServerId): boolean {
  return isMember(members(c, i), j) && appendEntries(c, i, j);
}

/** check-quorum's CheckQuorum, counting the leader's configuration (the leader counts only if a member). */
export function checkQuorumInConfig(c: Cluster, i: ServerId): boolean {
  const me = c.server(i);
  if (me.state !== 'Leader') return false;
  const config = members(c, i);
  const heard = me.quorumHeard.mask | (1 << i);
  endQuorumPeriod(c, i, isQuorumOf(heard, config));
  return true;
}

/**
 * AdvanceCommitIndex counting a majority of the leader's configuration: the leader counts itself only while it
 * is a member (§4.2.2). A leader that is not a member of its latest configuration steps down once that
 * configuration is committed (§4.2.2); until then it goes on replicating.
 */
export function advanceCommitIndexInConfig(c: Cluster, i: ServerId, rules: RaftRules): boolean {
  const me = c.server(i);
  if (me.state !== 'Leader') return false;
  const config = members(c, i);
  let highest = 0;
  for (let index = me.log.length; index >= 1 && highest === 0; index--) {
    let agree = isMember(config, i) ? 1 << i : 0;
    for (let k = 0; k < c.n; k++) if (k !== i && me.matchIndex.get(k) >= index) agree |= 1 << k;
    if (isQuorumOf(agree, config)) highest = index;
  }
  if (highest !== 0 && rules.mayCommit(me.log.term(highest), me.currentTerm)) me.commitIndex = highest;
  if (!isMember(config, i) && configIndex(me.log) <= me.commitIndex) me.state = 'Follower';
  return true;
}

/**
 * Whether leader i may append a configuration entry now: no configuration entry of its log is uncommitted (one
 * change at a time, §4.1), and, by the rules, it has committed an entry of its current term (raft-dev, 2015).
 */
function mayChange(c: Cluster, i: ServerId, rules: RaftRules): boolean {
  const me = c.server(i);
  if (me.state !== 'Leader' || configIndex(me.log) > me.commitIndex) return false;
  return !rules.configChangeNeedsTermCommit || (me.commitIndex > 0 && me.log.term(me.commitIndex) === me.currentTerm);
}

/** AddServer(i, j): leader i appends the configuration of its own plus server j (§4.1). */
export function addServer(c: Cluster, i: ServerId, j: ServerId, rules: RaftRules): boolean {
  const config = members(c, i);
  if (isMember(config, j) || !mayChange(c, i, rules)) return false;
  const me = c.server(i);
  me.log.append({ term: me.currentTerm, value: configValue(config | (1 << j)) });
  return true;
}

/** RemoveServer(i, j): leader i appends its configuration without server j (itself, possibly); never empty. */
export function removeServer(c: Cluster, i: ServerId, j: ServerId, rules: RaftRules): boolean {
  const config = members(c, i);
  if (!isMember(config, j) || memberCount(config) === 1 || !mayChange(c, i, rules)) return false;
  const me = c.server(i);
  me.log.append({ term: me.currentTerm, value: configValue(config & ~(1 << j)) });
  return true;
}
