/** Whether a model message shows the fields an event gives, and if not, the first field that differs. */
import type { Message } from '../../spec/raft/messages.js';
import { configMembers, configValue, isConfigValue } from '../../spec/raft/logEntry.js';
import { formatConfig } from '../../spec/raft/guard.js';
import { valueName } from '../../spec/raft/types.js';
import { MESSAGE_SCHEMA } from '../../spec/raft/schema.js';
import { VARIANT_MESSAGE_EVENTS } from '../../spec/raft/variantEvents.js';
import type { MessagePattern } from './events.js';

export { formatConfig } from '../../spec/raft/guard.js';

/** What an entry's value word shows: a client value, or a configuration (membership). */
function entryShows(value: number): string {
  return isConfigValue(value) ? `the configuration ${formatConfig(configMembers(value))}` : valueName(value);
}

function differs(name: string, actual: number | boolean | string, expected: number | boolean | string): string {
  return `${name} is ${String(actual)}, the event says ${String(expected)}`;
}

/** raft.tla's message types; a variant's are compared by the fields its module's `events` declares. */
type CoreMessage = Extract<
  Message,
  { type: 'RequestVoteRequest' | 'RequestVoteResponse' | 'AppendEntriesRequest' | 'AppendEntriesResponse' }
>;

/**
 * The first field of a variant's message that the pattern contradicts, by the fields its module's `events`
 * declares (event field → message field, the term checked already).
 */
function variantDifference(
  message: Message,
  p: MessagePattern,
  fields: Readonly<Record<string, string>>,
): string | undefined {
  const actual = message as unknown as Readonly<Record<string, number | boolean>>;
  const expected = p as unknown as Readonly<Record<string, number | boolean | undefined>>;
  for (const [field, key] of Object.entries(fields)) {
    const want = expected[key];
    if (key !== 'term' && want !== undefined && actual[key] !== want) return differs(field, actual[key]!, want);
  }
  return undefined;
}

/** The first field of `message` that the pattern contradicts, or undefined when it matches `p`. */
export function messageDifference(message: Message, p: MessagePattern): string | undefined {
  if (message.type !== p.type) return differs('type', message.type, p.type);
  if (message.source !== p.source || message.dest !== p.dest) return 'it goes between other servers';
  if (p.term !== undefined && message.term !== p.term) return differs('term', message.term, p.term);
  if (Object.keys(MESSAGE_SCHEMA[message.type]).length === 0) return undefined;
  const variant = VARIANT_MESSAGE_EVENTS.get(message.type);
  if (variant !== undefined && variant !== null) return variantDifference(message, p, variant.fields);
  const m = message as CoreMessage;
  switch (m.type) {
    case 'RequestVoteRequest':
      if (p.lastLogTerm !== undefined && m.lastLogTerm !== p.lastLogTerm)
        return differs('lastLogTerm', m.lastLogTerm, p.lastLogTerm);
      if (p.lastLogIndex !== undefined && m.lastLogIndex !== p.lastLogIndex)
        return differs('lastLogIndex', m.lastLogIndex, p.lastLogIndex);
      return undefined;
    case 'RequestVoteResponse':
      if (p.voteGranted !== undefined && m.voteGranted !== p.voteGranted)
        return differs('granted', m.voteGranted, p.voteGranted);
      return undefined;
    case 'AppendEntriesRequest': {
      if (p.prevLogIndex !== undefined && m.prevLogIndex !== p.prevLogIndex)
        return differs('prevLogIndex', m.prevLogIndex, p.prevLogIndex);
      if (p.prevLogTerm !== undefined && m.prevLogTerm !== p.prevLogTerm)
        return differs('prevLogTerm', m.prevLogTerm, p.prevLogTerm);
      if (p.commitIndex !== undefined && m.commitIndex !== p.commitIndex)
        return differs('leaderCommit', m.commitIndex, p.commitIndex);
      if (p.entries === undefined) return undefined;
      const expected = p.entries[0];
      if (m.entry === null || expected === undefined) {
        return m.entry === null && expected === undefined
          ? undefined
          : differs('the number of entries', m.entry === null ? 0 : 1, p.entries.length);
      }
      if (expected.term !== undefined && m.entry.term !== expected.term)
        return differs("the entry's term", m.entry.term, expected.term);
      if (expected.value !== undefined && m.entry.value !== expected.value)
        return differs("the entry's value", entryShows(m.entry.value), valueName(expected.value));
      if (expected.config !== undefined && m.entry.value !== configValue(expected.config))
        return differs('the entry', entryShows(m.entry.value), `the configuration ${formatConfig(expected.config)}`);
      return undefined;
    }
    case 'AppendEntriesResponse':
      if (p.success !== undefined && m.success !== p.success) return differs('success', m.success, p.success);
      if (p.matchIndex !== undefined && m.matchIndex !== p.matchIndex)
        return differs('matchIndex', m.matchIndex, p.matchIndex);
      return undefined;
  }
}

/** True when `m` shows every field the pattern gives. */
export function matchesPattern(m: Message, p: MessagePattern): boolean {
  return messageDifference(m, p) === undefined;
}
