import { describe, expect, it } from 'vitest';
import {
  asInt,
  asMap,
  asRecord,
  decodeItf,
  formatItfProblem,
  itfInt,
  itfKind,
  itfMap,
  itfSet,
  itfTup,
  parseItf,
  writeItf,
  type ItfTrace,
} from '../../traces/itf.js';

const everyKind: ItfTrace = {
  meta: { format: 'ITF', source: 'test' },
  vars: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
  states: [
    {
      meta: {},
      values: {
        a: itfInt(2),
        b: 'hello',
        c: itfInt(10n ** 30n),
        d: itfSet([itfInt(5), itfInt(6)]),
        e: { foo: itfInt(3), bar: true },
        f: itfTup([itfInt(7), 'seven']),
        g: itfMap([
          [{ x: itfInt(1) }, 'a'],
          [itfSet([]), 'b'],
        ]),
        h: [false, [itfInt(-1)]],
      },
    },
  ],
};

function problem(text: string): string {
  const read = parseItf(text);
  if (read.ok) throw new Error('expected a problem');
  return formatItfProblem(read.error);
}

describe('ITF writer and reader', () => {
  it('round-trips every kind of value', () => {
    const read = parseItf(writeItf(everyKind));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.vars).toEqual(everyKind.vars);
    expect(read.value.states[0]!.values).toEqual(everyKind.states[0]!.values);
    expect(read.value.states[0]!.meta).toEqual({ index: 0 });
    expect(read.value.meta).toEqual(everyKind.meta);
  });

  it('writes every integer as #bigint and numbers each state in #meta.index', () => {
    const json = JSON.parse(writeItf({ ...everyKind, states: [everyKind.states[0]!, everyKind.states[0]!] })) as {
      states: Record<string, unknown>[];
    };
    expect(json.states.map((s) => s['#meta'])).toEqual([{ index: 0 }, { index: 1 }]);
    expect(json.states[0]!.a).toEqual({ '#bigint': '2' });
    expect(json.states[0]!.c).toEqual({ '#bigint': '1000000000000000000000000000000' });
  });

  it('reads plain JSON integers (allowed by ADR-015) as #bigint', () => {
    const read = parseItf('{"vars":["x"],"states":[{"x":3}]}');
    expect(read.ok && read.value.states[0]!.values.x).toEqual({ '#bigint': '3' });
  });

  it('tells the kinds apart', () => {
    const v = everyKind.states[0]!.values;
    expect([v.a, v.b, v.d, v.e, v.f, v.g, v.h, true].map((x) => itfKind(x!))).toEqual([
      'int',
      'string',
      'set',
      'record',
      'tup',
      'map',
      'list',
      'bool',
    ]);
  });

  it.each([
    ['{', /^not JSON: /],
    ['[1, 2]', /^not ITF: the top level is an array, not an object$/],
    ['{"states": []}', /^field vars: not ITF: 'vars' must be an array of strings$/],
    ['{"vars": [], "states": {}}', /^field states: not ITF: 'states' must be an array$/],
    ['{"vars": ["x"], "states": [{"x": 1}, 7]}', /^field states\[1\]: not ITF: state 1 is number 7, not an object$/],
    ['{"vars": ["x", "y"], "states": [{"x": 1}]}', /^state 1 \(states\[0\]\), field y: variable 'y' is missing$/],
    ['{"vars": ["x"], "states": [{"x": 1.5}]}', /^state 1 \(states\[0\]\), field x: expected an integer, got 1.5$/],
    ['{"vars": ["x"], "states": [{"x": null}]}', /^state 1 \(states\[0\]\), field x: expected an ITF value, got null$/],
    [
      '{"vars": ["x"], "states": [{"x": {"#bigint": "12a"}}]}',
      /^state 1 \(states\[0\]\), field x: '#bigint' must be a string/,
    ],
    [
      '{"vars": ["x"], "states": [{"x": {"#map": [[1]]}}]}',
      /^state 1 \(states\[0\]\), field x\.#map\[0\]: a map entry must be/,
    ],
    ['{"vars": ["x"], "states": [{"x": {"#set": 1}}]}', /^state 1 \(states\[0\]\), field x: '#set' must be an array/],
    [
      '{"vars": ["x"], "states": [{"x": {"a": {"#foo": 1}}}]}',
      /^state 1 \(states\[0\]\), field x\.a: unknown tag '#foo'$/,
    ],
    [
      '{"vars": ["x"], "states": [{"x": {"#tup": [], "y": 1}}]}',
      /^state 1 \(states\[0\]\), field x: '#tup' must be the only key/,
    ],
  ])('rejects %s with one line naming where', (text, message) => {
    const line = problem(text);
    expect(line).toMatch(message);
    expect(line).not.toContain('\n');
  });

  it('lets decoders report the path of a value of the wrong kind', () => {
    const value = itfMap([['s1', 'oops']]);
    const decoded = decodeItf(() => asMap(value, 'currentTerm').map(([, v]) => asInt(v, 'currentTerm[s1]')), 4);
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(formatItfProblem(decoded.error)).toBe(
        'state 5 (states[4]), field currentTerm[s1]: expected an integer, got the string "oops"',
      );
    }
  });

  it('checks a record has exactly the fields it needs', () => {
    expect(() => asRecord({ a: true }, 'r', ['a', 'b'])).toThrow("record has no field 'b'");
    expect(() => asRecord({ a: true, c: true }, 'r', ['a'])).toThrow("record has an unexpected field 'c'");
    expect(asRecord({ a: true }, 'r', ['a'])).toEqual({ a: true });
  });
});
