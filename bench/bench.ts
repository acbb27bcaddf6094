/**
 * `npm run bench [-- NAME ...]`: the reference ladder on the flat engine, one fresh process per configuration,
 * beside TLC's figures from tlc-counts.json (1 worker, same machine kind). Rates are given twice: over the
 * check alone, and over the whole process with Node's start, which is how TLC's seconds were taken.
 */
import { loadTlcConfigs } from './tlcConfigs.js';
import { runMeasured } from './runMeasured.js';

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
