import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configFromFlags, flagsOf, MODEL_HELP, MODEL_OPTIONS } from '../../cli/modelFlags.js';
import { parseFlags } from '../../cli/usage.js';
import { CONFIG_RANGES, configError, type RaftConfig } from '../../spec/raft/config.js';
import { modelProblem } from '../../spec/raft/configCheck.js';
import { optionRange, VARIANT_NAMES, VARIANT_OPTIONS } from '../../spec/raft/variants.js';
import { smallConfig } from '../fixtures/raftArbitraries.js';

/** A valid configuration with any variants on and any of their options given, on up to the most servers. */
const configs: fc.Arbitrary<RaftConfig> = fc
  .record({
    bounds: smallConfig,
    servers: fc.integer({ min: 2, max: CONFIG_RANGES.servers[1] }),
    variants: fc.subarray([...VARIANT_NAMES]),
    picks: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
      minLength: VARIANT_OPTIONS.length,
      maxLength: VARIANT_OPTIONS.length,
    }),
  })
  .map(({ bounds, servers, variants, picks }) => {
    const settings: Record<string, number> = {};
    VARIANT_OPTIONS.forEach((o, k) => {
      if (!variants.includes(o.variant) || picks[k]! < 0.3) return;
      const [lo, hi] = optionRange(o, servers);
      settings[o.key] = lo + Math.floor(picks[k]! * (hi - lo + 1 - 1e-9));
    });
    return { ...bounds, servers, ...(variants.length > 0 ? { variants: [...variants].sort() } : {}), ...settings };
  });

describe("the variants' options, declared once in their modules", () => {
  it('every option is a model flag, a configuration key and a line of the help', () => {
    for (const o of VARIANT_OPTIONS) {
      expect(MODEL_OPTIONS).toHaveProperty(o.flag);
      expect(MODEL_HELP).toContain(`--${o.flag} K`);
      // A wrong type is refused by name, so the key is known to the configuration check.
      expect(modelProblem({ ...baseConfig(), [o.key]: 'two' })).toBe(`${o.key} must be a number, got 'two'`);
    }
  });

  it('a configuration written as flags (the reproduce commands) reads back as the same configuration', () => {
    fc.assert(
      fc.property(configs, (config) => {
        expect(configError(config)).toBeUndefined();
        const { values } = parseFlags(flagsOf(config).split(' '), MODEL_OPTIONS);
        expect(configFromFlags(values)).toEqual(config);
      }),
      { seed: 22, numRuns: 200 },
    );
  });

  it('an option without its variant is refused, on the command line and in a configuration', () => {
    for (const o of VARIANT_OPTIONS.filter((o) => !o.switchesOn)) {
      const { values } = parseFlags([`--${o.flag}`, String(o.min)], MODEL_OPTIONS);
      expect(() => configFromFlags(values)).toThrow(`--${o.flag} needs --variant ${o.variant}`);
      expect(configError({ ...baseConfig(), [o.key]: o.min })).toBe(`${o.key} needs the ${o.variant} variant`);
    }
    for (const o of VARIANT_OPTIONS.filter((o) => o.switchesOn)) {
      const { values } = parseFlags([`--${o.flag}`, String(o.min)], MODEL_OPTIONS);
      expect(configFromFlags(values).variants).toContain(o.variant);
    }
  });
});

function baseConfig(): RaftConfig {
  const { values } = parseFlags([], MODEL_OPTIONS);
  return configFromFlags(values);
}
