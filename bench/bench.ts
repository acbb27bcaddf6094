/**
 * `npm run bench [-- NAME ...]`: the reference ladder, one fresh process per run, beside TLC's figures from
 * tlc-counts.json (1 worker, same machine kind). With names, only those configurations, and nothing else; without,
 * every configuration and then the simulator's figures (simulateMutants.js 10).
 *
 * Three tables: the flat engine in one thread (rates over the check alone and over the whole process, which is
 * how TLC's seconds were taken); `raft-check check --workers k` for k = 1 up to the cores (the scaling curve);
 * and one summary line per configuration: distinct/s with 1 and N workers, bytes per state, peak RSS and the
 * symmetry reduction.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadTlcConfigs } from './tlcConfigs.js';
import { availableParallelism } from 'node:os';
import { runCli, type CliMeasurement } from './runCli.js';
import { runMeasured } from './runMeasured.js';
import { runSymmetric } from './runSymmetric.js';

const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const known = loadTlcConfigs();
const unknown = names.filter((n) => !known.some((c) => c.name === n));
if (unknown.length > 0) {
  process.stderr.write(
    `bench: no reference configuration named ${unknown.join(', ')} (known: ${known.map((c) => c.name).join(', ')})\n`,
  );
  process.exit(2);
}
const configs = known.filter((c) => names.length === 0 || names.includes(c.name));
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const int = (x: number): string => Math.round(x).toLocaleString('en-US');

console.log(`node ${process.version}, one worker, flat engine`);
console.log(
  'config | distinct | check s | process s | distinct/s | generated/s | TLC distinct/s | × TLC (check) | × TLC (process) | peak RSS MiB | store bytes/state',
);
for (const c of configs) {
  const m = runMeasured(c.name, 'flat');
  const rate = m.distinctStates / m.checkSeconds;
  const processRate = m.distinctStates / m.processSeconds;
  console.log(
    [
      c.name,
      int(m.distinctStates),
      m.checkSeconds.toFixed(2),
      m.processSeconds.toFixed(2),
      int(rate),
      int(m.generatedStates / m.checkSeconds),
      int(c.tlcDistinctPerSecond),
      (rate / c.tlcDistinctPerSecond).toFixed(1),
      (processRate / c.tlcDistinctPerSecond).toFixed(1),
      mib(m.peakRssBytes),
      (m.storeBytes / m.distinctStates).toFixed(1),
    ].join(' | '),
  );
}

// The CLI path: search threads and the compact store, with 1 worker up to one per core (the scaling curve).
const cores = availableParallelism();
console.log('');
console.log(
  `raft-check check --workers k (whole process, ${cores} cores; the machine may be shared, so repeat when it matters)`,
);
console.log('config | workers | distinct/s (process) | speed-up over 1 worker | store bytes/state | peak RSS MiB');
const curves = new Map<string, CliMeasurement[]>();
for (const c of configs) {
  let one = 0;
  const curve: CliMeasurement[] = [];
  curves.set(c.name, curve);
  for (let k = 1; k <= cores; k++) {
    const m = runCli(c, k);
    curve.push(m);
    const rate = m.distinctStates / m.processSeconds;
    if (k === 1) one = rate;
    console.log(
      [
        c.name,
        k,
        int(rate),
        (rate / one).toFixed(2),
        (m.storeBytes / m.distinctStates).toFixed(1),
        mib(m.peakRssBytes),
      ].join(' | '),
    );
  }
}

// Server symmetry: one representative per orbit; their orbit sizes add up to TLC's distinct count (checked).
console.log('');
console.log('raft-check check --symmetry --workers 1 (whole process)');
console.log('config | representatives | states covered | reduction | generated | process s | peak RSS MiB');
const reductions = new Map<string, number>();
for (const c of configs) {
  const s = runSymmetric(c, 1);
  reductions.set(c.name, s.reduction);
  console.log(
    [
      c.name,
      int(s.representatives),
      int(s.representedStates),
      `${s.reduction.toFixed(2)}x`,
      int(s.generatedStates),
      s.processSeconds.toFixed(2),
      mib(s.peakRssBytes),
    ].join(' | '),
  );
}

console.log('');
console.log(`summary (whole process; N = ${cores} workers, the default)`);
console.log(
  'config | distinct/s 1 worker | distinct/s N workers | speed-up | store bytes/state | peak RSS MiB 1 | peak RSS MiB N | symmetry reduction',
);
for (const c of configs) {
  const curve = curves.get(c.name)!;
  const one = curve[0]!;
  const all = curve[curve.length - 1]!;
  const rate = (m: CliMeasurement): number => m.distinctStates / m.processSeconds;
  console.log(
    [
      c.name,
      int(rate(one)),
      int(rate(all)),
      (rate(all) / rate(one)).toFixed(2),
      (all.storeBytes / all.distinctStates).toFixed(1),
      mib(one.peakRssBytes),
      mib(all.peakRssBytes),
      `${reductions.get(c.name)!.toFixed(2)}x`,
    ].join(' | '),
  );
}

// The simulator's figures belong to the whole run only (a named configuration asks for that one alone).
if (names.length === 0) {
  console.log('');
  const script = fileURLToPath(new URL('./simulateMutants.js', import.meta.url));
  const child = spawnSync(process.execPath, [script, '10'], { stdio: 'inherit' });
  if (child.status !== 0) process.exit(child.status ?? 1);
}
