import { describe, expect, it } from 'vitest';
import { findTlcConfig, loadTlcConfigs, toRaftConfig } from '../../bench/tlcConfigs.js';
import { checkRaft, type Engine } from '../../harness/checkRaft.js';

describe('agreement with TLC', () => {
  const configs = loadTlcConfigs();
  // The configurations that take a few seconds here on values (every successor decoded into Immutable.js); all
  // of them run in `npm run agree`.
  const cases: [Engine, string][] = [
    ...(['L1', 'L2', 'L8'] as const).map((name): [Engine, string] => ['reference', name]),
    ...(['L1', 'L2', 'L8', 'L3', 'L5', 'L7'] as const).map((name): [Engine, string] => ['flat', name]),
  ];
  it.each(cases)(
    "explores exactly TLC's distinct states, generated states and depth (%s engine, %s)",
    (engine, name) => {
      const entry = findTlcConfig(configs, name);
      const result = checkRaft(toRaftConfig(entry), [], {}, engine);
      expect(result.kind).toBe('ok');
      expect({
        distinctStates: result.stats.distinctStates,
        generatedStates: result.stats.generatedStates,
        depth: result.stats.depth,
      }).toEqual({ distinctStates: entry.distinctStates, generatedStates: entry.generatedStates, depth: entry.depth });
    },
  );
});
