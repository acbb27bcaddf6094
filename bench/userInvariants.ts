/**
 * `npm run bench:invariants`: the cost of a user's invariants. Checks L7 with the eight built-in invariants,
 * then with them and the three of bench/fixtures/three-invariants.mjs (loaded as `--invariants-file` loads
 * them), each in a fresh process, several times, and prints the best check time of each and the ratio.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findTlcConfig, loadTlcConfigs, repoRoot, toRaftConfig } from './tlcConfigs.js';

const ROUNDS = Number(process.argv[2] ?? 3);
const cli = join(repoRoot(), 'dist', 'cli', 'main.js');
const fixture = join(repoRoot(), 'bench', 'fixtures', 'three-invariants.mjs');
const c = toRaftConfig(findTlcConfig(loadTlcConfigs(), 'L7'));
const flags = [
  `--servers=${c.servers}`,
  `--values=${c.values}`,
  `--max-term=${c.maxTerm}`,
  `--max-log=${c.maxLogLen}`,
  `--max-copies=${c.maxCopies}`,
  `--max-in-flight=${c.maxInFlight}`,
  c.restart ? '--restart' : '--no-restart',
  c.duplicate ? '--duplicate' : '--no-duplicate',
  c.drop ? '--drop' : '--no-drop',
  '--json',
  '--quiet',
];

function seconds(extra: string[]): number {
  const run = spawnSync(process.execPath, [cli, ...flags, ...extra], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`bench:invariants: the check failed: ${run.stderr.trim()}`);
  const report = JSON.parse(run.stdout) as { seconds: number; distinctStates: number };
  return report.seconds;
}

let builtIn = Infinity;
let withUser = Infinity;
for (let r = 0; r < ROUNDS; r++) {
  builtIn = Math.min(builtIn, seconds([]));
  withUser = Math.min(withUser, seconds(['--invariants-file', fixture]));
}
console.log(`L7, best of ${ROUNDS} (check time, one worker):`);
console.log(`  8 built-in invariants:                 ${builtIn.toFixed(2)} s`);
console.log(
  `  8 built-in + 3 user (--invariants-file): ${withUser.toFixed(2)} s  (x${(withUser / builtIn).toFixed(2)})`,
);
