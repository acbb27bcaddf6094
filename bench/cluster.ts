/**
 * `npm run bench:cluster [-- NAME [COUNTS]]`: a reference configuration (default L9) checked across worker
 * processes through a local NATS server with JetStream (`check --cluster`, `raft-check worker --workers 1` per
 * process), for each count of processes (default 1,2,4), and the same run with that many threads in one process.
 * On one machine this measures what the transport costs, not a speed-up: wall and CPU seconds (every process:
 * coordinator and workers, from /usr/bin/time), bytes and messages the server took in (its /varz) per distinct
 * state, and messages a second. Every run's counts are checked against TLC's.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalNatsServer } from '../checker/cluster/localNatsServer.js';
import { configFlags } from './runCli.js';
import { loadTlcConfigs, repoRoot, type TlcConfig } from './tlcConfigs.js';

const [name = 'L9', countsArg = '1,2,4'] = process.argv.slice(2);
const config = loadTlcConfigs().find((c) => c.name === name);
const counts = countsArg.split(',').map(Number);
if (config === undefined || counts.some((n) => !Number.isInteger(n) || n < 1)) {
  process.stderr.write(`bench:cluster: usage: npm run bench:cluster -- [NAME] [N,N,...] (got ${name} ${countsArg})\n`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'raft-check-bench-cluster-'));
const bin = join(repoRoot(), 'bin', 'raft-check.js');

/** `/usr/bin/time` around a command: its user+system seconds land in `file`. */
function timed(file: string, args: string[]): string[] {
  return ['-f', '%U %S', '-o', file, process.execPath, ...args];
}

function cpuOf(file: string): number {
  const [user = '0', system = '0'] = readFileSync(file, 'utf8').trim().split('\n').at(-1)!.split(' ');
  return Number(user) + Number(system);
}

/** User+system seconds a live process has used so far, all its threads (/proc/PID/stat, in clock ticks). */
function processCpu(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

interface Varz {
  readonly in_msgs: number;
  readonly in_bytes: number;
}

/** Runs `check` on `c` with extra flags; wall seconds, CPU seconds, and the counts checked against TLC's. */
function check(c: TlcConfig, extra: string[], tag: string): { wall: number; cpu: number } {
  const file = join(dir, `${tag}.time`);
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', timed(file, [bin, ...configFlags(c), '--quiet', '--json', ...extra]), {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const wall = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`bench:cluster: ${tag} failed (${r.status}): ${r.stderr.trim()}`);
  const j = JSON.parse(r.stdout) as Record<string, number>;
  if (j.distinctStates !== c.distinctStates || j.generatedStates !== c.generatedStates || j.depth !== c.depth)
    throw new Error(`bench:cluster: ${tag}: counts differ from TLC's`);
  return { wall, cpu: cpuOf(file) };
}

const server = await startLocalNatsServer();
const varz = async (): Promise<Varz> => (await (await fetch(`${server.monitorUrl}/varz`)).json()) as Varz;
try {
  console.log(
    `${config.name} (${config.distinctStates} distinct states), one machine, shared: cluster against threads`,
  );
  console.log(
    'processes | cluster wall s | cluster CPU s | bytes/state | messages | messages/s | threads wall s | threads CPU s',
  );
  for (const n of counts) {
    const workers = Array.from({ length: n }, () => {
      const child = spawn(process.execPath, [bin, 'worker', server.url, '--workers', '1'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const joined = new Promise<void>((resolve) => {
        let text = '';
        child.stderr.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.includes('slots joined')) resolve();
        });
      });
      const exited = new Promise<void>((resolve) =>
        child.on('exit', () => {
          resolve();
        }),
      );
      return { child, joined, exited };
    });
    await Promise.all(workers.map((w) => w.joined));
    const before = await varz();
    const cluster = check(config, ['--cluster', server.url, '--workers', String(n)], `c${n}`);
    const after = await varz();
    const workerCpu = workers.reduce((sum, w) => sum + processCpu(w.child.pid!), 0);
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    const threads = check(config, ['--workers', String(n)], `t${n}`);
    const messages = after.in_msgs - before.in_msgs;
    const bytes = after.in_bytes - before.in_bytes;
    console.log(
      [
        n,
        cluster.wall.toFixed(1),
        (cluster.cpu + workerCpu).toFixed(1),
        (bytes / config.distinctStates).toFixed(1),
        messages,
        (messages / cluster.wall).toFixed(0),
        threads.wall.toFixed(1),
        threads.cpu.toFixed(1),
      ].join(' | '),
    );
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
