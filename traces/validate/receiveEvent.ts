/**
 * A receive event: which messages in flight it may be, keeping a copy when a later event may take the message
 * again, every spec step on the message until it is consumed, and the reply the event says was sent.
 */
import type { RaftAction } from '../../spec/raft/actions.js';
import type { Message } from '../../spec/raft/messages.js';
import { distinctMessages } from '../../spec/raft/network.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { serverName as sn } from '../../spec/raft/types.js';
import type { Attempt } from './attempt.js';
import type { EventOf, ReceiveEventType, ReplyPattern, VariantReceiveEventType } from './events.js';
import { VARIANT_MESSAGE_EVENTS } from '../../spec/raft/variantEvents.js';
import { matchesPattern } from './messagePattern.js';
import { brokenBound } from './steps.js';
import { voteDecision, whyNoMessage } from './why.js';

function isReceive(a: RaftAction): a is Extract<RaftAction, { kind: 'Receive' }> {
  return a.kind === 'Receive';
}

/** `s` with one more copy of `m` (a DuplicateMessage), or undefined when that breaks a bound. */
function keepCopy(att: Attempt, s: ClusterState, m: Message): ClusterState | undefined {
  const dup = att.steps(s, (a) => a.kind === 'DuplicateMessage' && a.m === m)[0];
  return dup === undefined || brokenBound(att.ctx.model, dup.state) !== undefined ? undefined : dup.state;
}

/**
 * How the reply a variant's handler gave (its module's `replyOf`, from the handler's outcome) differs from the
 * one the event says was sent, or undefined; raft.tla's replies are compared below, handler by handler.
 */
function replyDifference(m: Message, outcome: string, reply: ReplyPattern): string | undefined {
  const declared = VARIANT_MESSAGE_EVENTS.get(m.type);
  if (declared?.reply === undefined || declared.replyOf === undefined) return undefined;
  const spec = declared.replyOf(outcome);
  const said = reply as Readonly<Record<string, unknown>>;
  for (const [field, key] of Object.entries(declared.reply)) {
    const event = said[key];
    if (event === undefined || spec[field] === event) continue;
    return (
      declared.replyDiffers?.(field, spec[field], event) ??
      `would answer ${field}=${JSON.stringify(spec[field])}, the event says ${JSON.stringify(event)}`
    );
  }
  return undefined;
}

/** Follows a receive event from `s`: which messages it may be, whether a hidden copy is kept, and the reply. */
export function receiveEvent(
  att: Attempt,
  s: ClusterState,
  e: EventOf<ReceiveEventType | VariantReceiveEventType>,
  budget: number,
): void {
  const { model, lookahead } = att.ctx;
  const candidates = distinctMessages(s.messages).filter((m) => matchesPattern(m, e.message));
  if (candidates.length === 0) att.fail(whyNoMessage(s, e.message));
  for (const m of candidates) {
    const starts = [s];
    // When this event takes the last copy and a later event may take `m` again, keep a copy (a DuplicateMessage
    // first). With DropMessage in the model, always and not as a choice: a state with an extra copy can do all
    // that the state without it can, dropping the copy when a bound needs the room, so keeping both would only
    // double the frontier. Without DropMessage the copy could never go again, so both ways are kept.
    if (model.config.duplicate && s.messages.get(m) === 1 && lookahead.usedFrom(m, e.index + 1)) {
      const kept = keepCopy(att, s, m);
      if (kept !== undefined) {
        if (model.config.drop) starts[0] = kept;
        else starts.push(kept);
      } else if (budget > 0 && model.config.drop) {
        // No room for the copy: a hidden DropMessage of another message may make some, at the price of a choice.
        for (const other of distinctMessages(s.messages)) {
          const dropped = att.steps(s, (a) => a.kind === 'DropMessage' && a.m === other)[0];
          const room = dropped === undefined || other === m ? undefined : keepCopy(att, dropped.state, m);
          if (room !== undefined) starts.push(room);
        }
      }
    }
    for (const start of starts) {
      for (const { before, step } of att.receiveAll(start, m)) {
        const a = step.action;
        if (!isReceive(a)) continue;
        const variantReply = replyDifference(m, a.outcome, e.reply);
        if (variantReply !== undefined) {
          att.fail(`${sn(m.dest)} ${variantReply}`);
          continue;
        }
        if (a.handler === 'HandleRequestVoteRequest' && e.reply.voteGranted !== undefined) {
          const granted = a.outcome === 'granted';
          if (granted !== e.reply.voteGranted && m.type === 'RequestVoteRequest') {
            att.fail(
              `${sn(m.dest)} would ${granted ? 'grant' : 'refuse'} the vote, the event says ` +
                `${e.reply.voteGranted ? 'granted' : 'refused'}: ${voteDecision(model, before, m)}`,
            );
            continue;
          }
        }
        if (a.handler === 'HandleAppendEntriesRequest' && m.type === 'AppendEntriesRequest') {
          const success = a.outcome === 'done';
          const matchIndex = success ? m.prevLogIndex + (m.entry === null ? 0 : 1) : 0;
          if (e.reply.success !== undefined && success !== e.reply.success) {
            att.fail(`${sn(m.dest)} would answer success=${success}, the event says ${e.reply.success}`);
            continue;
          }
          if (e.reply.matchIndex !== undefined && matchIndex !== e.reply.matchIndex) {
            att.fail(`${sn(m.dest)} would answer matchIndex=${matchIndex}, the event says ${e.reply.matchIndex}`);
            continue;
          }
        }
        att.finish(step.state, e);
      }
    }
  }
}
