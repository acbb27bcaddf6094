import { describe, expect, it } from 'vitest';
import { findTlcConfig, loadTlcConfigs, toRaftConfig } from '../../bench/tlcConfigs.js';
import { largeConfigWarning } from '../../cli/largeConfig.js';
import { DEFAULT_CONFIG } from '../../spec/raft/config.js';

describe('largeConfigWarning', () => {
  it('stays silent on the default configuration and on every reference configuration', () => {
    expect(largeConfigWarning(DEFAULT_CONFIG)).toBeUndefined();
    for (const c of loadTlcConfigs().filter((c) => !c.symmetry))
      expect(largeConfigWarning(toRaftConfig(c))).toBeUndefined();
  });

  it('names what goes past L9 in one line', () => {
    const L9 = toRaftConfig(findTlcConfig(loadTlcConfigs(), 'L9'));
    expect(largeConfigWarning({ ...L9, servers: 4 })).toMatch(/^4 servers: larger than 3 servers, maxTerm 3/);
    expect(largeConfigWarning({ ...L9, restart: true, maxInFlight: 0 })).toMatch(/^maxInFlight none, restart: /);
    expect(largeConfigWarning({ ...L9, maxTerm: 4 })).not.toContain('\n');
  });
});
