/**
 * The life of a long `check`: several workers, Ctrl-C and SIGTERM, and running out of memory. Through the built
 * bin, like check.test.ts (dist/ is built by `npm test` before vitest).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTlcConfig, loadTlcConfigs, repoRoot } from '../../bench/tlcConfigs.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

function raftCheck(...args: string[]): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/raft-check.js', ...args], { cwd: repoRoot() }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/**
 * Starts a run, sends `signal` once it has printed its first progress line on stderr (so the search is under way
 * however loaded the machine is), and resolves when it exits; `seconds` counts from the signal.
 */
function interrupted(signal: NodeJS.Signals, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/raft-check.js', ...args], { cwd: repoRoot() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    let signalled = 0;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (signalled === 0 && stderr.includes('progress: ')) {
        signalled = performance.now();
        child.kill(signal);
      }
    });
    child.on('close', (code) => {
      resolve({ code, stdout, stderr, seconds: (performance.now() - signalled) / 1000 });
    });
  });
}

const flags = (c: ReturnType<typeof findTlcConfig>): string[] => [
  '--servers',
  String(c.servers),
  '--values',
  String(c.values),
  '--max-term',
  String(c.maxTerm),
  '--max-log',
  String(c.maxLogLen),
  '--max-copies',
  String(c.maxCopies),
  '--max-in-flight',
  String(c.maxInFlight),
  c.restart ? '--restart' : '--no-restart',
  c.duplicate ? '--duplicate' : '--no-duplicate',
  c.drop ? '--drop' : '--no-drop',
];
const configs = loadTlcConfigs();
const L3 = findTlcConfig(configs, 'L3');
// L9 takes half a minute: long enough to interrupt, and it is never run to the end here.
const L9 = flags(findTlcConfig(configs, 'L9'));

describe.concurrent('raft-check check with several workers', () => {
  it('gives the same counts and the same counterexample with 1 and 2 workers', async () => {
    const runs = await Promise.all(
      ['1', '2'].flatMap((w) => [
        raftCheck(...flags(L3), '--quiet', '--json', '--workers', w),
        raftCheck(...flags(L3), '--quiet', '--json', '--workers', w, '--bug', 'double-vote'),
      ]),
    );
    const [ok1, bad1, ok2, bad2] = runs.map((r) => JSON.parse(r.stdout) as Record<string, unknown>);
    expect(runs.map((r) => r.code)).toEqual([0, 1, 0, 1]);
    expect(ok1).toMatchObject({
      distinctStates: L3.distinctStates,
      generatedStates: L3.generatedStates,
      depth: L3.depth,
    });
    for (const key of ['distinctStates', 'generatedStates', 'depth', 'actions', 'boundDiscards']) {
      expect(ok2![key]).toEqual(ok1![key]);
    }
    expect(Object.keys(ok2!.actions as object)).toEqual(Object.keys(ok1!.actions as object));
    expect(bad2!.invariant).toBe(bad1!.invariant);
    expect(bad2!.trace).toEqual(bad1!.trace);
  });

  it('keeps its files in --work-dir and leaves it empty; refuses a --work-dir that is not a directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'raft-check-work-'));
    try {
      const run = await raftCheck(...flags(L3), '--quiet', '--json', '--work-dir', dir, '--bug', 'double-vote');
      expect(run.code).toBe(1);
      expect(readdirSync(dir)).toEqual([]);
      const bad = await raftCheck('--work-dir', join(dir, 'missing'));
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe(`raft-check: --work-dir ${join(dir, 'missing')} is not a directory\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --workers above 1 on the reference engine with one line', async () => {
    const run = await raftCheck('--engine', 'reference', '--workers', '2');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'raft-check: --workers above 1 needs the flat engine (reference states cannot cross threads)\n',
    );
  });
});

describe.concurrent('raft-check check interrupted', () => {
  for (const [signal, workers] of [
    ['SIGINT', '1'],
    ['SIGINT', '2'],
    ['SIGTERM', '2'],
  ] as const) {
    it(`stops within two seconds of ${signal} with ${workers} worker(s): a partial JSON report, exit 3, no --out file`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'raft-check-'));
      const out = join(dir, 'cex.itf.json');
      try {
        const run = await interrupted(signal, ...L9, '--json', '--workers', workers, '--out', out);
        expect(run.code).toBe(3);
        // Within a second or two on an idle machine; the margin is for a loaded one.
        expect(run.seconds).toBeLessThan(3);
        const report = JSON.parse(run.stdout) as Record<string, unknown>;
        expect(report).toMatchObject({
          result: 'incomplete',
          reason: `interrupted by ${signal}`,
          stoppedBy: 'interrupted',
        });
        expect(report.distinctStates).toBeGreaterThan(0);
        expect(report.depth).toBeGreaterThan(0);
        expect(existsSync(out)).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('prints the partial summary for people on Ctrl-C', async () => {
    const run = await interrupted('SIGINT', ...L9, '--workers', '1');
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /^result: INCOMPLETE \(interrupted by SIGINT\); what follows covers only the part explored$/m,
    );
    expect(run.stdout).toMatch(/^states: [\d,]+ distinct, [\d,]+ generated, depth \d+/m);
    expect(run.stderr).toContain('raft-check: SIGINT, stopping (the report follows)');
  });
});

describe.concurrent('raft-check check out of memory', () => {
  for (const workers of ['1', '2']) {
    it(`ends with a partial report, one line with a hint and exit 4 with ${workers} worker(s), never a V8 crash`, async () => {
      const run = await raftCheck(...L9, '--quiet', '--max-heap', '24', '--workers', workers);
      expect(run.code).toBe(4);
      expect(run.stdout).toMatch(/^result: INCOMPLETE \(the search ran out of memory\)/m);
      expect(run.stdout).toMatch(/^states: [\d,]+ distinct/m);
      expect(run.stderr).toBe(
        'raft-check: the search ran out of memory; try --max-states N to stop earlier, smaller bounds, or a larger --max-heap\n',
      );
    });
  }
});
