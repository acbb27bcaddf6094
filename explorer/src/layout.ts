/**
 * The space-time diagram's layout, computed from the states alone: one lane per server, one row per state (time
 * runs downward), an arrow per message copy from the row where it entered the bag to the row where it left it.
 *
 * Why from the states and not from the actions: the JSON view of a state is the one thing every source of a
 * behaviour has (the stepper, a search's counterexample, an ITF file of another tool), and the bag's counts say
 * exactly which copies were sent and which consumed at each step. A copy that leaves the bag in a DropMessage
 * step was lost; in any other step its destination received it. Copies of one message are identical, so a
 * consumed copy is paired with the oldest copy still in flight (any pairing is a correct reading of the bag;
 * the oldest is the one people expect). A copy still in the bag at the end is drawn as in flight.
 */
import type { ClusterJson } from './engine.js';

/** One state of the behaviour, as the diagram needs it. */
export interface Frame {
  readonly json: ClusterJson;
  /** The kind of action that produced the state (`DropMessage`, `Timeout`); null for the initial state. */
  readonly name: string | null;
}

export interface Point {
  readonly lane: number;
  readonly row: number;
}

export type Fate = 'received' | 'dropped' | 'in-flight';

export interface Arrow {
  readonly from: Point;
  /** Where the copy left the bag (its destination's lane), or, in flight, the destination at the last row. */
  readonly to: Point;
  readonly fate: Fate;
  /** Short text on the arrow, for example `RV t2` or `AE✓ t2`. */
  readonly label: string;
  /** The whole message in one line, for a tooltip. */
  readonly title: string;
  /** The copy was made by DuplicateMessage rather than sent by its source. */
  readonly duplicate: boolean;
}

export type MarkKind = 'term' | 'role' | 'restart';

export interface Mark {
  readonly lane: number;
  readonly row: number;
  readonly kind: MarkKind;
  readonly text: string;
}

export interface DiagramLayout {
  readonly servers: readonly string[];
  readonly rows: number;
  /** roles[lane][row]: the server's role in that state (Follower, Candidate, Leader). */
  readonly roles: readonly (readonly string[])[];
  readonly arrows: readonly Arrow[];
  readonly marks: readonly Mark[];
}

type MessageJson = ClusterJson['messages'][number];

const SHORT: Record<string, string> = {
  RequestVoteRequest: 'RV',
  RequestVoteResponse: 'RV',
  AppendEntriesRequest: 'AE',
  AppendEntriesResponse: 'AE',
};

/** The arrow's text: kind, a reply's verdict (✓ or ✗, also given as words in the title) and the term. */
export function shortLabel(m: MessageJson): string {
  const base = SHORT[m.type] ?? m.type;
  if (m.type === 'RequestVoteResponse') return `${base}${m.voteGranted === true ? '✓' : '✗'} t${m.term}`;
  if (m.type === 'AppendEntriesResponse') return `${base}${m.success === true ? '✓' : '✗'} t${m.term}`;
  if (m.type === 'AppendEntriesRequest' && Array.isArray(m.entries) && m.entries.length > 0) {
    return `${base}+ t${m.term}`;
  }
  return `${base} t${m.term}`;
}

/** The message in one line, its fields spelled out. */
export function messageTitle(m: MessageJson): string {
  const fields = Object.entries(m)
    .filter(([k]) => !['type', 'source', 'dest', 'count'].includes(k))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${m.type} ${m.source}→${m.dest} ${fields.join(' ')}`;
}

function messageKey(m: MessageJson): string {
  return JSON.stringify({ ...m, count: undefined });
}

function bag(json: ClusterJson): Map<string, { message: MessageJson; count: number }> {
  const out = new Map<string, { message: MessageJson; count: number }>();
  for (const m of json.messages) out.set(messageKey(m), { message: m, count: m.count });
  return out;
}

/** The layout of a whole behaviour; `frames[0]` is its first state. */
export function layoutDiagram(frames: readonly Frame[]): DiagramLayout {
  const first = frames[0];
  if (first === undefined) return { servers: [], rows: 0, roles: [], arrows: [], marks: [] };
  const servers = Object.keys(first.json.currentTerm);
  const lane = new Map(servers.map((s, i) => [s, i]));
  const laneOf = (name: string): number => lane.get(name) ?? 0;
  const roles = servers.map((s) => frames.map((f) => f.json.state[s] ?? 'Follower'));
  const marks: Mark[] = [];
  const arrows: Arrow[] = [];
  // Copies in flight, per message, oldest first: where and how each was sent.
  const pending = new Map<string, { row: number; duplicate: boolean; message: MessageJson }[]>();

  const send = (message: MessageJson, row: number, duplicate: boolean): void => {
    const key = messageKey(message);
    const list = pending.get(key) ?? [];
    list.push({ row, duplicate, message });
    pending.set(key, list);
  };
  const arrow = (sent: { row: number; duplicate: boolean; message: MessageJson }, to: Point, fate: Fate): Arrow => ({
    from: { lane: laneOf(sent.message.source), row: sent.row },
    to,
    fate,
    label: shortLabel(sent.message),
    title: messageTitle(sent.message),
    duplicate: sent.duplicate,
  });

  servers.forEach((s, i) => {
    marks.push({ lane: i, row: 0, kind: 'term', text: `T${first.json.currentTerm[s] ?? 0}` });
    if (first.json.state[s] !== 'Follower') marks.push({ lane: i, row: 0, kind: 'role', text: first.json.state[s]! });
  });
  for (const { message, count } of bag(first.json).values()) for (let c = 0; c < count; c++) send(message, 0, false);

  for (let row = 1; row < frames.length; row++) {
    const before = frames[row - 1]!.json;
    const after = frames[row]!.json;
    const name = frames[row]!.name;
    servers.forEach((s, i) => {
      const restarted =
        name === 'Restart' &&
        (JSON.stringify(before.log[s]) !== JSON.stringify(after.log[s]) ||
          before.commitIndex[s] !== after.commitIndex[s] ||
          before.state[s] !== after.state[s] ||
          JSON.stringify(before.votesGranted[s]) !== JSON.stringify(after.votesGranted[s]) ||
          JSON.stringify(before.nextIndex[s]) !== JSON.stringify(after.nextIndex[s]));
      if (restarted) marks.push({ lane: i, row, kind: 'restart', text: 'restart' });
      if (before.currentTerm[s] !== after.currentTerm[s]) {
        marks.push({ lane: i, row, kind: 'term', text: `T${after.currentTerm[s] ?? 0}` });
      }
      if (before.state[s] !== after.state[s]) marks.push({ lane: i, row, kind: 'role', text: after.state[s]! });
    });
    const was = bag(before);
    const now = bag(after);
    for (const [key, { message, count }] of now) {
      const added = count - (was.get(key)?.count ?? 0);
      for (let c = 0; c < added; c++) send(message, row, name === 'DuplicateMessage');
    }
    for (const [key, { message, count }] of was) {
      const removed = count - (now.get(key)?.count ?? 0);
      const list = pending.get(key) ?? [];
      for (let c = 0; c < removed; c++) {
        const sent = list.shift();
        if (sent === undefined) break;
        const fate: Fate = name === 'DropMessage' ? 'dropped' : 'received';
        arrows.push(arrow(sent, { lane: laneOf(message.dest), row }, fate));
      }
    }
  }
  const last = frames.length - 1;
  for (const list of pending.values()) {
    for (const sent of list) arrows.push(arrow(sent, { lane: laneOf(sent.message.dest), row: last }, 'in-flight'));
  }
  arrows.sort((a, b) => a.from.row - b.from.row || a.to.row - b.to.row || a.from.lane - b.from.lane);
  return { servers, rows: frames.length, roles, arrows, marks };
}
