import { fc, it as prop } from '@fast-check/vitest';
import { is, List, Map as IMap, OrderedMap, OrderedSet, Record, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { Encoding } from '../../checker/encoding.js';
import { encodeValue } from '../../checker/encodeValue.js';
import { canonicalJson } from '../../checker/canonicalJson.js';
import { buildValue, isImmutableOnly, replaceNode, shuffler, valueSpec } from '../fixtures/valueSpecs.js';

function words(value: unknown): number[] {
  const out = new Encoding(4);
  encodeValue(value, out);
  return Array.from(out.words.subarray(0, out.length));
}

const sameWords = (a: unknown, b: unknown): boolean => {
  const x = words(a);
  const y = words(b);
  return x.length === y.length && x.every((w, k) => w === y[k]);
};

const Point = Record({ x: 0, y: 0 });
const OtherPoint = Record({ y: 0, x: 0 });

describe('encodeValue', () => {
  it.each<[string, unknown, unknown]>([
    ['a number and its string', 1, '1'],
    ['true and 1', true, 1],
    ['false and 0', false, 0],
    ['null and undefined', null, undefined],
    ['0 and 0.5', 0, 0.5],
    ['an int32 and a number just past int32', 2 ** 31 - 1, 2 ** 31],
    ['the empty string and a NUL character', '', '\u0000'],
    ['"a" and "a" followed by NUL', 'a', 'a\u0000'],
    ["['ab'] and ['a', 'b']", ['ab'], ['a', 'b']],
    ['[[1], 2] and [[1, 2]]', [[1], 2], [[1, 2]]],
    ['an array and a List', [1], List([1])],
    ['a List and a Set', List([1]), ISet([1])],
    ['a Set and an OrderedSet', ISet([1]), OrderedSet([1])],
    ['a Map and an OrderedMap', IMap({ a: 1 }), OrderedMap({ a: 1 })],
    ['a plain object and a Map', { a: 1 }, IMap({ a: 1 })],
    ['a Record and a Map with its fields', Point({ x: 1 }), IMap({ x: 1, y: 0 })],
    [
      'OrderedMaps with the same entries in two orders',
      OrderedMap([
        ['a', 1],
        ['b', 2],
      ]),
      OrderedMap([
        ['b', 2],
        ['a', 1],
      ]),
    ],
    ['a Map whose key and value are swapped', IMap([[1, 2]]), IMap([[2, 1]])],
  ])('writes different words for %s', (_, a, b) => {
    expect(sameWords(a, b)).toBe(false);
  });

  it.each<[string, unknown, unknown]>([
    ['0 and -0 (as Immutable `is` says)', 0, -0],
    ['NaN and NaN', NaN, NaN],
    ['plain objects with keys in two orders', { a: 1, b: [2] }, { b: [2], a: 1 }],
    [
      'Maps built in two orders',
      IMap<string, number>().set('a', 1).set('b', 2),
      IMap<string, number>().set('b', 2).set('a', 1),
    ],
    ['Sets built in two orders', ISet([List([1]), 'x', 3]), ISet([3, 'x', List([1])])],
    ['Records of two factories whose keys are listed in two orders', Point({ x: 1, y: 2 }), OtherPoint({ y: 2, x: 1 })],
    ['a Map after deleting what was added', IMap<string, number>({ a: 1 }).set('b', 2).delete('b'), IMap({ a: 1 })],
  ])('writes equal words for %s', (_, a, b) => {
    expect(sameWords(a, b)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a function', () => 0],
    ['a symbol', Symbol('s')],
    ['a bigint', 1n],
    ['a Date', new Date(0)],
    ['a JS Map', new Map()],
  ])('refuses %s with an error that names the function', (_, value) => {
    expect(() => words(value)).toThrow(/^encodeValue: /);
  });

  it('appends to what the encoding already holds and grows past its capacity', () => {
    const out = new Encoding(1);
    out.push(42);
    const value = List(Array.from({ length: 50 }, (_, k) => `item ${k}`));
    encodeValue(value, out);
    expect(out.words[0]).toBe(42);
    expect(Array.from(out.words.subarray(1, out.length))).toEqual(words(value));
  });

  prop.prop([valueSpec, fc.integer(), fc.integer()])(
    'writes equal words for a value built in two shuffled insertion orders',
    (spec, seedA, seedB) => {
      const a = buildValue(spec, shuffler(seedA));
      const b = buildValue(spec, shuffler(seedB));
      expect(words(a)).toEqual(words(b));
      if (isImmutableOnly(spec)) expect(is(a, b)).toBe(true);
    },
  );

  const pairs = fc.oneof(
    fc.tuple(valueSpec, valueSpec),
    // A value and a copy with one node replaced: often equal, often different by very little.
    fc
      .tuple(valueSpec, fc.nat(20), valueSpec)
      .map(([spec, index, replacement]) => [spec, replaceNode(spec, index, replacement)]),
  );

  prop.prop([pairs])('writes equal words exactly when the naive canonical JSON strings are equal', ([specA, specB]) => {
    const a = buildValue(specA);
    const b = buildValue(specB);
    expect(sameWords(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
    if (isImmutableOnly(specA) && isImmutableOnly(specB)) expect(sameWords(a, b)).toBe(is(a, b));
  });
});
