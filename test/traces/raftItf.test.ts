import { fc, test } from '@fast-check/vitest';
import { is } from 'immutable';
import { describe, expect, it } from 'vitest';
import { renderingFor } from '../../cli/commands/check.js';
import { check } from '../../checker/bfs.js';
import { clusterToJson } from '../../spec/raft/describe.js';
import { clusterToItf, messageFromItf, messageToItf, RAFT_ITF_VARS } from '../../traces/raft/itf.js';
import { logEntry } from '../../spec/raft/logEntry.js';
import { appendEntriesRequest, requestVoteResponse } from '../../spec/raft/messages.js';
import { raftModel } from '../../spec/raft/model.js';
import { checkReport } from '../../traces/report.js';
import { counterexample, importProblem, itfText, SMALL, stepsFromText, walk } from './raftTraces.js';

type Json = Record<string, unknown>;

/** The ITF text of the double-vote counterexample, as an object to tamper with. */
function cexJson(): { text: string; json: { vars: string[]; states: Json[] } } {
  const { model, trace } = counterexample(['double-vote']);
  const text = itfText(model, trace);
  return { text, json: JSON.parse(text) as { vars: string[]; states: Json[] } };
}

function mapEntry(json: Json, variable: string, server: string): unknown[] {
  const pairs = (json[variable] as { '#map': unknown[][] })['#map'];
  return pairs.find((p) => p[0] === server)!;
}

describe('Raft states in ITF', () => {
  it("uses raft.tla's variables, with the action label and Quint's mbt::actionTaken in every state", () => {
    const { json } = cexJson();
    expect(json.vars).toEqual([...RAFT_ITF_VARS, 'action', 'mbt::actionTaken']);
    expect(json.states[0]!.action).toBe('Init');
    expect(json.states[1]!.action).toBe('Timeout s1');
    expect(json.states[1]!['mbt::actionTaken']).toBe('Timeout');
    expect(json.states[0]!.votedFor).toEqual({
      '#map': [
        ['s1', 'Nil'],
        ['s2', 'Nil'],
      ],
    });
  });

  it("writes messages as raft.tla's records with their count in the bag", () => {
    const m = appendEntriesRequest(0, 2, 3, 1, 2, logEntry(3, 1), 1);
    expect(messageToItf(m)).toEqual({
      mtype: 'AppendEntriesRequest',
      mterm: { '#bigint': '3' },
      mprevLogIndex: { '#bigint': '1' },
      mprevLogTerm: { '#bigint': '2' },
      mentries: [{ term: { '#bigint': '3' }, value: 'v1' }],
      mcommitIndex: { '#bigint': '1' },
      msource: 's1',
      mdest: 's3',
    });
    expect(messageFromItf(messageToItf(m), 'm', { servers: 3, values: 1 })).toBe(m);
    const r = requestVoteResponse(1, 0, 2, true);
    expect(messageFromItf(messageToItf(r), 'm', { servers: 2, values: 1 })).toBe(r);
  });

  test.prop(
    [fc.array(fc.nat(), { maxLength: 30 }), fc.subarray(['double-vote', 'no-log-check', 'forget-on-restart'])],
    {
      numRuns: 40,
      seed: 5,
    },
  )('export then import gives equal states (Immutable is) on random walks', (choices, bugs) => {
    const model = raftModel({ ...SMALL, servers: 3, values: 2, maxTerm: 3 }, bugs);
    const trace = walk(model, choices);
    const steps = stepsFromText(itfText(model, trace), model.config);
    expect(steps).toHaveLength(trace.length);
    steps.forEach((step, k) => {
      expect(is(step.state, trace[k]!.state)).toBe(true);
      expect(step.action).toBe(k === 0 ? 'Init' : model.formatAction(trace[k]!.action!));
    });
  });

  it('agrees with the --json report on every state of a counterexample', () => {
    const model = raftModel(SMALL, ['double-vote']);
    const result = check(model);
    expect(result.kind).toBe('violation');
    if (result.kind !== 'violation') return;
    const report = checkReport(result, renderingFor(model));
    const steps = stepsFromText(itfText(model, result.trace), model.config);
    expect(report.trace).toHaveLength(steps.length);
    report.trace!.forEach((step, k) => {
      expect(clusterToJson(steps[k]!.state)).toEqual(step.state);
      expect(steps[k]!.action).toBe(step.label);
    });
  });

  it('sorts sets and message keys so equal states give equal files', () => {
    const { model, trace } = counterexample(['double-vote']);
    const last = trace[trace.length - 1]!.state;
    const rebuilt = stepsFromText(itfText(model, trace), model.config).at(-1)!.state;
    expect(JSON.stringify(clusterToItf(rebuilt))).toBe(JSON.stringify(clusterToItf(last)));
  });
});

describe('Raft ITF import rejects malformed traces with the state and field', () => {
  const config = SMALL;

  it('rejects a server outside the configuration', () => {
    const { model, trace } = counterexample(['double-vote']);
    expect(importProblem(itfText(model, trace), { ...config, servers: 1 })).toBe(
      "state 1 (states[0]), field currentTerm key: server 's2' is outside the configuration (--servers 1)",
    );
  });

  it('rejects a trace that lacks a server of the configuration', () => {
    const { model, trace } = counterexample(['double-vote']);
    expect(importProblem(itfText(model, trace), { ...config, servers: 3 })).toBe(
      'state 1 (states[0]), field currentTerm: no entry for server s3',
    );
  });

  it('rejects a value outside the configuration', () => {
    const { json } = cexJson();
    mapEntry(json.states[2]!, 'log', 's1')[1] = [{ term: { '#bigint': '2' }, value: 'v2' }];
    expect(importProblem(JSON.stringify(json), config)).toBe(
      "state 3 (states[2]), field log[s1][0].value: value 'v2' is outside the configuration (--values 1)",
    );
  });

  it('rejects a missing reference variable in vars', () => {
    const { json } = cexJson();
    json.vars = json.vars.filter((v) => v !== 'votedFor');
    expect(importProblem(JSON.stringify(json), config)).toBe("field vars: missing the reference model's votedFor");
  });

  it('rejects a variable the reference model does not have', () => {
    const { json } = cexJson();
    json.vars.push('elections');
    for (const s of json.states) s.elections = { '#set': [] };
    expect(importProblem(JSON.stringify(json), config)).toBe(
      "field vars: 'elections' not a variable of the reference model",
    );
  });

  it('rejects a state that lacks a variable', () => {
    const { json } = cexJson();
    delete json.states[3]!.matchIndex;
    expect(importProblem(JSON.stringify(json), config)).toBe(
      "state 4 (states[3]), field matchIndex: variable 'matchIndex' is missing",
    );
  });

  it.each([
    [
      'currentTerm',
      's1',
      'two',
      'state 2 (states[1]), field currentTerm[s1]: expected an integer, got the string "two"',
    ],
    [
      'state',
      's2',
      'Boss',
      'state 2 (states[1]), field state[s2]: expected Follower, Candidate, Leader or PreCandidate, got "Boss"',
    ],
    [
      'votedFor',
      's1',
      's9',
      "state 2 (states[1]), field votedFor[s1]: server 's9' is outside the configuration (--servers 2)",
    ],
    ['votesGranted', 's1', ['s1'], 'state 2 (states[1]), field votesGranted[s1]: expected a set, got a list'],
    [
      'commitIndex',
      's2',
      { '#bigint': '-1' },
      'state 2 (states[1]), field commitIndex[s2]: expected an integer >= 0, got -1',
    ],
  ])('rejects %s[%s] = %j', (variable, server, value, message) => {
    const { json } = cexJson();
    mapEntry(json.states[1]!, variable, server)[1] = value;
    expect(importProblem(JSON.stringify(json), config)).toBe(message);
  });

  it('rejects a message record with an unknown type or a missing field', () => {
    const { json } = cexJson();
    const bag = (json.states[3]!.messages as { '#map': [Json, unknown][] })['#map'];
    expect(bag).toHaveLength(1);
    bag[0]![0].mtype = 'Gossip';
    expect(importProblem(JSON.stringify(json), config)).toBe(
      'state 4 (states[3]), field messages.#map[0][0].mtype: unknown message type "Gossip"',
    );
    bag[0]![0].mtype = 'RequestVoteRequest';
    delete bag[0]![0].mlastLogIndex;
    expect(importProblem(JSON.stringify(json), config)).toBe(
      "state 4 (states[3]), field messages.#map[0][0]: record has no field 'mlastLogIndex'",
    );
  });

  it('rejects a trace with no states', () => {
    const { json } = cexJson();
    json.states = [];
    expect(importProblem(JSON.stringify(json), config)).toBe('field states: the trace has no states');
  });
});
