/** The variants' variables and messages in JSON, ITF, replay, the state view and the validator's events. */
import { is } from 'immutable';
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../spec/raft/cluster.js';
import type { RaftConfig } from '../../spec/raft/config.js';
import { toFlat } from '../../spec/raft/codec.js';
import { clusterToJson, variablesOf } from '../../spec/raft/describe.js';
import { Layout } from '../../spec/raft/layout.js';
import { raftModel, type RaftModel } from '../../spec/raft/model.js';
import { SERVER_VARIABLES } from '../../spec/raft/schema.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { stateView, userInvariant } from '../../spec/raft/stateView.js';
import { RAFT_ITF_VARS, raftItfVars } from '../../traces/raft/itf.js';
import { replay } from '../../traces/replay.js';
import { modelNaming } from '../../traces/validate/naming.js';
import { parseEvents } from '../../traces/validate/parseEvents.js';
import { projectWalk } from '../../traces/validate/projectEvents.js';
import { randomWalk } from '../../traces/validate/randomWalk.js';
import { readTrace } from '../../traces/validate/readTrace.js';
import { validate } from '../../traces/validate/validate.js';
import { checkRaft } from '../../harness/checkRaft.js';
import { importProblem, itfText, stepsFromText, walk, type RaftTrace } from './raftTraces.js';

const BOTH: RaftConfig = {
  servers: 3,
  values: 1,
  maxTerm: 3,
  maxLogLen: 1,
  maxCopies: 1,
  maxInFlight: 1,
  restart: true,
  duplicate: false,
  drop: true,
  variants: ['check-quorum', 'prevote'],
};

/**
 * A shortest behaviour (breadth-first) to a state where some server has heard from a leader (prevote) and some
 * leader has heard from a follower (check-quorum), so the round trip carries both variables set. The predicate
 * reads the user-invariant view, which must therefore show both variables.
 */
function traceSettingVariants(): RaftTrace {
  const config: RaftConfig = { ...BOTH, servers: 2, maxTerm: 2, maxLogLen: 0, maxInFlight: 2, restart: false };
  const notBoth = userInvariant('NotBoth', (s) => {
    const heard = Object.values(s.heardFromLeader ?? {}).some((b) => b);
    const quorum = Object.values(s.quorumHeard ?? {}).some((q) => q.length > 0);
    return !(heard && quorum);
  });
  const r = checkRaft(config, [], {}, 'flat', [notBoth]);
  if (r.kind !== 'violation') throw new Error(`expected to reach both variables set, got ${r.kind}`);
  return r.trace;
}

function replaySteps(model: RaftModel, text: string) {
  return replay(model, stepsFromText(text, model.config));
}

describe('JSON and ITF hold a variant’s variables exactly when it is on', () => {
  it('lists raft.tla’s variables alone for the reference model, so its traces are unchanged', () => {
    expect(variablesOf()).toEqual(SERVER_VARIABLES);
    expect(raftItfVars()).toEqual(RAFT_ITF_VARS);
    expect(variablesOf(['prevote'])).toEqual([...SERVER_VARIABLES, 'heardFromLeader']);
    expect(raftItfVars(['prevote', 'check-quorum'])).toEqual([
      ...SERVER_VARIABLES,
      'heardFromLeader',
      'quorumHeard',
      'messages',
    ]);
  });

  it('writes heardFromLeader and quorumHeard in JSON only with their variants', () => {
    const s = raftModel(BOTH).initialStates()[0]!;
    expect(Object.keys(clusterToJson(s))).toEqual([...SERVER_VARIABLES, 'messages']);
    const json = clusterToJson(s, variablesOf(BOTH.variants));
    expect(json.heardFromLeader).toEqual({ s1: false, s2: false, s3: false });
    expect(json.quorumHeard).toEqual({ s1: [], s2: [], s3: [] });
  });

  it('shows a user’s invariant the variables of the layout’s variants', () => {
    const s = raftModel(BOTH).initialStates()[0]!;
    const keys = (variants: string[]): string[] => {
      const L = new Layout(3, 2, variants);
      return Object.keys(stateView(new Cluster(L).begin(toFlat(L, s))));
    };
    expect(keys([])).toEqual([...SERVER_VARIABLES, 'messages']);
    expect(keys(['prevote'])).toEqual([...SERVER_VARIABLES, 'heardFromLeader', 'messages']);
  });
});

describe('a variant’s traces round-trip through ITF and replay', () => {
  it('a prevote-keeps-votes counterexample: same states back, and replay confirms the violation', () => {
    const config: RaftConfig = {
      ...BOTH,
      variants: ['prevote'],
      maxTerm: 2,
      maxLogLen: 0,
      restart: false,
      drop: false,
    };
    const model = raftModel(config, ['prevote-keeps-votes']);
    const r = checkRaft(config, ['prevote-keeps-votes']);
    if (r.kind !== 'violation') throw new Error(`expected a violation, got ${r.kind}`);
    const { trace, invariant } = r;
    expect(invariant).toBe('VotesGrantedExclusive');
    const text = itfText(model, trace);
    expect((JSON.parse(text) as { vars: string[] }).vars).toContain('heardFromLeader');
    expect(text).toContain('PreVoteRequest');
    const steps = stepsFromText(text, model.config);
    expect(steps.map((s, k) => is(s.state, trace[k]!.state))).toEqual(trace.map(() => true));
    expect(replaySteps(model, text)).toEqual({
      ok: true,
      steps: trace.length - 1,
      violation: { index: trace.length - 1, invariant },
    });
    // Without the bug the same trace leaves the spec.
    expect(replaySteps(raftModel(config), text).ok).toBe(false);
  });

  it('a walk that sets heardFromLeader and quorumHeard: same states back, and it replays', () => {
    const trace = traceSettingVariants();
    const model = raftModel({ ...BOTH, servers: 2, maxTerm: 2, maxLogLen: 0, maxInFlight: 2, restart: false });
    const text = itfText(model, trace);
    const steps = stepsFromText(text, model.config);
    expect(steps.every((s, k) => is(s.state, trace[k]!.state))).toBe(true);
    expect(replaySteps(model, text)).toMatchObject({ ok: true, steps: trace.length - 1 });
  });

  it('refuses a variant’s trace read without the variant, naming the variable and the flag', () => {
    const model = raftModel(BOTH);
    const text = itfText(model, walk(model, [0, 1, 2]));
    expect(importProblem(text, { ...BOTH, variants: ['check-quorum'] })).toContain(
      "'heardFromLeader' is a variable of variant prevote, which is off (--variant prevote)",
    );
    expect(importProblem(text, { ...BOTH, variants: ['check-quorum', 'prevote'] })).toBeUndefined();
    const raftText = itfText(raftModel({ ...BOTH, variants: [] }), [{ action: null, state: trace0() }]);
    expect(importProblem(raftText, BOTH)).toContain('missing');
  });
});

function trace0(): ClusterState {
  return raftModel({ ...BOTH, variants: [] }).initialStates()[0]!;
}

describe('the validator’s events for the variants’ actions', () => {
  it('projects pre-votes, elections and quorum checks to events and validates them', () => {
    const config: RaftConfig = { ...BOTH, servers: 2, maxInFlight: 2, restart: false };
    const model = raftModel(config);
    const seen = new Set<string>();
    for (let seed = 1; seed <= 4; seed++) {
      const events = projectWalk(randomWalk(model, 50, seed));
      for (const e of events) seen.add(String(e.type));
      const raw = readTrace(events.map((e) => JSON.stringify(e)).join('\n'));
      if (!raw.ok) throw new Error(raw.error.message);
      const parsed = parseEvents(raw.value.events, modelNaming(config.servers, config.values));
      if (!parsed.ok) throw new Error(`line ${parsed.error.line}: ${parsed.error.message}`);
      expect(validate(model, parsed.value, { maxFrontier: 5000 }).kind, `seed ${seed}`).toBe('validated');
    }
    for (const t of ['sendPreVote', 'receivePreVote', 'receivePreVoteResponse', 'startElection', 'checkQuorum']) {
      expect(seen).toContain(t);
    }
  });

  it('rejects a granted pre-vote the spec refuses, and a variant’s event when the variant is off', () => {
    const model = raftModel(BOTH);
    const events = [
      { type: 'timeout', server: 's1' },
      { type: 'sendPreVote', server: 's1', to: 's2', term: 2 },
      // s2 is a follower that has heard from no leader: it grants; a refusal does not fit.
      { type: 'receivePreVote', server: 's2', from: 's1', granted: false },
    ];
    const parse = (config: RaftConfig, list: object[]) => {
      const raw = readTrace(list.map((e) => JSON.stringify(e)).join('\n'));
      if (!raw.ok) throw new Error(raw.error.message);
      const parsed = parseEvents(raw.value.events, modelNaming(config.servers, config.values));
      if (!parsed.ok) throw new Error(parsed.error.message);
      return parsed.value;
    };
    const refused = validate(model, parse(BOTH, events));
    expect(refused.kind).toBe('rejected');
    expect(JSON.stringify(refused)).toContain('would grant the pre-vote, the event says refused');
    expect(validate(model, parse(BOTH, events.slice(0, 2))).kind).toBe('validated');
    const off = { ...BOTH, variants: [] };
    const rejected = validate(raftModel(off), parse(off, [{ type: 'checkQuorum', server: 's1' }]));
    expect(JSON.stringify(rejected)).toContain('CheckQuorum is not part of the model (--variant check-quorum)');
  });

  it('words a variant’s event that cannot follow from the first of its action’s own guard clauses', () => {
    const model = raftModel({ ...BOTH, maxInFlight: 3 });
    const reasons = (events: object[]): string => {
      const raw = readTrace(events.map((e) => JSON.stringify(e)).join('\n'));
      if (!raw.ok) throw new Error(raw.error.message);
      const parsed = parseEvents(raw.value.events, modelNaming(BOTH.servers, BOTH.values));
      if (!parsed.ok) throw new Error(parsed.error.message);
      const result = validate(model, parsed.value);
      return result.kind === 'rejected' ? result.candidates[0]!.reasons.join('; ') : result.kind;
    };
    // The sentences are the clauses' of prevote's and check-quorum's actions (spec/raft/variants), which replay
    // shows too: a changed guard changes both.
    expect(reasons([{ type: 'sendPreVote', server: 's1', to: 's2' }])).toBe('s1 is Follower, not a PreCandidate');
    expect(
      reasons([
        { type: 'timeout', server: 's1' },
        { type: 'startElection', server: 's1' },
      ]),
    ).toBe('s1 has pre-votes from 0 of 3, not a quorum (a quorum of 3 needs 2)');
    const asked = [
      { type: 'timeout', server: 's1' },
      { type: 'sendPreVote', server: 's1', to: 's2' },
      { type: 'receivePreVote', server: 's2', from: 's1', granted: true },
      { type: 'receivePreVoteResponse', server: 's1', from: 's2', granted: true },
    ];
    expect(reasons([...asked, { type: 'sendPreVote', server: 's1', to: 's2' }])).toBe(
      "s1 has already counted s2's answer to its pre-vote",
    );
    expect(reasons([{ type: 'checkQuorum', server: 's2' }])).toBe('s2 is Follower, not the Leader');
  });
});
