/**
 * `npm run bench:scaling [-- NAME [PAIRS]]`: how much faster N workers (one per core) check a reference
 * configuration than one, over the whole process, as `raft-check check` runs it. Default L9 and 5 pairs.
 *
 * Why pairs, alternated: a shared machine's speed drifts by several percent within minutes, so a 1-worker run
 * measured an hour before the N-worker one says more about the host than about the search. Each pair runs one
 * worker, then N, back to back; the ratio printed at the end is the median of the pairs' ratios. Every run's
 * counts are checked against TLC's (runCli.ts).
 */
import { availableParallelism } from 'node:os';
import { loadTlcConfigs } from './tlcConfigs.js';
import { runCli } from './runCli.js';
import { percentile } from '../timing/stats.js';

const [name = 'L9', pairsArg = '5'] = process.argv.slice(2);
const pairs = Number(pairsArg);
const config = loadTlcConfigs().find((c) => c.name === name);
if (config === undefined || !Number.isInteger(pairs) || pairs < 1) {
  process.stderr.write(`bench:scaling: usage: npm run bench:scaling -- [NAME] [PAIRS] (got ${name} ${pairsArg})\n`);
  process.exit(2);
}
const cores = availableParallelism();
console.log(`${name}: 1 worker against ${cores}, whole process, ${pairs} alternated pairs`);
console.log('pair | 1 worker s | peak RSS MiB | N workers s | peak RSS MiB | speed-up');
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0);
const ratios: number[] = [];
for (let k = 1; k <= pairs; k++) {
  const one = runCli(config, 1);
  const all = runCli(config, cores);
  const ratio = one.processSeconds / all.processSeconds;
  ratios.push(ratio);
  console.log(
    [k, one.processSeconds.toFixed(2), mib(one.peakRssBytes), all.processSeconds.toFixed(2), mib(all.peakRssBytes)]
      .concat(ratio.toFixed(3))
      .join(' | '),
  );
}
const sorted = [...ratios].sort((a, b) => a - b);
// Nearest rank (timing/stats.ts): always a measured pair's ratio; of an even number, the lower middle one.
const median = percentile(sorted, 50);
const range = `${sorted[0]!.toFixed(3)}–${sorted.at(-1)!.toFixed(3)}x`;
console.log(`speed-up with ${cores} workers: median ${median.toFixed(3)}x, range ${range}`);
