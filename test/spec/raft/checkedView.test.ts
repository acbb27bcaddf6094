import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CHECKED_VIEWS, Cluster } from '../../../spec/raft/cluster.js';
import { Layout } from '../../../spec/raft/layout.js';

/** A state of `layout` with every word zero but the bag's (empty). */
function blank(layout: Layout): Int32Array {
  return new Int32Array(layout.bagStart + 1);
}

describe('the checked view (cluster.ts)', () => {
  it('is on in tests', () => {
    expect(CHECKED_VIEWS).toBe(true);
  });

  it('throws at once on a read or write of a variable the layout does not hold, naming its variant', () => {
    const c = new Cluster(new Layout(2, 2)).begin(blank(new Layout(2, 2)));
    const me = c.server(0);
    expect(() => me.heardFromLeader).toThrow(/heardFromLeader is the prevote variant's variable.*prevote is off/);
    expect(() => {
      me.heardFromLeader = true;
    }).toThrow(/prevote is off/);
    expect(() => me.quorumHeard).toThrow(/quorumHeard is the check-quorum variant's variable/);
    // Nothing was written: the state is still the one it began with.
    expect(c.state.every((w) => w === 0)).toBe(true);
  });

  it('reads and writes a variable the layout holds', () => {
    const layout = new Layout(2, 2, ['prevote', 'check-quorum']);
    const c = new Cluster(layout).begin(blank(layout));
    const me = c.server(1);
    me.heardFromLeader = true;
    me.quorumHeard.add(0);
    expect(me.heardFromLeader).toBe(true);
    expect(me.quorumHeard.has(0)).toBe(true);
    expect(c.state[layout.base(1) + layout.offset.heardFromLeader]).toBe(1);
  });

  it('is off outside tests unless RAFT_CHECK_VIEWS=1: the checker runs the plain views', () => {
    const url = new URL('../../../dist/spec/raft/cluster.js', import.meta.url).href;
    const probe = `import('${url}').then((m) => console.log(m.CHECKED_VIEWS))`;
    const run = (env: Record<string, string>) =>
      execFileSync(process.execPath, ['-e', probe], {
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
      }).trim();
    expect(run({})).toBe('false');
    expect(run({ RAFT_CHECK_VIEWS: '1' })).toBe('true');
  });
});
