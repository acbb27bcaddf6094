/**
 * Runs `raft-check check --symmetry` on a reference configuration in a fresh process and reads back its JSON
 * report. The orbit sizes of the representatives must add up to TLC's unreduced distinct count (a run that
 * misses a state, or a canonical form that merges two orbits, would not).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { configFlags } from './runCli.js';
import { repoRoot, type TlcConfig } from './tlcConfigs.js';

export interface SymmetricMeasurement {
  readonly representatives: number;
  readonly representedStates: number;
  readonly reduction: number;
  readonly generatedStates: number;
  readonly depth: number;
  readonly processSeconds: number;
  readonly peakRssBytes: number;
}

/** Checks `c` under server symmetry with `workers` threads; throws if the run fails or covers other than TLC's count. */
export function runSymmetric(c: TlcConfig, workers: number): SymmetricMeasurement {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [
      join(repoRoot(), 'bin', 'raft-check.js'),
      ...configFlags(c),
      '--quiet',
      '--json',
      '--symmetry',
      '--workers',
      String(workers),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  const processSeconds = (performance.now() - started) / 1000;
  if (child.status !== 0)
    throw new Error(`raft-check --symmetry on ${c.name} failed (${child.status}): ${child.stderr.trim()}`);
  const r = JSON.parse(child.stdout) as {
    symmetry: { representatives: number; representedStates: number; reduction: number };
    generatedStates: number;
    depth: number;
    peakRssBytes: number;
  };
  if (r.symmetry.representedStates !== c.distinctStates || r.depth !== c.depth) {
    throw new Error(
      `raft-check --symmetry on ${c.name}: its orbits cover ${r.symmetry.representedStates} states, TLC ${c.distinctStates}`,
    );
  }
  return {
    ...r.symmetry,
    generatedStates: r.generatedStates,
    depth: r.depth,
    processSeconds,
    peakRssBytes: r.peakRssBytes,
  };
}
