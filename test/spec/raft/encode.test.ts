import { fc, it } from '@fast-check/vitest';
import { is } from 'immutable';
import { describe, expect } from 'vitest';
import { send } from '../../../spec/raft/network.js';
import { next } from '../../../spec/raft/values.js';
import { raftRules } from '../../../spec/raft/rules.js';
import type { ClusterState } from '../../../spec/raft/state.js';
import { shuffler } from '../../fixtures/valueSpecs.js';
import { message } from '../../fixtures/raftArbitraries.js';
import {
  cluster,
  handlerConfig,
  raftFingerprint,
  S1,
  S2,
  S3,
  successors,
  type RaftTransition,
} from '../../fixtures/raftStates.js';

const messages = fc.array(message(3), { maxLength: 8 });
const voters = fc.uniqueArray(fc.nat(2), { maxLength: 3 });

/** The state after taking, in order, the successors whose labels are `labels`. */
function after(s: ClusterState, ...labels: string[]): ClusterState {
  return labels.reduce((state, label) => {
    const t = successors(state).find((x: RaftTransition) => formatLabel(x) === label);
    if (t === undefined) throw new Error(`no successor labelled ${label}`);
    return t.state;
  }, s);
}

function formatLabel(t: RaftTransition): string {
  const a = t.action;
  return a.kind === 'RequestVote' ? `RequestVote ${a.i}->${a.j}` : a.kind === 'Timeout' ? `Timeout ${a.i}` : a.kind;
}

describe('fingerprints of Raft states', () => {
  it.prop([messages, fc.integer(), voters, fc.integer()])(
    'are equal for equal states whose bag and vote sets were built in different orders',
    (ms, bagSeed, votes, voteSeed) => {
      const a = cluster({ [S1]: { votesGranted: votes, votesResponded: votes } }, ms);
      const b = cluster(
        {
          [S1]: {
            votesGranted: shuffler(voteSeed)(votes),
            votesResponded: shuffler(voteSeed + 1)(votes),
          },
        },
        shuffler(bagSeed)(ms),
      );
      expect(is(a, b)).toBe(true);
      expect(raftFingerprint(a)).toBe(raftFingerprint(b));
      // Equal states must also list their successors in the same order, or traces would not replay.
      const labels = (s: ClusterState): string[] =>
        next(s, { ...handlerConfig(), duplicate: true, drop: true }, raftRules).map((t) => JSON.stringify(t.action));
      expect(labels(a)).toEqual(labels(b));
    },
  );

  it.prop([messages, message(3)])('differ when one more copy of a message is in flight', (ms, extra) => {
    const a = cluster({}, ms);
    const b = a.set('messages', send(a.messages, extra));
    expect(raftFingerprint(a)).not.toBe(raftFingerprint(b));
  });

  it.prop([fc.constantFrom(S1, S2, S3), fc.constantFrom('currentTerm', 'commitIndex', 'votedFor', 'log', 'votes')])(
    'differ when one variable of one server differs',
    (i, field) => {
      const base = cluster({});
      const changed = cluster({
        [i]:
          field === 'votedFor'
            ? { votedFor: S3 }
            : field === 'log'
              ? { log: [[1, 1]] }
              : field === 'votes'
                ? { votesGranted: [S2] }
                : { [field]: 2 },
      });
      expect(raftFingerprint(changed)).not.toBe(raftFingerprint(base));
    },
  );

  it('are equal for the state two servers reach by timing out in either order', () => {
    const start = cluster({});
    const a = after(start, `Timeout ${S1}`, `Timeout ${S2}`);
    const b = after(start, `Timeout ${S2}`, `Timeout ${S1}`);
    expect(is(a, b)).toBe(true);
    expect(raftFingerprint(a)).toBe(raftFingerprint(b));
  });

  it('are equal for the state a candidate reaches by asking two servers in either order', () => {
    const start = after(cluster({}), `Timeout ${S1}`);
    const a = after(start, `RequestVote ${S1}->${S2}`, `RequestVote ${S1}->${S3}`);
    const b = after(start, `RequestVote ${S1}->${S3}`, `RequestVote ${S1}->${S2}`);
    expect(a.messages.size).toBe(2);
    expect(raftFingerprint(a)).toBe(raftFingerprint(b));
  });
});
