/**
 * The etcd profile's witnesses (spec/etcd/witnesses.ts): how long the shortest behaviour to each is on TLC's
 * configurations (bench/tlc-counts.json), which invariants they leave vacuous, and that every invariant names one.
 */
import { describe, expect, it } from 'vitest';
import { loadEtcdTlcConfigs, type EtcdTlcConfig } from '../../../bench/etcdConfigs.js';
import { check } from '../../../checker/bfs.js';
import { coverageOf } from '../../../checker/coverage.js';
import { checkEtcd } from '../../../harness/checkEtcd.js';
import { ETCD_ACTION_NAMES } from '../../../spec/etcd/actions.js';
import { DEFAULT_ETCD_CONFIG } from '../../../spec/etcd/config.js';
import { flatEtcdModel } from '../../../spec/etcd/flat.js';
import { ETCD_INVARIANTS } from '../../../spec/etcd/invariants.js';
import { etcdModel } from '../../../spec/etcd/model.js';
import { ETCD_WITNESSES } from '../../../spec/etcd/witnesses.js';

function tlcConfig(name: string): EtcdTlcConfig {
  const c = loadEtcdTlcConfigs().find((x) => x.name === name);
  expect(c, `${name} in bench/tlc-counts.json`).toBeDefined();
  return c!;
}

describe('the etcd witnesses', () => {
  it('are each named by their own name, and reached only by actions the profile has', () => {
    const names = ETCD_WITNESSES.map((w) => w.name);
    expect(new Set(names).size).toBe(names.length);
    for (const w of ETCD_WITNESSES) for (const a of w.actions) expect(ETCD_ACTION_NAMES, w.name).toContain(a);
  });

  it('are what every invariant of the profile is about', () => {
    const names = ETCD_WITNESSES.map((w) => w.name);
    for (const inv of ETCD_INVARIANTS) expect(names, inv.name).toContain(inv.witness);
  });

  it("on E1 reach a leader, a replicated entry and a commit, not a configuration change, TLC's counts unchanged", () => {
    const e1 = tlcConfig('E1');
    const s = checkEtcd(e1.config).stats;
    expect([s.distinctStates, s.generatedStates, s.depth]).toEqual([e1.distinctStates, e1.generatedStates, e1.depth]);
    expect(s.witnesses).toEqual({
      LeaderElected: 11,
      EntryReplicated: 15,
      EntryCommitted: 21,
      // MaxTermLimit 2: only term 2 has a leader, so no leader is elected after a commit of an earlier term.
      TwoLeaders: null,
      LeaderAfterCommit: null,
      EntryOverwritten: null,
      // ReconfigurationLimit 0: the only configuration entries are the bootstrap ones, already applied.
      ConfigChangeApplied: null,
      RestartFromPersisted: 4,
      LeaderDeposed: null,
    });
    expect(coverageOf(etcdModel(e1.config), s).vacuous).toEqual([
      { invariant: 'LeaderCompletenessInv', witness: 'LeaderAfterCommit' },
    ]);
  });

  it('give the same lengths with servers interchangeable, where that halves the states', () => {
    // s2 and s3 start alike (outside the configuration), and s1 adds one of them.
    const config = {
      ...DEFAULT_ETCD_CONFIG,
      servers: 3,
      initServers: 1,
      reconfigLimit: 1,
      maxTerm: 2,
      requestLimit: 0,
      maxInFlight: 1,
      maxLog: 2,
    };
    const plain = checkEtcd(config).stats;
    const symmetric = checkEtcd(config, {}, true).stats;
    expect(symmetric.distinctStates).toBeLessThan(plain.distinctStates * 0.6);
    expect(plain.witnesses?.ConfigChangeApplied).toBe(12);
    expect(symmetric.witnesses).toEqual(plain.witnesses);
  });

  // tlc-counts.json's notes: TLC, given the invariant that no configuration changes, breaks it at depth 12 on E2
  // and 24 on E4. The searches stop early; the levels they finished hold the first configuration change.
  it('reach a configuration change applied at the depth TLC first finds one (E2: 12, E4: 24)', () => {
    const e2 = checkEtcd(tlcConfig('E2').config, { maxStates: 10_000 }).stats.witnesses;
    expect(e2?.ConfigChangeApplied).toBe(12);
    const e4 = checkEtcd(tlcConfig('E4').config, { maxStates: 20_000 }).stats.witnesses;
    expect(e4?.ConfigChangeApplied).toBe(24);
  });

  it("are reported alike by the profile's flat model", () => {
    const config = { ...DEFAULT_ETCD_CONFIG, servers: 2, initServers: 2, maxTerm: 2, maxInFlight: 1, maxLog: 3 };
    const flat = check(flatEtcdModel(config)).stats;
    expect(flat.witnesses).toEqual(checkEtcd(config).stats.witnesses);
    expect(coverageOf(flatEtcdModel(config), flat).vacuous.map((v) => v.invariant)).toEqual(['LeaderCompletenessInv']);
  });
});
