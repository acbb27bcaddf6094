import { fc, test } from '@fast-check/vitest';
import { is } from 'immutable';
import { describe, expect } from 'vitest';
import { Cluster } from '../../../spec/raft/cluster.js';
import { fromFlat, toFlat } from '../../../spec/raft/codec.js';
import { clusterToJson } from '../../../spec/raft/describe.js';
import { Layout } from '../../../spec/raft/layout.js';
import { SERVER_VARIABLES } from '../../../spec/raft/schema.js';
import { stateView } from '../../../spec/raft/stateView.js';
import { clusterFromItf, clusterToItf } from '../../../traces/raft/itf.js';
import { anyCluster } from '../../fixtures/schemaArbitraries.js';

const sizes = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }));
const states = sizes.chain(([n, cap]) =>
  fc.tuple(fc.constant(new Layout(n, cap)), anyCluster(n, cap), anyCluster(n, cap)),
);

const sameWords = (a: Int32Array, b: Int32Array): boolean => a.length === b.length && a.every((w, k) => w === b[k]);

describe('the schema-derived codec', () => {
  test.prop([states])('decodes every encoded state to an equal value, and back to the same words', ([L, s]) => {
    const flat = toFlat(L, s);
    const back = fromFlat(L, flat);
    expect(is(back, s)).toBe(true);
    expect(sameWords(toFlat(L, back), flat)).toBe(true);
  });

  test.prop([states])('gives equal words exactly to equal states (no variable or field is left out)', ([L, a, b]) => {
    expect(sameWords(toFlat(L, a), toFlat(L, b))).toBe(is(a, b));
  });

  test.prop([states, fc.nat()])(
    'tells apart two states that differ in one variable of one server, for every variable',
    ([L, a, b], pick) => {
      const name = SERVER_VARIABLES[pick % SERVER_VARIABLES.length]!;
      const mixed = a.setIn(['servers', 0, name], b.servers.get(0)!.get(name));
      expect(sameWords(toFlat(L, a), toFlat(L, mixed))).toBe(is(a, mixed));
    },
  );

  test.prop([states])('shares the decoded record of every server whose words did not change', ([L, s, t]) => {
    const parent = { flat: toFlat(L, s), state: s };
    const child = t.setIn(['servers', 0], s.servers.get(0));
    const decoded = fromFlat(L, toFlat(L, child), parent);
    expect(decoded.servers.get(0)).toBe(s.servers.get(0));
    expect(is(decoded, child)).toBe(true);
  });
});

describe('the schema-derived views', () => {
  test.prop([states])('ITF carries every variable: export then import gives the same state', ([L, s]) => {
    const values = clusterToItf(s) as Record<string, never>;
    expect(is(clusterFromItf(values, { servers: L.servers, values: 2 }), s)).toBe(true);
  });

  test.prop([states])("the user-invariant view reads exactly as the state's JSON", ([L, s]) => {
    const view = stateView(new Cluster(L).begin(toFlat(L, s)));
    const json = clusterToJson(s);
    // The bag's order differs (canonical order in the view, JSON's sorted text in clusterToJson): compare as sets.
    const { messages, ...variables } = JSON.parse(JSON.stringify(view)) as typeof json;
    const { messages: expected, ...rest } = json;
    expect(variables).toEqual(rest);
    expect(new Set(messages.map((m) => JSON.stringify(m)))).toEqual(new Set(expected.map((m) => JSON.stringify(m))));
  });
});
