/**
 * Runs `raft-check check` on a reference configuration in a fresh process, with `--workers k`, and reads back
 * its JSON report: the CLI path (search threads, compact store) as a user runs it, timed as a whole process.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, type TlcConfig } from './tlcConfigs.js';

export interface CliMeasurement {
  readonly workers: number;
  readonly distinctStates: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly checkSeconds: number;
  readonly processSeconds: number;
  readonly storeBytes: number;
  readonly peakRssBytes: number;
}

/** The model flags of a reference configuration. */
export function configFlags(c: TlcConfig): string[] {
  return [
    ...['--servers', c.servers, '--values', c.values, '--max-term', c.maxTerm, '--max-log', c.maxLogLen].map(String),
    ...['--max-copies', c.maxCopies, '--max-in-flight', c.maxInFlight].map(String),
    c.restart ? '--restart' : '--no-restart',
    c.duplicate ? '--duplicate' : '--no-duplicate',
    c.drop ? '--drop' : '--no-drop',
  ];
}

/** Checks `c` with `workers` threads; throws if the run fails or its counts differ from TLC's. */
export function runCli(c: TlcConfig, workers: number): CliMeasurement {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=16384',
      join(repoRoot(), 'bin', 'raft-check.js'),
      ...configFlags(c),
      '--quiet',
      '--json',
      '--workers',
      String(workers),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const processSeconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`raft-check on ${c.name} failed (${child.status}): ${child.stderr.trim()}`);
  const r = JSON.parse(child.stdout) as Record<string, number>;
  if (r.distinctStates !== c.distinctStates || r.generatedStates !== c.generatedStates || r.depth !== c.depth) {
    throw new Error(`raft-check on ${c.name} with ${workers} workers: counts differ from TLC's`);
  }
  return {
    workers,
    distinctStates: r.distinctStates,
    generatedStates: r.generatedStates,
    depth: r.depth,
    checkSeconds: r.seconds!,
    processSeconds,
    storeBytes: r.storeBytes!,
    peakRssBytes: r.peakRssBytes!,
  };
}
