/** Models and behaviours the explorer's tests share, built only through the explorer's own adapter. */
import { DEFAULT_CONFIG, makeEngine, runCheck, type Engine, type ModelChoice } from '../../explorer/src/engine.js';
import { fromLabels, type History } from '../../explorer/src/history.js';

/** Two servers with the double-vote bug: breadth-first search finds a 9-state counterexample at once. */
export const DOUBLE_VOTE: ModelChoice = { config: { ...DEFAULT_CONFIG, servers: 2 }, bugs: ['double-vote'] };

/** The double-vote counterexample as a history, through the checker as the page's worker runs it. */
export function doubleVote(): { engine: Engine; history: History; invariant: string } {
  const outcome = runCheck(DOUBLE_VOTE, undefined, () => undefined);
  if (outcome.kind !== 'violation') throw new Error('fixture: double-vote was not caught');
  const engine = makeEngine(DOUBLE_VOTE);
  const rebuilt = fromLabels(engine, outcome.labels);
  if (rebuilt.problem !== undefined) throw new Error(`fixture: ${rebuilt.problem}`);
  return { engine, history: rebuilt.history, invariant: outcome.invariant };
}

/** Follows `labels` (each must be enabled) from the initial state. */
export function walkLabels(engine: Engine, labels: readonly string[]): History {
  const rebuilt = fromLabels(engine, labels);
  if (rebuilt.problem !== undefined) throw new Error(`fixture: ${rebuilt.problem}`);
  return rebuilt.history;
}
