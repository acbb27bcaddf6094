import { describe, expect, it } from 'vitest';
import { BUGS } from '../../spec/raft/bugs.js';
import type { RaftConfig } from '../../spec/raft/config.js';
import { clusterToJson, variablesOf } from '../../spec/raft/describe.js';
import { raftModel } from '../../spec/raft/model.js';
import type { ClusterState } from '../../spec/raft/state.js';
import { assertModelContract } from './assertModelContract.js';

/** clusterToJson sorts the bag and the vote sets, so equal states give equal strings. */
const key = (s: ClusterState): string => JSON.stringify(clusterToJson(s));

/** The same with the variables of `variants` shown too (a step may change only a variant's variable). */
const keyWith =
  (variants: readonly string[]) =>
  (s: ClusterState): string =>
    JSON.stringify(clusterToJson(s, variablesOf(variants)));

const TWO_SERVERS: RaftConfig = {
  servers: 2,
  values: 1,
  maxTerm: 2,
  maxLogLen: 1,
  maxCopies: 1,
  maxInFlight: 2,
  restart: true,
  duplicate: true,
  drop: true,
};

const THREE_SERVERS: RaftConfig = {
  servers: 3,
  values: 2,
  maxTerm: 3,
  maxLogLen: 2,
  maxCopies: 2,
  maxInFlight: 3,
  restart: true,
  duplicate: true,
  drop: true,
};

describe('the model contract on the Raft model', () => {
  it.each([
    ['two servers', TWO_SERVERS],
    ['three servers, two values and room for copies', THREE_SERVERS],
    [
      'three servers without Restart, DuplicateMessage or DropMessage',
      { ...THREE_SERVERS, restart: false, duplicate: false, drop: false },
    ],
  ])('holds for the reference rules with %s', (_, config) => {
    const report = assertModelContract(raftModel(config), { key });
    expect(report.statesChecked).toBeGreaterThan(0);
    expect(report.equalStatesBuiltApart).toBeGreaterThan(0);
  });

  it.each(BUGS.map((b) => [b.name]))('holds with the bug %s swapped in', (name) => {
    // A bug of a variant runs with its variant on (without it, it is refused: it would change nothing).
    const variants = BUGS.find((b) => b.name === name)?.variants;
    const config = variants === undefined ? THREE_SERVERS : { ...THREE_SERVERS, variants };
    const report = assertModelContract(raftModel(config, [name]), { key: keyWith(variants ?? []), walks: 15 });
    expect(report.statesChecked).toBeGreaterThan(0);
  });
});
