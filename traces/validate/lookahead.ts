/**
 * What the rest of the trace can still use. The validator reads the whole trace before it starts, so for every
 * message it can tell the last event that could take it from the network (a receive, drop or duplicate event
 * whose pattern the message matches). A message no later event can use only takes room under the bounds, so
 * the validator drops it at once (when the model has DropMessage), and model states that differ only in such
 * messages become one: this is what keeps the frontier small when a partition loses many messages.
 */
import type { Message } from '../../spec/raft/messages.js';
import { SEND_EVENT_TYPES, type MessagePattern, type TraceEvent } from './events.js';
import { matchesPattern } from './messagePattern.js';

const route = (type: string, source: number, dest: number): string => `${type} ${source} ${dest}`;

export class Lookahead {
  private readonly byRoute = new Map<string, { index: number; pattern: MessagePattern }[]>();
  private readonly lastUse = new Map<Message, number>();

  constructor(events: readonly TraceEvent[]) {
    for (const e of events) {
      // A send event makes its message and takes none (raft.tla's and the variants' alike).
      if (!('message' in e) || SEND_EVENT_TYPES.has(e.type)) continue;
      const key = route(e.message.type, e.message.source, e.message.dest);
      let list = this.byRoute.get(key);
      if (list === undefined) this.byRoute.set(key, (list = []));
      list.push({ index: e.index, pattern: e.message });
    }
  }

  /** The index of the last event that could use `m`, 0 when none can. */
  lastUseOf(m: Message): number {
    let last = this.lastUse.get(m);
    if (last !== undefined) return last;
    last = 0;
    const list = this.byRoute.get(route(m.type, m.source, m.dest)) ?? [];
    for (let k = list.length - 1; k >= 0; k--) {
      if (matchesPattern(m, list[k]!.pattern)) {
        last = list[k]!.index;
        break;
      }
    }
    this.lastUse.set(m, last);
    return last;
  }

  /** True when some event at position `index` or later could use `m`. */
  usedFrom(m: Message, index: number): boolean {
    return this.lastUseOf(m) >= index;
  }
}
