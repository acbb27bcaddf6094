/**
 * The library's edges, where a wrong "ok" used to come out (issue 24): a model whose `encode` tells states apart by
 * nothing, an invariant that answers something other than a boolean, and a Raft configuration from plain
 * JavaScript that is not a model. Each is refused with a typed error and one line that says what to do.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/bfs.js';
import { ModelError } from '../../checker/modelError.js';
import type { Model } from '../../checker/model.js';
import { shrink } from '../../checker/shrink.js';
import { simulate } from '../../checker/simulate.js';
import { checkRaft, checkRaftSymmetric } from '../../harness/checkRaft.js';
import { DEFAULT_CONFIG, type RaftConfig } from '../../spec/raft/config.js';
import { ConfigError } from '../../spec/raft/configCheck.js';
import { fastRaftModel, raftModel } from '../../spec/raft/model.js';
import { replay } from '../../traces/replay.js';
import { boundedCounterModel } from '../fixtures/models/boundedCounter.js';
import { raftCheck } from '../fixtures/raftCheckCli.js';

const MUST =
  'encode(state, out) must push words that identify the state (out.push(n), out.pushRange(words, n), or ' +
  'encodeValue(state, out)): equal words for equal states, different words for different states; what it returns is ignored';

/** The error `run` throws (it must throw). */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('an encode that tells states apart by nothing', () => {
  // TypeScript accepts a function returning a string where one returning void is expected: the string is dropped.
  const blind: Model<number, number> = { ...boundedCounterModel(), encode: (s) => JSON.stringify(s) };
  const constant: Model<number, number> = {
    ...boundedCounterModel(),
    encode: (_s, out) => {
      out.push(7);
    },
  };

  it.each([
    ['check', () => check(blind)],
    ['simulate', () => simulate(blind, { seed: 1, walks: 1 })],
    ['replay', () => replay(blind, [{ state: 0 }, { state: 1, action: 'Add1' }])],
  ])('%s refuses one that writes nothing', (api, run) => {
    const e = thrown(run);
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe(`${api}: the model's encode wrote no words for an initial state; ${MUST}`);
  });

  it('check refuses one that writes the same words for the initial state and a different successor', () => {
    const e = thrown(() => check(constant));
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe(
      `check: the model's encode wrote the same words for the initial state and its successor by Add 1, which differ; ${MUST}`,
    );
  });

  it('a model whose encode writes words runs as before', () => {
    expect(check(boundedCounterModel()).kind).toBe('violation');
  });
});

describe('an invariant that returns something other than a boolean', () => {
  const yes: Model<number, number> = {
    ...boundedCounterModel(),
    invariants: [{ name: 'Yes', holds: () => 'yes' as unknown as boolean }],
  };
  const line = (api: string): string =>
    `${api}: invariant 'Yes' returned string 'yes', not a boolean; holds(state) must return true (holds) or false (violated)`;

  it.each([
    ['check', () => check(yes)],
    ['simulate', () => simulate(yes, { seed: 1, walks: 1 })],
    ['replay', () => replay(yes, [{ state: 0 }])],
    [
      'shrink',
      () =>
        shrink(
          yes,
          [
            { action: null, state: 0 },
            { action: 1, state: 1 },
            { action: 1, state: 2 },
          ],
          'Yes',
        ),
    ],
  ])('%s refuses it', (api, run) => {
    const e = thrown(run);
    expect(e).toBeInstanceOf(ModelError);
    expect(e.message).toBe(line(api));
  });

  it('so does check on a Raft model given such an invariant', () => {
    const model = raftModel({ ...DEFAULT_CONFIG, servers: 1 }, [], [{ name: 'Yes', holds: () => 'yes' as never }]);
    expect(thrown(() => check(model)).message).toBe(line('check'));
  });
});

describe('a Raft configuration that is not a model', () => {
  const cases: [string, unknown, string][] = [
    [
      'a missing field',
      { servers: 2 },
      "the configuration has no values (DEFAULT_CONFIG's is 1); start from { ...DEFAULT_CONFIG, ... }",
    ],
    ['servers 0', { ...DEFAULT_CONFIG, servers: 0 }, 'servers must be an integer from 1 to 7, got 0'],
    ['servers 9', { ...DEFAULT_CONFIG, servers: 9 }, 'servers must be an integer from 1 to 7, got 9'],
    ['maxTerm -1', { ...DEFAULT_CONFIG, maxTerm: -1 }, 'maxTerm must be an integer from 1 to 100, got -1'],
    ['a string for a number', { ...DEFAULT_CONFIG, maxTerm: '2' }, "maxTerm must be a number, got '2'"],
    ['a number for a switch', { ...DEFAULT_CONFIG, drop: 1 }, 'drop must be a boolean, got 1'],
    ['not an object', 3, 'the configuration must be an object like DEFAULT_CONFIG, got 3'],
    [
      'a misspelt key',
      { servers: 3, maxTerms: 2 },
      "unknown configuration key 'maxTerms' (did you mean maxTerm? known: servers, values, maxTerm, maxLogLen, maxCopies, maxInFlight, restart, duplicate, drop, variants, initialMembers, partitions)",
    ],
    [
      'a key of another tool beside every valid one',
      { ...DEFAULT_CONFIG, maxLog: 2 },
      "unknown configuration key 'maxLog' (did you mean maxLogLen? known: servers, values, maxTerm, maxLogLen, maxCopies, maxInFlight, restart, duplicate, drop, variants, initialMembers, partitions)",
    ],
  ];

  it.each(cases)(
    '%s: raftModel, fastRaftModel, checkRaft and checkRaftSymmetric throw a ConfigError',
    (_, config, problem) => {
      const c = config as RaftConfig;
      for (const [api, run] of [
        ['raftModel', () => raftModel(c)],
        ['fastRaftModel', () => fastRaftModel(c)],
        ['checkRaft', () => checkRaft(c)],
        ['checkRaftSymmetric', () => checkRaftSymmetric(c)],
      ] as const) {
        const e = thrown(run);
        expect(e).toBeInstanceOf(ConfigError);
        expect(e.message).toBe(`${api}: ${problem}`);
      }
    },
  );

  it('an unknown bug, and a bug of a variant left off, are refused', () => {
    expect(thrown(() => raftModel(DEFAULT_CONFIG, ['nope'])).message).toMatch(
      /^raftModel: unknown bug 'nope' \(known: /,
    );
    expect(thrown(() => raftModel(DEFAULT_CONFIG, ['prevote-keeps-votes'])).message).toBe(
      "raftModel: bug 'prevote-keeps-votes' changes a rule of variant prevote: add 'prevote' to variants",
    );
  });

  it('says what the CLI says of the same value', async () => {
    const [servers, maxTerm] = await Promise.all([raftCheck('--servers', '9'), raftCheck('--max-term', '-1')]);
    expect(servers.stderr).toBe('raft-check: --servers must be an integer from 1 to 7, got 9\n');
    expect(maxTerm.stderr).toBe('raft-check: --max-term must be an integer from 1 to 100, got -1\n');
    expect([servers.code, maxTerm.code]).toEqual([2, 2]);
  });
});
