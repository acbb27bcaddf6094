/**
 * `check --cluster` end to end: a real nats-server with JetStream (random loopback port, temporary directory, both
 * gone afterwards), worker processes (`raft-check worker`), and the built bin as a user runs it. L3 and L7 with
 * three worker processes must give TLC's counts; a counterexample must be one worker's; a worker process killed
 * (SIGKILL) mid-run must cost time, not the run; a worker of another version is refused in one line.
 * (dist/ is built by `npm test` before vitest; the server comes from Debian's nats-server, which .ci/run installs.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTlcConfig, loadTlcConfigs, repoRoot } from '../../bench/tlcConfigs.js';
import { configFlags } from '../../bench/runCli.js';
import { startLocalNatsServer, type LocalNatsServer } from '../../checker/cluster/localNatsServer.js';
import { encodeJson, Link, subjects } from '../../checker/cluster/transport.js';
import { raftCheck } from '../fixtures/raftCheckCli.js';

const configs = loadTlcConfigs();
const L3 = findTlcConfig(configs, 'L3');
const L7 = findTlcConfig(configs, 'L7');

/** A worker process and what it printed so far. */
interface WorkerProcess {
  readonly child: ChildProcess;
  readonly slot: Promise<string>;
  stderr: string;
  readonly exited: Promise<number | null>;
}

function startWorker(url: string): WorkerProcess {
  const child = spawn(process.execPath, ['bin/raft-check.js', 'worker', url, '--workers', '1'], { cwd: repoRoot() });
  let announce: (slot: string) => void = () => undefined;
  const w: WorkerProcess = {
    child,
    stderr: '',
    slot: new Promise((resolve) => (announce = resolve)),
    exited: new Promise((resolve) =>
      child.on('exit', (code) => {
        resolve(code);
      }),
    ),
  };
  child.stderr.on('data', (d: Buffer) => {
    w.stderr += d.toString();
    const joined = /slots joined \S+ \((\S+)-0\.\.0\)/.exec(w.stderr);
    if (joined !== null) announce(`${joined[1]!}-0`);
  });
  return w;
}

interface Json {
  readonly result: string;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly invariant?: string;
  readonly trace?: unknown;
  readonly actions: unknown;
  readonly boundDiscards?: unknown;
}

let server: LocalNatsServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  server = await startLocalNatsServer();
  // Three serve each run; the fourth is a spare that takes over a lost one's share.
  for (let k = 0; k < 4; k++) workers.push(startWorker(server.url));
  await Promise.all(workers.map((w) => w.slot));
});

afterAll(async () => {
  for (const w of workers) w.child.kill('SIGTERM');
  await Promise.all(workers.map((w) => w.exited));
  await server.stop();
});

describe('raft-check check --cluster', () => {
  it('checks L3 with three worker processes and gives TLC counts, and the same actions as one machine', async () => {
    const [cluster, local] = await Promise.all([
      raftCheck(...configFlags(L3), '--cluster', server.url, '--workers', '3', '--json', '--quiet'),
      raftCheck(...configFlags(L3), '--workers', '1', '--json', '--quiet'),
    ]);
    expect(cluster.stderr).toBe('');
    expect(cluster.code).toBe(0);
    const c = JSON.parse(cluster.stdout) as Json;
    const l = JSON.parse(local.stdout) as Json;
    expect([c.result, c.distinctStates, c.generatedStates, c.depth]).toEqual([
      'ok',
      L3.distinctStates,
      L3.generatedStates,
      L3.depth,
    ]);
    expect(c.actions).toEqual(l.actions);
  });

  it("finds one worker's counterexample", async () => {
    const flags = [...configFlags(L3), '--bug', 'double-vote', '--json', '--quiet'];
    const [cluster, local] = await Promise.all([
      raftCheck(...flags, '--cluster', server.url, '--workers', '3'),
      raftCheck(...flags, '--workers', '1'),
    ]);
    expect(cluster.code).toBe(1);
    const c = JSON.parse(cluster.stdout) as Json;
    const l = JSON.parse(local.stdout) as Json;
    expect(c.invariant).toBe('VotesGrantedExclusive');
    expect([c.invariant, c.depth, c.trace]).toEqual([l.invariant, l.depth, l.trace]);
    // And one worker's counts: the owners send each slice's own counts (parallel/sliceCounts.ts).
    const counts = (r: Json): unknown => [r.distinctStates, r.generatedStates, r.actions, r.boundDiscards];
    expect(counts(c)).toEqual(counts(l));
  });

  it('checks L7 to TLC counts though a worker process is killed mid-run', async () => {
    const child = spawn(
      process.execPath,
      ['bin/raft-check.js', ...configFlags(L7), '--cluster', server.url, '--workers', '3', '--json'],
      { cwd: repoRoot() },
    );
    let stdout = '';
    let stderr = '';
    let killed: number | undefined;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // At the first progress line (a few seconds in, levels to go), the process serving owner 1 dies.
      if (killed === undefined && /^progress: /m.test(stderr)) {
        const victim = workers.find((w) => /owner 1 of 3/.test(w.stderr) && w.child.exitCode === null);
        if (victim !== undefined) {
          killed = victim.child.pid;
          victim.child.kill('SIGKILL');
        }
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(killed).toBeDefined();
    expect(stderr).toMatch(/owner 1: worker slot \S+ lost/);
    expect(stderr).toMatch(/owner 1: worker slot \S+ takes over \(log of \d+ levels/);
    expect(code).toBe(0);
    const c = JSON.parse(stdout) as Json;
    expect([c.result, c.distinctStates, c.generatedStates, c.depth]).toEqual([
      'ok',
      L7.distinctStates,
      L7.generatedStates,
      L7.depth,
    ]);
  });

  it('refuses, in one line, a worker asked to serve a run of another version', async () => {
    const w = startWorker(server.url);
    workers.push(w);
    const slot = await w.slot;
    const link = await Link.open(server.url, 'test');
    try {
      const run = {
        runId: 'rtest',
        version: '0.0.0-other',
        recipe: { module: 'cli/raftRecipe.js', exportName: 'buildRaftModel', args: {} },
        invariants: undefined,
        owners: 1,
        digest: '',
      };
      link.nc.publish(
        subjects.slot(slot),
        encodeJson({ op: 'adopt', run, log: [], counters: undefined, runId: 'rtest', owner: 0, epoch: 'e', seq: 1 }),
      );
      expect(await w.exited).toBe(2);
    } finally {
      await link.close();
    }
    const lines = w.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('raft-check'));
    const version = (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
    expect(lines).toEqual([
      `raft-check worker: refused: the coordinator runs raft-check 0.0.0-other, this worker ${version}`,
    ]);
  });
});

describe('raft-check simulate --cluster', () => {
  // Walks and steps run past the answer depend on the threads' timing; the answer does not.
  it('gives the violating walk and counterexample of the same shares on threads', async () => {
    const flags = ['--servers', '3', '--bug', 'double-vote', '--seed', '1', '--walks', '200', '--workers', '2'];
    const [cluster, threads] = await Promise.all([
      raftCheck('simulate', ...flags, '--cluster', server.url, '--json', '--quiet'),
      raftCheck('simulate', ...flags, '--json', '--quiet'),
    ]);
    expect(cluster.code).toBe(1);
    const c = JSON.parse(cluster.stdout) as Record<string, unknown>;
    const t = JSON.parse(threads.stdout) as Record<string, unknown>;
    expect(c.result).toBe('violation');
    for (const key of ['invariant', 'walk', 'trace', 'reproduce']) expect([key, c[key]]).toEqual([key, t[key]]);
  });
});
