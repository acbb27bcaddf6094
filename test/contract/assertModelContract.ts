/**
 * The model contract (checker/contract.ts) as a vitest assertion: the tests of every model call it, and a breach
 * fails the test with the contract's own line.
 */
import { expect } from 'vitest';
import { checkModelContract, type ModelContractOptions } from '../../checker/contract.js';
import type { Model } from '../../checker/model.js';

export { snapshot, type ModelContractOptions } from '../../checker/contract.js';

export interface ModelContractReport {
  readonly statesChecked: number;
  readonly equalStatesBuiltApart: number;
}

/** Checks the model contract on `model`; throws (through `expect`) on the first breach. */
export function assertModelContract<S, A>(
  model: Model<S, A>,
  options: ModelContractOptions<S> = {},
): ModelContractReport {
  const result = checkModelContract(model, options);
  if (!result.ok) expect.fail(result.problem);
  return result;
}
