import { describe, expect, it } from 'vitest';
import { addOneOrThreeModel } from '../fixtures/models/addOneOrThree.js';
import { boundedCounterModel } from '../fixtures/models/boundedCounter.js';
import { diamondModel } from '../fixtures/models/diamond.js';
import { dieHardModel } from '../fixtures/models/dieHard.js';
import { graphModel } from '../fixtures/models/graph.js';
import { severalInitsModel } from '../fixtures/models/severalInits.js';
import { assertModelContract, type ModelContractReport } from './assertModelContract.js';

type Run = () => ModelContractReport;

describe('the model contract on the toy models', () => {
  it.each<[string, Run]>([
    ['the bounded counter', () => assertModelContract(boundedCounterModel())],
    [
      'the bounded counter with two steps and two caps',
      () => assertModelContract(boundedCounterModel({ caps: { Low: 5, High: 7 }, steps: [1, 2] })),
    ],
    ['the add-one-or-three model', () => assertModelContract(addOneOrThreeModel([7], 20))],
    ['the several-initial-states model', () => assertModelContract(severalInitsModel([3, 1, 2, 1], 2))],
    [
      'a small graph with a self-loop',
      () => assertModelContract(graphModel({ inits: [0, 2], edges: [[1, 2], [0, 1, 1], [2]], cap: 1, bad: [] })),
    ],
  ])('holds for %s', (_, run) => {
    expect(run().statesChecked).toBeGreaterThan(0);
  });

  it.each<[string, Run]>([
    ['the DieHard jugs', () => assertModelContract(dieHardModel())],
    ['the diamond chain', () => assertModelContract(diamondModel(3))],
  ])('holds for %s, whose equal states are often built apart', (_, run) => {
    const report = run();
    expect(report.statesChecked).toBeGreaterThan(0);
    expect(report.equalStatesBuiltApart).toBeGreaterThan(0);
  });
});
