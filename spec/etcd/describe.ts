/**
 * The etcd profile's states for people and tools: JSON in etcdraft.tla's names (what `--json` prints), and the
 * lines that say what a step changed.
 */
import type { Bag } from './bag.js';
import { formatEntry, formatMessage, formatServers } from './format.js';
import { idsOf } from './servers.js';
import type { Conf, EtcdState, ServerVars } from './state.js';

function confToJson(c: Conf): unknown {
  return { jointConfig: [ids(c.voters), ids(c.outgoing)], learners: ids(c.learners) };
}

function ids(mask: number): string[] {
  return idsOf(mask).map((id) => `s${id}`);
}

function serverToJson(v: ServerVars): unknown {
  return {
    currentTerm: v.currentTerm,
    state: v.state,
    votedFor: v.votedFor === 0 ? null : `s${v.votedFor}`,
    log: v.log.map(formatEntry),
    commitIndex: v.commitIndex,
    votesResponded: ids(v.votesResponded),
    votesGranted: ids(v.votesGranted),
    matchIndex: Object.fromEntries(v.matchIndex.map((m, k) => [`s${k + 1}`, m])),
    pendingConfChangeIndex: v.pendingConfChangeIndex,
    config: confToJson(v.config),
    durableState: { ...v.durableState, config: confToJson(v.durableState.config) },
  };
}

function bagToJson(bag: Bag): unknown {
  return bag.map((x) => ({ message: formatMessage(x.message), count: x.count }));
}

/** A state as JSON, servers keyed `s1`.. */
export function etcdStateToJson(s: EtcdState): unknown {
  return {
    servers: Object.fromEntries(s.servers.map((v, k) => [`s${k + 1}`, serverToJson(v)])),
    reconfigCount: s.reconfigCount,
    messages: bagToJson(s.messages),
    pendingMessages: bagToJson(s.pendingMessages),
  };
}

const FIELDS: readonly (keyof ServerVars)[] = [
  'currentTerm',
  'state',
  'votedFor',
  'log',
  'commitIndex',
  'votesResponded',
  'votesGranted',
  'matchIndex',
  'pendingConfChangeIndex',
  'config',
  'durableState',
];

function fieldText(v: ServerVars, f: keyof ServerVars): string {
  switch (f) {
    case 'votedFor':
      return v.votedFor === 0 ? 'Nil' : `s${v.votedFor}`;
    case 'log':
      return `[${v.log.map(formatEntry).join(' ')}]`;
    case 'votesResponded':
    case 'votesGranted':
      return formatServers(v[f]);
    case 'matchIndex':
      return `[${v.matchIndex.join(',')}]`;
    case 'config':
      return (
        formatServers(v.config.voters) + (v.config.learners === 0 ? '' : `+learners${formatServers(v.config.learners)}`)
      );
    case 'durableState': {
      const d = v.durableState;
      return `term ${d.currentTerm} vote ${d.votedFor === 0 ? 'Nil' : `s${d.votedFor}`} log ${d.log} commit ${d.commitIndex} conf ${formatServers(d.config.voters)}`;
    }
    case 'currentTerm':
    case 'state':
    case 'commitIndex':
    case 'pendingConfChangeIndex':
      return String(v[f]);
  }
}

/** What changed from `before` to `after`: one line per server that changed, then messages gone and added. */
export function describeEtcdChanges(before: EtcdState, after: EtcdState): string[] {
  const lines: string[] = [];
  after.servers.forEach((v, k) => {
    const u = before.servers[k]!;
    if (u === v) return;
    const changed = FIELDS.filter((f) => fieldText(u, f) !== fieldText(v, f)).map(
      (f) => `${f} ${fieldText(u, f)}→${fieldText(v, f)}`,
    );
    if (changed.length > 0) lines.push(`s${k + 1}: ${changed.join(', ')}`);
  });
  if (after.reconfigCount !== before.reconfigCount) {
    lines.push(`reconfigCount ${before.reconfigCount}→${after.reconfigCount}`);
  }
  const diff = (name: string, a: Bag, b: Bag): void => {
    const count = (bag: Bag, key: string): number => bag.find((x) => x.message.key === key)?.count ?? 0;
    for (const x of a) if (count(b, x.message.key) < x.count) lines.push(`- ${name} ${formatMessage(x.message)}`);
    for (const x of b) if (count(a, x.message.key) < x.count) lines.push(`+ ${name} ${formatMessage(x.message)}`);
  };
  diff('messages', before.messages, after.messages);
  diff('pending', before.pendingMessages, after.pendingMessages);
  return lines;
}
