import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findTlcConfig, loadTlcConfigs, toRaftConfig, type TlcConfig } from '../../bench/tlcConfigs.js';
import { configError } from '../../spec/raft/config.js';

const scratch = mkdtempSync(join(tmpdir(), 'tlc-configs-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function file(name: string, content: string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe('loadTlcConfigs', () => {
  const configs = loadTlcConfigs();

  it('reads the reference configurations, each a valid RaftConfig with positive counts', () => {
    expect(configs.map((c) => c.name)).toEqual(expect.arrayContaining(['L1', 'L2', 'L3', 'L5', 'L8']));
    for (const c of configs) {
      expect(configError(toRaftConfig(c))).toBeUndefined();
      expect(Math.min(c.distinctStates, c.generatedStates - c.distinctStates, c.depth)).toBeGreaterThan(0);
    }
  });

  it('maps an entry to a RaftConfig field by field', () => {
    const entry = findTlcConfig(configs, 'L2');
    expect(toRaftConfig(entry)).toEqual({
      servers: entry.servers,
      values: entry.values,
      maxTerm: entry.maxTerm,
      maxLogLen: entry.maxLogLen,
      maxCopies: entry.maxCopies,
      maxInFlight: entry.maxInFlight,
      restart: entry.restart,
      duplicate: entry.duplicate,
      drop: entry.drop,
    });
  });

  it('uses the first path that exists', () => {
    const only = { ...findTlcConfig(configs, 'L1'), name: 'Only' };
    const path = file('first.json', JSON.stringify({ configs: [only] }));
    expect(loadTlcConfigs([join(scratch, 'missing.json'), path]).map((c) => c.name)).toEqual(['Only']);
  });

  it('fails with one message naming every path it looked in when none exists', () => {
    const a = join(scratch, 'a.json');
    const b = join(scratch, 'b.json');
    expect(() => loadTlcConfigs([a, b])).toThrow(`loadTlcConfigs: tlc-counts.json not found; looked in ${a}, ${b}`);
  });

  it.each([
    ['text that is not JSON', 'not json', /is not valid JSON/],
    ['no configs array', '{"meta": {}}', /has no 'configs' array/],
    [
      'an entry without a count',
      JSON.stringify({ configs: [{ name: 'X', servers: 2 }] }),
      /\(X\) has no number 'values'/,
    ],
  ])('fails with a message naming the file on %s', (_, content, message) => {
    const path = file('bad.json', content);
    expect(() => loadTlcConfigs([path])).toThrow(message);
    expect(() => loadTlcConfigs([path])).toThrow(path);
  });

  it('refuses symmetry reduction, which the checker does not do', () => {
    const entry: TlcConfig = { ...findTlcConfig(configs, 'L1'), symmetry: true };
    expect(() => toRaftConfig(entry)).toThrow(/^toRaftConfig: L1 uses symmetry/);
  });

  it('names the known configurations when asked for an unknown one', () => {
    expect(() => findTlcConfig(configs, 'L0')).toThrow(/findTlcConfig: no configuration 'L0' \(known: L1, /);
  });
});
