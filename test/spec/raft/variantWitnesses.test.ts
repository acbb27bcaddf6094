import { describe, expect, it } from 'vitest';
import { checkRaft } from '../../../harness/checkRaft.js';
import { DEFAULT_CONFIG, type RaftConfig } from '../../../spec/raft/config.js';
import { fastRaftModel } from '../../../spec/raft/model.js';
import { RAFT_WITNESSES } from '../../../spec/raft/witnesses.js';
import { VARIANT_MODULES } from '../../../spec/raft/variants/registry.js';
import type { VariantModule } from '../../../spec/raft/variants/variant.js';

const MODULES = VARIANT_MODULES as readonly VariantModule[];

/** Small bounds: three servers, one entry, two terms, no faults. */
const SMALL: RaftConfig = { ...DEFAULT_CONFIG, maxTerm: 2, maxLogLen: 1, restart: false, drop: false };

/**
 * Bounds on which a variant's situations happen in seconds: two servers with empty logs (one partition cuts a
 * leader off), membership's change on three servers after an entry of the leader's term.
 */
const REACHES: Readonly<Record<string, Partial<RaftConfig>>> = { membership: { maxLogLen: 2 } };
const TWO: Partial<RaftConfig> = { servers: 2, maxLogLen: 0 };

describe("a variant's witnesses, declared in its module", () => {
  it("are watched exactly when the variant is on, after raft.tla's", () => {
    const plain = fastRaftModel(SMALL).witnesses?.map((w) => w.name);
    expect(plain).toEqual(RAFT_WITNESSES.map((w) => w.name));
    for (const m of MODULES) {
      const names = fastRaftModel({ ...SMALL, variants: [m.variant.name] }).witnesses?.map((w) => w.name);
      expect(names).toEqual([...RAFT_WITNESSES, ...m.witnesses].map((w) => w.name));
    }
  });

  it.each(MODULES.map((m) => [m.variant.name, m] as const))('%s: each is reached on small bounds', (name, m) => {
    const config: RaftConfig = { ...SMALL, ...(REACHES[name] ?? TWO), variants: [name] };
    const result = checkRaft(config);
    expect(result.kind).toBe('ok');
    for (const w of m.witnesses) expect(result.stats.witnesses?.[w.name], w.name).toBeGreaterThan(0);
  });

  it('a variant invariant names a witness of its own variant, so its "holds" says whether it was exercised', () => {
    for (const m of MODULES) {
      for (const inv of m.invariants) {
        expect(inv.variant).toBe(m.variant.name);
        if (inv.witness !== undefined) expect(m.witnesses.map((w) => w.name)).toContain(inv.witness);
      }
    }
  });
});
