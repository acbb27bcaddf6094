/**
 * A membership counterexample found under --symmetry, end to end through the built bin (build first to run this
 * file alone): the reduced search finds a representative's path, the CLI turns it back into a real behaviour of
 * the unreduced model, and `replay` of its --out ITF re-executes it on that model. With membership the group
 * renames only within s1..sK and within the rest (spec/raft/symmetry.ts), and configuration entries name servers,
 * so these counterexamples go through an AddServer and its entry, whose servers the renaming must get right.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { raftCheck } from '../fixtures/raftCheckCli.js';

interface Report {
  result: string;
  invariant?: string;
  distinctStates: number;
  symmetry?: { representatives: number; representedStates: number };
  trace?: { label: string }[];
}

const scratch = mkdtempSync(join(tmpdir(), 'symmetry-membership-'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

const BOUNDS = ['--variant', 'membership', '--max-in-flight', '1', '--no-restart', '--no-drop'];
const CASES = [
  {
    // s1 alone is the first configuration; it commits v1 and adds s2, and the double vote comes in term 4 on
    // {s1, s2}. The group swaps s2 and s3, so the representative may have added s3.
    name: 'double-vote after s1 adds s2 (3 servers, s1 the first configuration; group s2<->s3)',
    model: ['--servers', '3', '--initial-members', '1', '--max-term', '4', '--max-log', '2', ...BOUNDS],
    bug: 'double-vote',
    addsServer: true,
  },
  {
    name: 'stale-vote-count on {s1, s2, s3} of 4 servers (group of 6 renamings)',
    model: ['--servers', '4', '--initial-members', '3', '--max-term', '3', '--max-log', '0', ...BOUNDS],
    bug: 'stale-vote-count',
    addsServer: false,
  },
];

describe.concurrent('a membership counterexample under --symmetry', () => {
  it.each(CASES)('$name: as long as the unreduced shortest, and its ITF replays', async (c) => {
    const model = [...c.model, '--bug', c.bug];
    const out = join(scratch, `${c.bug}.itf.json`);
    const [plain, reduced, twoWorkers] = await Promise.all([
      raftCheck(...model, '--quiet', '--json'),
      raftCheck(...model, '--quiet', '--json', '--symmetry', '--out', out),
      raftCheck(...model, '--quiet', '--json', '--symmetry', '--workers', '2'),
    ]);
    expect(plain.code).toBe(1);
    expect(reduced.code, reduced.stderr).toBe(1);
    const a = JSON.parse(plain.stdout) as Report;
    const b = JSON.parse(reduced.stdout) as Report;
    expect(b.invariant).toBe(a.invariant);
    expect(b.trace!.length).toBe(a.trace!.length);
    expect(b.distinctStates).toBeLessThan(a.distinctStates);
    expect(b.symmetry!.representedStates).toBe(a.distinctStates);
    const labels = b.trace!.map((s) => s.label);
    expect((JSON.parse(twoWorkers.stdout) as Report).trace!.map((s) => s.label)).toEqual(labels);
    expect(labels.some((l) => l.startsWith('AddServer'))).toBe(c.addsServer);
    const replayed = await raftCheck('replay', out, ...model, '--json');
    expect(replayed.code, replayed.stderr).toBe(0);
    const r = JSON.parse(replayed.stdout) as { result: string; steps: number; violation?: { invariant: string } };
    expect(r.result).toBe('ok');
    expect(r.steps).toBe(a.trace!.length - 1);
    expect(r.violation?.invariant).toBe(a.invariant);
  });
});
