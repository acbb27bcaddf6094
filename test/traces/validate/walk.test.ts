import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { RaftConfig } from '../../../spec/raft/config.js';
import { raftModel } from '../../../spec/raft/model.js';
import { modelNaming } from '../../../traces/validate/naming.js';
import { parseEvents } from '../../../traces/validate/parseEvents.js';
import { projectWalk, STATE_FIELDS, type EventJson } from '../../../traces/validate/projectEvents.js';
import { mulberry32, randomWalk } from '../../../traces/validate/randomWalk.js';
import { readTrace } from '../../../traces/validate/readTrace.js';
import { validate, type ValidateResult } from '../../../traces/validate/validate.js';

const CONFIG: RaftConfig = {
  servers: 3,
  values: 2,
  maxTerm: 6,
  maxLogLen: 4,
  maxCopies: 2,
  maxInFlight: 0,
  restart: true,
  duplicate: true,
  drop: true,
};

/** Validates events through the same text parsing as the CLI. */
function validateJson(config: RaftConfig, events: readonly EventJson[], maxHidden = 2): ValidateResult {
  const raw = readTrace(events.map((e) => JSON.stringify(e)).join('\n'));
  if (!raw.ok) throw new Error(raw.error.message);
  const parsed = parseEvents(raw.value.events, modelNaming(config.servers, config.values));
  if (!parsed.ok) throw new Error(`line ${parsed.error.line}: ${parsed.error.message}`);
  return validate(raftModel(config), parsed.value, { maxFrontier: 5000, maxHidden });
}

const replayHint = (seed: number): string => `replay: randomWalk(raftModel(CONFIG), 80, ${seed})`;

describe('traces projected from random walks of the spec', () => {
  /** Network switches and bounds that change which hidden steps the validator must find. */
  const VARIANTS: Partial<RaftConfig>[] = [
    {},
    { drop: false },
    { duplicate: false },
    { maxInFlight: 3 },
    { maxCopies: 1, restart: false },
  ];

  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(0, 0.3, 1), fc.constantFrom(...VARIANTS)], {
    numRuns: 40,
    seed: 5,
  })(
    'validate, whatever share of the server-state fields is left out and whatever the network may do',
    (seed, omit, variant) => {
      const config = { ...CONFIG, ...variant };
      const walk = randomWalk(raftModel(config), 80, seed);
      const events = projectWalk(walk, omit, mulberry32(seed), (f) => STATE_FIELDS.has(f));
      const result = validateJson(config, events);
      expect(result.kind, `${replayHint(seed)} with ${JSON.stringify(variant)}`).toBe('validated');
    },
  );

  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 })], { numRuns: 15, seed: 6 })(
    'validate when message fields are left out too',
    (seed) => {
      const walk = randomWalk(raftModel(CONFIG), 30, seed);
      const result = validateJson(CONFIG, projectWalk(walk, 0.15, mulberry32(seed)));
      expect(result.kind, replayHint(seed)).toBe('validated');
    },
  );

  test.prop([fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.nat()], { numRuns: 25, seed: 7 })(
    'are rejected at exactly the event whose term was tampered with',
    (seed, pick) => {
      const events = projectWalk(randomWalk(raftModel(CONFIG), 60, seed));
      const k = pick % events.length;
      const event = events[k]!;
      const key = 'currentTerm' in event ? 'currentTerm' : 'term';
      events[k] = { ...event, [key]: Number(event[key]) + 1 };
      const result = validateJson(CONFIG, events);
      expect(result.kind, replayHint(seed)).toBe('rejected');
      if (result.kind === 'rejected') expect(result.event.index).toBe(k + 1);
    },
  );

  it('hide the network steps the walk took, so validating them needs hidden duplicates and drops', () => {
    const walk = randomWalk(raftModel(CONFIG), 300, 3);
    const events = projectWalk(walk);
    expect(walk.length - events.length).toBeGreaterThan(10);
    expect(validateJson(CONFIG, events).kind).toBe('validated');
  });
});

describe('hidden network steps', () => {
  const twice: EventJson[] = [
    { type: 'timeout', server: 's1', term: 2 },
    { type: 'sendRequestVote', server: 's1', to: 's2', term: 2 },
    { type: 'receiveRequestVote', server: 's2', from: 's1', term: 2, granted: true },
    { type: 'receiveRequestVote', server: 's2', from: 's1', term: 2, granted: true },
  ];

  it('let a message sent once be received twice when the model duplicates messages', () => {
    expect(validateJson(CONFIG, twice).kind).toBe('validated');
  });

  it('do not include duplicates the model lacks (--no-duplicate)', () => {
    const result = validateJson({ ...CONFIG, duplicate: false }, twice);
    expect(result).toMatchObject({ kind: 'rejected', event: { index: 4 } });
    if (result.kind === 'rejected') {
      expect(result.candidates[0]!.reasons).toEqual(['no RequestVoteRequest s1→s2 is in flight']);
    }
  });

  it('drop a message to make room under maxInFlight, but no more than --max-hidden of them', () => {
    const sends: EventJson[] = [
      { type: 'timeout', server: 's1', term: 2 },
      { type: 'sendRequestVote', server: 's1', to: 's2' },
      { type: 'sendRequestVote', server: 's1', to: 's3' },
      { type: 'receiveRequestVote', server: 's3', from: 's1', granted: true },
      // The first RequestVote to s2 is lost: it is only sent again, and received, from here on.
      { type: 'sendRequestVote', server: 's1', to: 's2' },
      { type: 'receiveRequestVote', server: 's2', from: 's1', granted: true },
    ];
    const tight = { ...CONFIG, maxInFlight: 1 };
    expect(validateJson(tight, sends, 1).kind).toBe('validated');
    const result = validateJson(tight, sends, 0);
    expect(result).toMatchObject({ kind: 'rejected', event: { index: 3 } });
    if (result.kind === 'rejected') {
      expect(result.candidates[0]!.reasons).toContain('the step would break the bound maxInFlight 1');
    }
  });
});
