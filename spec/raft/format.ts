/** One-line renderings of actions and messages for people. */
import type { RaftAction } from './actions.js';
import type { LogEntry } from './logEntry.js';
import { MESSAGE_SCHEMA, type MessageFieldKind } from './schema.js';
import type { Message, MessageOf, MessageType } from './messages.js';
import { serverName as sn, valueName } from './types.js';
import { TARGET_ACTIONS, VARIANT_MESSAGE_FIELDS } from './variantViews.js';

/**
 * Compact renderings of the reference model's messages, as traces print them. A variant's come from its module's
 * `view`; a message type without one is printed field by field from the schema, so a new type needs no entry.
 */
const COMPACT: { readonly [T in MessageType]?: (m: MessageOf<T>) => string } = {
  RequestVoteRequest: (r) => `term=${r.term} lastLog=${r.lastLogTerm}/${r.lastLogIndex}`,
  RequestVoteResponse: (r) => `term=${r.term} ${r.voteGranted ? 'granted' : 'refused'}`,
  AppendEntriesRequest: (r) =>
    `term=${r.term} prev=${r.prevLogIndex}/${r.prevLogTerm} ` +
    `entries=[${r.entry === null ? '' : `${r.entry.term}:${valueName(r.entry.value)}`}] commit=${r.commitIndex}`,
  AppendEntriesResponse: (r) => `term=${r.term} ${r.success ? 'success' : 'failure'} match=${r.matchIndex}`,
};

/** The message's fields after its route, for example `term=2 lastLog=1/2`. */
export function formatMessageFields(m: Message): string {
  const compact =
    (COMPACT[m.type] as ((m: Message) => string) | undefined) ??
    (VARIANT_MESSAGE_FIELDS.get(m.type) as ((m: Message) => string) | undefined);
  if (compact !== undefined) return compact(m);
  const fields = m as unknown as Record<string, unknown>;
  const parts = [`term=${m.term}`];
  for (const [name, f] of Object.entries(MESSAGE_SCHEMA[m.type]) as [string, MessageFieldKind][]) {
    const v = fields[name];
    if (f.kind === 'entry?') {
      const e = v as LogEntry | null;
      parts.push(`${f.list}=[${e === null ? '' : `${e.term}:${valueName(e.value)}`}]`);
    } else {
      parts.push(`${name}=${String(v)}`);
    }
  }
  return parts.join(' ');
}

/** A message in one line, for example `RequestVoteRequest s1→s2 term=2 lastLog=0/0`. */
export function formatMessage(m: Message): string {
  return `${m.type} ${sn(m.source)}→${sn(m.dest)} ${formatMessageFields(m)}`;
}

/** An action in one line, for example `HandleRequestVoteRequest s1→s2 term=2 granted`. */
export function formatAction(a: RaftAction): string {
  if (a.kind === 'Receive') {
    const route = `${sn(a.m.source)}→${sn(a.m.dest)}`;
    const what = a.handler === 'UpdateTerm' || a.handler === 'DropStaleResponse' ? `(${a.m.type}) ` : '';
    const outcome = a.outcome === '' ? '' : ` ${a.outcome}`;
    return `${a.handler} ${route} ${what}term=${a.m.term}${outcome}`;
  }
  if ('m' in a) return `${a.kind} ${formatMessage(a.m)}`;
  if ('v' in a) return `${a.kind} ${sn(a.i)} ${valueName(a.v)}`;
  if (!('j' in a)) return `${a.kind} ${sn(a.i)}`;
  // Some variants' actions name a server to act on (their `view`); every other two-server action goes from i to j.
  return TARGET_ACTIONS.has(a.kind) ? `${a.kind} ${sn(a.i)} ${sn(a.j)}` : `${a.kind} ${sn(a.i)}→${sn(a.j)}`;
}
