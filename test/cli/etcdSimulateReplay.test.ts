/** `raft-check simulate --profile etcd` and `raft-check replay --profile etcd`, run as a user runs them. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEtcd, etcdWords } from '../../spec/etcd/codec.js';
import { etcdStateToItf } from '../../traces/etcd/itf.js';
import { itfInt } from '../../traces/itf.js';
import { repoRoot } from '../../bench/tlcConfigs.js';
import { raftCheck } from '../fixtures/raftCheckCli.js';

const MODEL = [
  '--profile',
  'etcd',
  '--servers',
  '3',
  '--max-term',
  '3',
  '--request-limit',
  '1',
  '--max-in-flight',
  '2',
];

function tempPath(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'raft-check-etcd-sim-')), name);
}

interface ItfFile {
  states: { action: string; state: unknown; encoding: { '#bigint': string }[] }[];
  '#meta': Record<string, unknown>;
}

/** Walk 49 of seed 3, as simulate --out writes it. */
async function walkFile(): Promise<{ path: string; itf: ItfFile }> {
  const path = tempPath('walk.itf.json');
  const r = await raftCheck('simulate', ...MODEL, '--seed', '3', '--walks', '50', '--out', path, '--quiet');
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/^wrote walk 49 \(\d+ states, ITF\)/m);
  return { path, itf: JSON.parse(readFileSync(path, 'utf8')) as ItfFile };
}

describe('raft-check simulate --profile etcd', () => {
  it('is reproducible: the same seed gives the same walks, and the seed is printed', async () => {
    const run = async (): Promise<Record<string, unknown>> => {
      const r = await raftCheck('simulate', ...MODEL, '--seed', '11', '--walks', '60', '--json', '--quiet');
      expect(r.code, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout) as Record<string, unknown>;
      delete j.seconds;
      delete j.stepsPerSecond;
      return j;
    };
    const a = await run();
    expect(a.result).toBe('ok');
    expect(a.seed).toBe(11);
    expect(a.walks).toBe(60);
    expect(a.steps).toBeGreaterThan(60);
    expect(await run()).toEqual(a);
    const text = await raftCheck('simulate', ...MODEL, '--walks', '5', '--quiet');
    expect(text.stdout).toMatch(/^simulation: seed \d+, swarm choice/m);
  }, 60_000);

  it('stops on SIGINT with the report of the walks finished (exit 3)', async () => {
    // Without --quiet: the first progress line (after 5 s of walks) says the walks are under way.
    const child = spawn(
      process.execPath,
      ['bin/raft-check.js', 'simulate', ...MODEL, '--seed', '1', '--seconds', '120'],
      {
        cwd: repoRoot(),
      },
    );
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      if (d.toString().startsWith('simulate: ')) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(3);
    expect(stdout).toMatch(/^result: interrupted \(interrupted by SIGINT\) after [\d,]+ walks?, no violation$/m);
    expect(stdout).toMatch(
      /^reproduce the walks finished: raft-check simulate --profile etcd .* --seed 1 --walks \d+/m,
    );
  }, 60_000);

  it('refuses flags of the reference profile in one line', async () => {
    const r = await raftCheck('simulate', ...MODEL, '--bug', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const w = await raftCheck('simulate', ...MODEL, '--workers', '2');
    expect(w.code).toBe(2);
    expect(w.stderr.trim()).toBe('raft-check: --workers is not supported by simulate --profile etcd (docs/etcd.md)');
  });
});

describe('raft-check replay --profile etcd', () => {
  it("replays simulate's walk", async () => {
    const { path, itf } = await walkFile();
    const r = await raftCheck('replay', path, '--profile', 'etcd');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`replayed ${itf.states.length - 1} step`);
    expect(r.stdout).toMatch(/invariants: all hold/);
  }, 60_000);

  it('names the first state that does not follow, with the field that differs', async () => {
    const { itf } = await walkFile();
    const k = Math.min(3, itf.states.length - 1);
    expect(k).toBeGreaterThan(0);
    const words = itf.states[k]!.encoding.map((w) => Number(w['#bigint']));
    const s = decodeEtcd(words, 3);
    const changed = { ...s, reconfigCount: s.reconfigCount + 1 };
    itf.states[k]!.encoding = etcdWords(changed).map(itfInt);
    itf.states[k]!.state = etcdStateToItf(changed);
    const path = tempPath('mutated.itf.json');
    writeFileSync(path, JSON.stringify(itf));
    const r = await raftCheck('replay', path, '--profile', 'etcd', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as {
      result: string;
      divergence: { index: number; closest?: { diff: { field: string }[] } };
    };
    expect(j.result).toBe('diverged');
    expect(j.divergence.index).toBe(k);
    expect(j.divergence.closest?.diff.map((d) => d.field)).toContain('reconfigCount');
  }, 60_000);

  it('refuses, in one line, a state whose readable part disagrees with its encoding, and a trace of another profile', async () => {
    const { itf } = await walkFile();
    const edited = structuredClone(itf);
    (edited.states[1]!.state as { reconfigCount: unknown }).reconfigCount = itfInt(5);
    const path = tempPath('edited.itf.json');
    writeFileSync(path, JSON.stringify(edited));
    const r = await raftCheck('replay', path, '--profile', 'etcd');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/state 2 \(states\[1\]\), field state: does not say what 'encoding' does/);

    const other = structuredClone(itf);
    other['#meta'] = { format: 'ITF' };
    const otherPath = tempPath('other.itf.json');
    writeFileSync(otherPath, JSON.stringify(other));
    const o = await raftCheck('replay', otherPath, '--profile', 'etcd');
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/not a trace of the etcd profile/);
    expect(o.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
