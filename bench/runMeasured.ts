/** Runs measureOne.js for one configuration in a fresh Node process and times the whole process. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Measurement } from './measure.js';

export interface ProcessMeasurement extends Measurement {
  /** Wall-clock seconds of the whole process, Node start included (TLC's figures include JVM start). */
  readonly processSeconds: number;
}

const script = fileURLToPath(new URL('./measureOne.js', import.meta.url));

/** Measures configuration `name` on `engine` in a child process with a large heap. */
export function runMeasured(name: string, engine: string): ProcessMeasurement {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--max-old-space-size=16384', script, name, engine], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const processSeconds = (performance.now() - started) / 1000;
  if (child.status !== 0) throw new Error(`measuring ${name} failed: ${child.stderr.trim()}`);
  return { ...(JSON.parse(child.stdout) as Measurement), processSeconds };
}
