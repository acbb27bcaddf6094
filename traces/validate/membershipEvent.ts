/**
 * membership's events, addServer and removeServer (docs/variants.md AddServer, RemoveServer): the leader appends
 * the configuration entry that adds or removes one server. An implementation logs the change when its leader
 * appends the entry, which is when the spec's action fires; the new configuration is in use from then on,
 * committed or not, so the event may say so with `config`.
 */
import { initialMembersMask } from '../../spec/raft/config.js';
import { isConfigValue } from '../../spec/raft/logEntry.js';
import { server, type ClusterState } from '../../spec/raft/state.js';
import { serverName as sn, type ServerId } from '../../spec/raft/types.js';
import type { Attempt } from './attempt.js';
import type { EventOf, MembershipEventType } from './events.js';
import { formatConfig } from './messagePattern.js';
import { configInUse } from './observed.js';
import { wrongRole } from './why.js';

const ACTION = { addServer: 'AddServer', removeServer: 'RemoveServer' } as const;

/** Why leader i cannot add (or remove) server j in `s`: the first of the action's guards that fails. */
function whyNoChange(att: Attempt, s: ClusterState, i: ServerId, j: ServerId, add: boolean): string {
  const me = server(s, i);
  if (me.state !== 'Leader') return wrongRole(s, i, 'the Leader');
  const config = configInUse(s, i, initialMembersMask(att.ctx.model.config));
  const member = (config & (1 << j)) !== 0;
  if (add && member) return `${sn(j)} is already in ${sn(i)}'s configuration ${formatConfig(config)}`;
  if (!add && !member) return `${sn(j)} is not in ${sn(i)}'s configuration ${formatConfig(config)}`;
  if (!add && config === 1 << j) return `${sn(j)} is the only server of ${sn(i)}'s configuration`;
  // One change at a time (§4.1): the latest configuration entry must be committed.
  const latest = me.log.findLastIndex((entry) => isConfigValue(entry.value)) + 1;
  if (latest > me.commitIndex) {
    return `${sn(i)}'s configuration entry at index ${latest} is not committed (commitIndex ${me.commitIndex})`;
  }
  // The fix of Ongaro's raft-dev post (2015): an entry of the leader's own term is committed first.
  if (att.ctx.model.rules.configChangeNeedsTermCommit) {
    const committed = me.commitIndex === 0 ? 0 : (me.log.get(me.commitIndex - 1)?.term ?? 0);
    if (committed !== me.currentTerm) {
      return `${sn(i)} has not committed an entry of its term ${me.currentTerm} (commitIndex ${me.commitIndex})`;
    }
  }
  return `${sn(i)} cannot ${add ? 'add' : 'remove'} ${sn(j)}`;
}

/** Follows an addServer or removeServer event: the action must be enabled for the event's leader and target. */
export function membershipEvent(att: Attempt, s: ClusterState, e: EventOf<MembershipEventType>): void {
  const kind = ACTION[e.type];
  if (!(att.ctx.model.config.variants ?? []).includes('membership')) {
    att.fail(`${kind} is not part of the model (--variant membership)`);
    return;
  }
  const steps = att.steps(s, (a) => a.kind === kind && a.i === e.server && a.j === e.target);
  if (steps.length === 0) att.fail(whyNoChange(att, s, e.server, e.target, e.type === 'addServer'));
  for (const step of steps) {
    const after = att.bounded(step.state);
    if (after !== undefined) att.finish(after, e);
  }
}
