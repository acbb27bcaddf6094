import { describe, expect, it } from 'vitest';
import { checkModelContract } from '../../checker/contract.js';
import type { Model } from '../../checker/model.js';
import {
  flipFloppingModel,
  lossyEncodingModel,
  mutatingModel,
  orderSensitiveEncodingModel,
} from '../fixtures/models/brokenModels.js';
import { boundedCounterModel } from '../fixtures/models/boundedCounter.js';
import { assertModelContract } from './assertModelContract.js';

/** The problem checkModelContract reports for `model` (it must report one). */
function problem<S, A>(model: Model<S, A>): string {
  const result = checkModelContract(model);
  if (result.ok) throw new Error('expected a breach');
  return result.problem;
}

describe('assertModelContract on models that break the contract', () => {
  it('fails a model whose next mutates its argument', () => {
    expect(() => assertModelContract(mutatingModel())).toThrow(/next changed the state it was given/);
    expect(problem(mutatingModel())).toBe(
      'next changed the state it was given, ["array"]; it must leave its argument as it was and return new states',
    );
  });

  it('fails a model whose next lists actions in a different order on a second call', () => {
    expect(problem(flipFloppingModel())).toBe(
      'next listed other actions, or the same in another order, on a second call for ["number",0] ' +
        '(first Up: Up, Down: Down, then Down: Down, Up: Up); it must be deterministic: counterexamples are ' +
        'replayed by successor position',
    );
  });

  it('fails a model whose encoding depends on insertion order', () => {
    expect(problem(orderSensitiveEncodingModel())).toMatch(
      /^encode wrote different words for two equal states, \["Map",.*\]; it must write the same words for equal states \(sort what has no order\)$/,
    );
  });

  it('fails a model whose encoding maps different states to one fingerprint', () => {
    expect(problem(lossyEncodingModel())).toBe(
      'encode wrote the same words for two different states, ["number",0] and ["number",1]; it must write different words for different states',
    );
  });

  it('says so when encode writes nothing at all', () => {
    // TypeScript accepts a function that returns a string where one returning void is expected.
    const blind = { ...boundedCounterModel(), encode: (s: number) => JSON.stringify(s) };
    expect(problem(blind)).toBe(
      'encode wrote the same words for two different states, ["number",0] and ["number",1] (it wrote no words at all); it must write different words for different states',
    );
  });

  it('names a repeated invariant and an empty set of initial states', () => {
    const base = boundedCounterModel();
    expect(problem({ ...base, invariants: [...base.invariants, ...base.invariants] })).toBe(
      "two invariants are named 'AtMostLimit'; invariant names must be unique (options and reports name them)",
    );
    expect(problem({ ...base, initialStates: () => [] })).toBe(
      'initialStates() returned no state; a model needs at least one initial state',
    );
  });
});
