/**
 * `npm run bench [-- NAME ...]`: the reference ladder on the flat engine, one fresh process per configuration,
 * beside TLC's figures from tlc-counts.json (1 worker, same machine kind). Rates are given twice: over the
 * check alone, and over the whole process with Node's start, which is how TLC's seconds were taken.
 */
import { loadTlcConfigs } from './tlcConfigs.js';
import { availableParallelism } from 'node:os';
import { runCli } from './runCli.js';
import { runMeasured } from './runMeasured.js';
import { runSymmetric } from './runSymmetric.js';

const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const configs = loadTlcConfigs().filter((c) => names.length === 0 || names.includes(c.name));
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
for (const c of configs) {
  let one = 0;
  for (let k = 1; k <= cores; k++) {
    const m = runCli(c, k);
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
for (const c of configs) {
  const s = runSymmetric(c, 1);
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
