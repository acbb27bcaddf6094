import { describe, expect, it } from 'vitest';
import { findTlcConfig, loadTlcConfigs, toRaftConfig } from '../../bench/tlcConfigs.js';
import { check } from '../../checker/bfs.js';
import { raftModel } from '../../spec/raft/model.js';

describe('agreement with TLC', () => {
  const configs = loadTlcConfigs();
  // The configurations that take a few seconds here; the others run in `npm run agree`.
  it.each(['L1', 'L2', 'L8', 'L3', 'L5'])(
    "explores exactly TLC's distinct states, generated states and depth on %s",
    (name) => {
      const entry = findTlcConfig(configs, name);
      const result = check(raftModel(toRaftConfig(entry)));
      expect(result.kind).toBe('ok');
      expect({
        distinctStates: result.stats.distinctStates,
        generatedStates: result.stats.generatedStates,
        depth: result.stats.depth,
      }).toEqual({ distinctStates: entry.distinctStates, generatedStates: entry.generatedStates, depth: entry.depth });
    },
  );
});
