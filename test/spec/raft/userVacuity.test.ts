import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/bfs.js';
import { DEFAULT_CONFIG, type RaftConfig } from '../../../spec/raft/config.js';
import { RAFT_INVARIANTS } from '../../../spec/raft/invariants.js';
import { fastRaftModel } from '../../../spec/raft/model.js';
import { MESSAGE_TYPES, SERVER_SCHEMA } from '../../../spec/raft/schema.js';
import { initialState } from '../../../spec/raft/state.js';
import {
  seenWitnessName,
  testedValues,
  unseenValues,
  userVacuity,
  valuesIn,
  valueWitness,
} from '../../../spec/raft/userVacuity.js';
import { readerOf } from '../../../spec/raft/values.js';
import { RAFT_WITNESSES } from '../../../spec/raft/witnesses.js';

const ALL_VALUES: readonly string[] = [...SERVER_SCHEMA.state.values, ...MESSAGE_TYPES];
/** prevote's message types. */
const PREVOTE_TYPES = MESSAGE_TYPES.filter((t) => t.startsWith('PreVote'));

describe("userVacuity reads what a user's invariant tests", () => {
  const aboutPreCandidates = (s: { state: Record<string, string> }): boolean =>
    Object.values(s.state).every((r) => r !== 'PreCandidate');

  it("warns of a variant's role tested while the variant is off, and not while it is on", () => {
    expect(userVacuity(aboutPreCandidates.toString(), [])).toEqual([
      "it tests 'PreCandidate', which only prevote has, and prevote is off",
    ]);
    expect(userVacuity(aboutPreCandidates.toString(), ['prevote'])).toEqual([]);
  });

  it("warns of a variant's variable read while the variant is off", () => {
    const source = '(s) => Object.values(s.heardFromLeader).every((h) => h === false)';
    expect(userVacuity(source, ['check-quorum'])).toEqual([
      "it reads heardFromLeader, prevote's variable, and prevote is off",
    ]);
    expect(userVacuity(source, ['prevote'])).toEqual([]);
  });

  it('warns of a misspelt role and names the role it is close to', () => {
    expect(userVacuity("(s) => Object.values(s.state).filter((r) => r === 'Leeder').length <= 1", [])).toEqual([
      "it tests 'Leeder', which no state has (not 'Leader'?)",
    ]);
  });

  it("says nothing of an invariant that tests raft.tla's own values and variables", () => {
    const source = "(s) => Object.values(s.state).filter((r) => r === 'Leader').length <= 1 && s.messages.length < 9";
    expect(userVacuity(source, [])).toEqual([]);
  });
});

describe('what a run explored: the roles and message types a user invariant tests and no explored state had', () => {
  const ROLES = ['Follower', 'Candidate', 'Leader'];
  const TYPES = ['RequestVoteRequest', 'RequestVoteResponse', 'AppendEntriesRequest', 'AppendEntriesResponse'];

  test.prop([fc.subarray([...ROLES, ...TYPES, 'PreCandidate', 'Leeder', 'term']), fc.boolean()])(
    'testedValues finds exactly the literals that are values of the model, in the schema order',
    (written, prevote) => {
      const source = `(s) => [${written.map((w) => `'${w}'`).join(', ')}].length >= 0`;
      const model = [...ROLES, ...(prevote ? ['PreCandidate'] : []), ...TYPES, ...(prevote ? PREVOTE_TYPES : [])];
      const expected = ALL_VALUES.filter((v) => model.includes(v) && written.includes(v));
      expect(testedValues(source, prevote ? ['prevote'] : [])).toEqual(expected);
    },
  );

  it('words a value no explored state had by its kind, and only those of the unseen values the source tests', () => {
    const source = "(s) => s.messages.every((m) => m.type !== 'AppendEntriesResponse') || s.state.s1 === 'Leader'";
    expect(unseenValues(source, [], new Set(['Leader', 'AppendEntriesResponse', 'Candidate']))).toEqual([
      "it tests 'Leader', a role no explored state had",
      "it tests 'AppendEntriesResponse', a message type no explored state had",
    ]);
    expect(unseenValues(source, [], new Set(['Leader']), 'of the trace')).toEqual([
      "it tests 'Leader', a role no state of the trace had",
    ]);
    expect(unseenValues(source, [], new Set())).toEqual([]);
  });

  /** The witness lengths of a check of `config` that also watches for `values`. */
  const watching = (config: RaftConfig, values: string[]): Record<string, number | null> =>
    check(fastRaftModel(config, [], RAFT_INVARIANTS, [...RAFT_WITNESSES, ...values.map(valueWitness)])).stats
      .witnesses!;

  it("reaches 'Leader' exactly when LeaderElected is reached, and not at all when no election completes", () => {
    const elected = watching({ ...DEFAULT_CONFIG, servers: 2 }, ['Leader', 'AppendEntriesResponse']);
    expect(elected[seenWitnessName('Leader')]).toBe(elected.LeaderElected);
    expect(elected[seenWitnessName('AppendEntriesResponse')]).toBeGreaterThan(elected.LeaderElected!);
    // Terms start at 1: with maxTerm 1 every Timeout breaks the bound, so no server becomes even a candidate.
    const none = watching({ ...DEFAULT_CONFIG, servers: 2, maxTerm: 1 }, ['Leader', 'Candidate']);
    expect(none[seenWitnessName('Leader')]).toBeNull();
    // A bound-breaking successor is a state the invariants are checked on, so the run has seen its Candidate.
    expect(none[seenWitnessName('Candidate')]).toBe(2);
    // One server leads alone: it never sends an AppendEntries request, so nothing answers one.
    const alone = watching({ ...DEFAULT_CONFIG, servers: 1 }, ['Leader', 'AppendEntriesResponse']);
    expect(alone[seenWitnessName('Leader')]).not.toBeNull();
    expect(alone[seenWitnessName('AppendEntriesResponse')]).toBeNull();
  });

  it("finds the values of a state: its servers' roles and its messages' types", () => {
    expect([...valuesIn(readerOf(initialState(2)))]).toEqual(['Follower']);
  });
});
