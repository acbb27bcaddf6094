/**
 * The etcd profile (spec/etcd/): TLC's counts on etcd-io/raft's MCetcdraft, a decodable canonical encoding,
 * server symmetry, and invariants that do fail on states that break them.
 */
import { describe, expect, it } from 'vitest';
import { loadEtcdTlcConfigs } from '../../../bench/etcdConfigs.js';
import { Random } from '../../../checker/random.js';
import { checkEtcd } from '../../../harness/checkEtcd.js';
import { decodeEtcd, etcdWords } from '../../../spec/etcd/codec.js';
import { DEFAULT_ETCD_CONFIG, type EtcdConfig } from '../../../spec/etcd/config.js';
import { configEntry, valueEntry } from '../../../spec/etcd/entry.js';
import { ETCD_INVARIANTS } from '../../../spec/etcd/invariants.js';
import { etcdBounds, etcdModel } from '../../../spec/etcd/model.js';
import { initialEtcdState, type EtcdState } from '../../../spec/etcd/state.js';
import { etcdSymmetry, permutations, renameState } from '../../../spec/etcd/symmetry.js';
import { check } from '../../../checker/bfs.js';
import { findProfile, PROFILES } from '../../../spec/profiles.js';

/** How often a walk draws an action kind: crashes and step-downs are rare, so that elections finish. */
const RARE: Record<string, number> = {
  Restart: 0.03,
  StepDownToFollower: 0.03,
  Timeout: 0.2,
  DropMessage: 0.1,
  DuplicateMessage: 0.1,
};

/** States along a seeded walk of the profile of `config`: an enabled action kind drawn first, then one of its steps. */
function walk(config: EtcdConfig, seed: number, steps: number): EtcdState[] {
  const model = etcdModel(config);
  const random = new Random(seed);
  let s = model.initialStates()[0]!;
  const out = [s];
  for (let k = 0; k < steps; k++) {
    const next = model.next(s);
    const kinds = [...new Set(next.map((t) => model.actionName(t.action)))];
    const weights = kinds.map((name) => RARE[name] ?? 1);
    let x = random.nextFloat() * weights.reduce((a, b) => a + b, 0);
    const kind = kinds.find((_, n) => (x -= weights[n]!) < 0) ?? kinds[kinds.length - 1];
    const ofKind = next.filter((t) => model.actionName(t.action) === kind);
    s = ofKind[random.below(ofKind.length)]!.state;
    out.push(s);
  }
  return out;
}

const RECONFIG: EtcdConfig = {
  ...DEFAULT_ETCD_CONFIG,
  servers: 3,
  initServers: 2,
  reconfigLimit: 2,
  maxTerm: 4,
  requestLimit: 2,
  maxInFlight: 0,
  maxLog: 0,
};

describe('etcd profile counts', () => {
  for (const c of loadEtcdTlcConfigs().filter((x) => x.distinctStates < 100_000)) {
    it(`${c.name} gives TLC's distinct and generated states and depth`, () => {
      const s = checkEtcd(c.config, {}, c.symmetry).stats;
      expect([s.distinctStates, s.generatedStates, s.depth]).toEqual([c.distinctStates, c.generatedStates, c.depth]);
    });
  }
});

describe('the etcd profile in the profile registry', () => {
  it("is listed, and its flat model explores exactly what the profile's model does", () => {
    expect(findProfile('etcd')?.name).toBe('etcd');
    const profile = PROFILES.etcd;
    const config = { ...DEFAULT_ETCD_CONFIG, servers: 2, initServers: 2, maxInFlight: 1, maxLog: 3 };
    expect(profile.configError({ ...config, initServers: 3 })).toMatch(/^initServers \(3\) cannot exceed servers/);
    expect(profile.configError(config)).toBeUndefined();
    const flat = check(profile.fastModel(config, [])).stats;
    const values = checkEtcd(config).stats;
    expect([flat.distinctStates, flat.generatedStates, flat.depth]).toEqual([
      values.distinctStates,
      values.generatedStates,
      values.depth,
    ]);
    expect(flat.actions).toEqual(values.actions);
  });
});

describe('etcd profile states', () => {
  const states = [1, 2, 3].flatMap((seed) => walk(RECONFIG, seed, 300));

  it('decode inverts the encoding', () => {
    for (const s of states) expect(etcdWords(decodeEtcd(etcdWords(s), RECONFIG.servers))).toEqual(etcdWords(s));
  });

  it('every renaming of a state has the same canonical form, one of its own renamings', () => {
    const symmetry = etcdSymmetry(RECONFIG.servers);
    for (const s of states.slice(0, 200)) {
      const canonical = etcdWords(symmetry.canonicalize(s));
      const renamings = permutations(RECONFIG.servers).map((p) => etcdWords(renameState(s, p)).join(','));
      expect(renamings).toContain(canonical.join(','));
      for (const p of permutations(RECONFIG.servers)) {
        expect(etcdWords(symmetry.canonicalize(renameState(s, p)))).toEqual(canonical);
      }
    }
  });

  it('the walks reach leaders, commits and applied configuration changes', () => {
    expect(states.some((s) => s.servers.some((v) => v.state === 'Leader'))).toBe(true);
    expect(states.some((s) => s.reconfigCount > 0)).toBe(true);
  });

  it('every invariant holds along the walks', () => {
    for (const s of states) for (const inv of ETCD_INVARIANTS) expect(inv.holds(s), inv.name).toBe(true);
  });
});

describe('etcd profile invariants fail where they should', () => {
  const base = initialEtcdState({ ...DEFAULT_ETCD_CONFIG, servers: 2, initServers: 2 });
  const holds = (name: string, s: EtcdState): boolean => ETCD_INVARIANTS.find((i) => i.name === name)!.holds(s);
  const withServers = (f: (k: number) => Partial<EtcdState['servers'][number]>): EtcdState => ({
    ...base,
    servers: base.servers.map((v, k) => ({ ...v, ...f(k) })),
  });

  it('a log shorter than what was persisted (a conflict after Ready) breaks the durableLog bound', () => {
    const durableLog = etcdBounds(DEFAULT_ETCD_CONFIG).find((b) => b.name === 'durableLog')!;
    expect(durableLog.holds(base)).toBe(true);
    const cut = withServers((k) => (k === 0 ? { log: base.servers[0]!.log.slice(0, 1) } : {}));
    expect(durableLog.holds(cut)).toBe(false);
  });

  it('maxCommit and ownedTerms cut what they say: a commit past C, a campaign for a term not owned, a step-down, two leaders', () => {
    const config = { ...DEFAULT_ETCD_CONFIG, servers: 2, initServers: 2, maxCommit: 2, ownedTerms: true };
    const bound =
      (name: string) =>
      (s: EtcdState): boolean =>
        etcdBounds(config)
          .find((b) => b.name === name)!
          .holds(s);
    expect(bound('maxCommit')(base)).toBe(true);
    expect(bound('maxCommit')(withServers((k) => (k === 1 ? { commitIndex: 3 } : {})))).toBe(false);
    const owned = bound('ownedTerms');
    expect(owned(base)).toBe(true);
    // Term 2 is s1's, term 3 s2's, term 4 s1's again (two servers).
    const campaign = (id: number, term: number, state: 'Candidate' | 'Leader' = 'Candidate'): EtcdState =>
      withServers((k) => (k === id - 1 ? { state, currentTerm: term, votedFor: id } : {}));
    expect([owned(campaign(1, 2)), owned(campaign(2, 2)), owned(campaign(2, 3)), owned(campaign(1, 4))]).toEqual([
      true,
      false,
      true,
      true,
    ]);
    // A follower that voted for itself in its term gave up its campaign (StepDownToFollower).
    expect(owned(withServers((k) => (k === 0 ? { currentTerm: 2, votedFor: 1 } : {})))).toBe(false);
    const twoLeaders = withServers((k) => ({ state: 'Leader', currentTerm: k + 2, votedFor: k + 1 }));
    expect(owned(twoLeaders)).toBe(false);
  });

  it('two leaders of one term break MoreThanOneLeaderInv', () => {
    expect(holds('MoreThanOneLeaderInv', base)).toBe(true);
    expect(
      holds(
        'MoreThanOneLeaderInv',
        withServers(() => ({ state: 'Leader' })),
      ),
    ).toBe(false);
  });

  it('conflicting committed entries break LogInv', () => {
    const conf = configEntry(1, 3, 0);
    const s = withServers((k) => ({ log: [conf, conf, valueEntry(k + 2)], commitIndex: 3 }));
    expect(holds('LogInv', s)).toBe(false);
    expect(holds('LogMatchingInv', s)).toBe(true);
  });

  it('a leader committing past what it persisted breaks CommittedIsDurableInv', () => {
    const conf = configEntry(1, 3, 0);
    const s = withServers((k) =>
      k === 0 ? { state: 'Leader', currentTerm: 2, log: [conf, conf, valueEntry(2)], commitIndex: 3 } : {},
    );
    expect(holds('CommittedIsDurableInv', s)).toBe(false);
  });
});
