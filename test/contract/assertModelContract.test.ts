import { describe, expect, it } from 'vitest';
import {
  flipFloppingModel,
  lossyEncodingModel,
  mutatingModel,
  orderSensitiveEncodingModel,
} from '../fixtures/models/brokenModels.js';
import { assertModelContract } from './assertModelContract.js';

describe('assertModelContract on models that break the contract', () => {
  it('fails a model whose next mutates its argument', () => {
    expect(() => assertModelContract(mutatingModel())).toThrow(/does not mutate/);
  });

  it('fails a model whose next lists actions in a different order on a second call', () => {
    expect(() => assertModelContract(flipFloppingModel())).toThrow(/deterministic order/);
  });

  it('fails a model whose encoding depends on insertion order', () => {
    expect(() => assertModelContract(orderSensitiveEncodingModel())).toThrow(/equal states get equal fingerprints/);
  });

  it('fails a model whose encoding maps different states to one fingerprint', () => {
    expect(() => assertModelContract(lossyEncodingModel())).toThrow(/different states get different fingerprints/);
  });
});
