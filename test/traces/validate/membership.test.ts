import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTrace } from '../../../cli/commands/validate.js';
import type { RaftConfig } from '../../../spec/raft/config.js';
import { raftModel } from '../../../spec/raft/model.js';
import { modelNaming } from '../../../traces/validate/naming.js';
import { parseEvents } from '../../../traces/validate/parseEvents.js';
import { projectWalk, STATE_FIELDS, type EventJson } from '../../../traces/validate/projectEvents.js';
import { mulberry32, randomWalk } from '../../../traces/validate/randomWalk.js';
import { readTrace } from '../../../traces/validate/readTrace.js';
import { validate, type ValidateResult } from '../../../traces/validate/validate.js';

/** Three servers, s1 and s2 the first configuration, so that s3 can join and any member can leave. */
const CONFIG: RaftConfig = {
  servers: 3,
  values: 1,
  maxTerm: 4,
  maxLogLen: 4,
  maxCopies: 2,
  maxInFlight: 0,
  restart: true,
  duplicate: true,
  drop: true,
  variants: ['membership'],
  initialMembers: 2,
};

function validateJson(config: RaftConfig, events: readonly EventJson[], bugs: readonly string[] = []): ValidateResult {
  const raw = readTrace(events.map((e) => JSON.stringify(e)).join('\n'));
  if (!raw.ok) throw new Error(raw.error.message);
  const parsed = parseEvents(raw.value.events, modelNaming(config.servers, config.values));
  if (!parsed.ok) throw new Error(`line ${parsed.error.line}: ${parsed.error.message}`);
  return validate(raftModel(config, bugs), parsed.value, { maxFrontier: 5000 });
}

const scenario = (name: string): string =>
  fileURLToPath(new URL(`../../../traces/scenarios/${name}.ndjson`, import.meta.url));

function runScenario(name: string) {
  const trace = loadTrace(scenario(name), {});
  return {
    trace,
    result: validate(trace.model, trace.events, { maxHidden: trace.maxHidden, selfVote: trace.selfVote }),
  };
}

describe('a recorded single-server change (traces/scenarios/membership-add.ndjson)', () => {
  it('validates: A leads {A,B,C}, commits x, adds D, and commits {A,B,C,D} with B and D', () => {
    const { trace, result } = runScenario('membership-add');
    expect(trace.model.config).toMatchObject({ servers: 4, variants: ['membership'], initialMembers: 3 });
    expect(trace.events.map((e) => e.type)).toContain('addServer');
    expect(result).toMatchObject({ kind: 'validated', events: trace.events.length });
  });

  it('rejects the addServer event of an implementation whose new configuration drops C, naming both', () => {
    const { trace, result } = runScenario('membership-add-wrong-config');
    expect(result.kind).toBe('rejected');
    if (result.kind !== 'rejected') return;
    const line = trace.lines.findIndex((l) => l.includes('"addServer"')) + 1;
    expect(result.event).toMatchObject({ type: 'addServer', line });
    expect(result.lastMatched?.type).toBe('commit');
    expect(result.candidates[0]!.reasons).toEqual([
      "s1's configuration would be [s1, s2, s3, s4], the event says [s1, s2, s4]",
    ]);
  });
});

describe('membership events', () => {
  // s1 leads {s1,s2} in term 2 and commits v1 with s2.
  const leads: EventJson[] = [
    { type: 'timeout', server: 's1', term: 2 },
    { type: 'sendRequestVote', server: 's1', to: 's1' },
    { type: 'receiveRequestVote', server: 's1', from: 's1', granted: true },
    { type: 'receiveVote', server: 's1', from: 's1', granted: true },
    { type: 'sendRequestVote', server: 's1', to: 's2' },
    { type: 'receiveRequestVote', server: 's2', from: 's1', granted: true },
    { type: 'receiveVote', server: 's1', from: 's2', granted: true },
    { type: 'becomeLeader', server: 's1', term: 2 },
  ];
  const commits: EventJson[] = [
    { type: 'clientRequest', server: 's1', value: 'v1' },
    { type: 'sendAppendEntries', server: 's1', to: 's2', entries: [{ term: 2, value: 'v1' }] },
    { type: 'receiveAppendEntries', server: 's2', from: 's1', success: true },
    { type: 'receiveAppendEntriesResponse', server: 's1', from: 's2', success: true },
    { type: 'commit', server: 's1', commitIndex: 1 },
  ];
  const adds: EventJson[] = [
    { type: 'addServer', server: 's1', target: 's3', config: ['s1', 's2', 's3'] },
    { type: 'sendAppendEntries', server: 's1', to: 's2', entries: [{ term: 2, config: ['s1', 's2', 's3'] }] },
    { type: 'receiveAppendEntries', server: 's2', from: 's1', success: true, config: ['s1', 's2', 's3'] },
  ];

  it('follow a change with its configuration entry replicated to a follower', () => {
    expect(validateJson(CONFIG, [...leads, ...commits, ...adds]).kind).toBe('validated');
  });

  it('reject an AppendEntries whose configuration entry names other servers, at that event', () => {
    const wrong = [...leads, ...commits, adds[0]!, { ...adds[1]!, entries: [{ term: 2, config: ['s1', 's3'] }] }];
    const result = validateJson(CONFIG, wrong);
    expect(result).toMatchObject({ kind: 'rejected', event: { index: wrong.length, type: 'sendAppendEntries' } });
    if (result.kind !== 'rejected') return;
    expect(result.candidates[0]!.reasons.join('; ')).toContain(
      'the entry is the configuration [s1, s2, s3], the event says the configuration [s1, s3]',
    );
  });

  it('reject a change before the leader has committed an entry of its term (raft-dev, 2015), and follow it with the bug', () => {
    const early = [...leads, adds[0]!];
    const result = validateJson(CONFIG, early);
    expect(result).toMatchObject({ kind: 'rejected', event: { index: early.length, type: 'addServer' } });
    if (result.kind !== 'rejected') return;
    expect(result.candidates[0]!.reasons).toEqual(['s1 has not committed an entry of its term 2 (commitIndex 0)']);
    expect(validateJson(CONFIG, early, ['reconfig-without-term-commit']).kind).toBe('validated');
  });

  it('reject adding a member, removing a non-member, and a second change while the first is uncommitted', () => {
    const reasons = (events: EventJson[]): readonly string[] => {
      const r = validateJson(CONFIG, events);
      return r.kind === 'rejected' ? r.candidates[0]!.reasons : [];
    };
    expect(reasons([...leads, ...commits, { type: 'addServer', server: 's1', target: 's2' }])).toEqual([
      "s2 is already in s1's configuration [s1, s2]",
    ]);
    expect(reasons([...leads, ...commits, { type: 'removeServer', server: 's1', target: 's3' }])).toEqual([
      "s3 is not in s1's configuration [s1, s2]",
    ]);
    expect(reasons([...leads, ...commits, adds[0]!, { type: 'removeServer', server: 's1', target: 's2' }])).toEqual([
      "s1's configuration entry at index 2 is not committed (commitIndex 1)",
    ]);
  });

  it("word a refused commit with the quorum of the leader's configuration, not of every server", () => {
    const early = [...leads, ...commits, adds[0]!, { type: 'commit', server: 's1', commitIndex: 2 }];
    const result = validateJson(CONFIG, early);
    expect(result).toMatchObject({ kind: 'rejected', event: { index: early.length, type: 'commit' } });
    if (result.kind !== 'rejected') return;
    expect(result.candidates[0]!.reasons).toEqual([
      "s1's commit index cannot reach 2: only {s1} hold index 2; a quorum of configuration [s1, s2, s3] needs 2",
    ]);
  });

  it('are refused without --variant membership', () => {
    const plain: RaftConfig = { ...CONFIG, variants: [] };
    delete (plain as { initialMembers?: number }).initialMembers;
    const result = validateJson(plain, [...leads, ...commits, adds[0]!]);
    expect(result.kind).toBe('rejected');
    if (result.kind === 'rejected') {
      expect(result.candidates[0]!.reasons).toEqual(['AddServer is not part of the model (--variant membership)']);
    }
  });

  it('are parsed with their fields checked: a configuration is a list of distinct known servers', () => {
    const parse = (e: EventJson) => {
      const raw = readTrace(JSON.stringify(e));
      if (!raw.ok) throw new Error(raw.error.message);
      return parseEvents(raw.value.events, modelNaming(3, 1));
    };
    expect(parse({ type: 'addServer', server: 's1' })).toMatchObject({
      ok: false,
      error: { message: "missing field 'target'" },
    });
    expect(parse({ type: 'addServer', server: 's1', target: 's3', config: ['s1', 's1'] })).toMatchObject({
      ok: false,
      error: { message: "server 's1' appears twice in field 'config'" },
    });
    expect(
      parse({ type: 'sendAppendEntries', server: 's1', to: 's2', entries: [{ term: 2, value: 'v1', config: ['s1'] }] }),
    ).toMatchObject({ ok: false, error: { message: "an entry in 'entries' holds a 'value' or a 'config', not both" } });
    expect(parse({ type: 'observe', server: 's1', config: ['s4'] })).toMatchObject({
      ok: false,
      error: { message: "server 's4' in field 'config' is not in the configuration (s1, s2, s3)" },
    });
  });
});

describe('traces projected from random walks of the membership variant', () => {
  // Seeds 0..39, not fast-check's: about one walk in six makes a change, and the test must see several.
  const seeds = Array.from({ length: 40 }, (_, seed) => seed);
  const projected = seeds.map((seed) => {
    const omit = [0, 0.3, 1][seed % 3]!;
    const walk = randomWalk(raftModel(CONFIG), 80, seed);
    return { seed, events: projectWalk(walk, omit, mulberry32(seed), (f) => STATE_FIELDS.has(f)) };
  });

  it('include configuration changes and configuration entries, so the test below sees them', () => {
    const events = projected.flatMap((p) => p.events);
    const changes = events.filter((e) => e.type === 'addServer' || e.type === 'removeServer');
    expect(new Set(changes.map((e) => e.type))).toEqual(new Set(['addServer', 'removeServer']));
    const configEntries = events.filter(
      (e) => Array.isArray(e.entries) && (e.entries as { config?: unknown }[]).some((x) => x.config !== undefined),
    );
    expect(configEntries.length).toBeGreaterThan(0);
  });

  it('validate, whatever share of the server-state fields (configurations included) is left out', () => {
    for (const { seed, events } of projected) {
      expect(validateJson(CONFIG, events).kind, `randomWalk(raftModel(CONFIG), 80, ${seed})`).toBe('validated');
    }
  });
});
