/**
 * `npm run bench:bugs`: the figures docs/bugs.md gives for the bug library, measured again on this machine: the
 * "five of six" table (breadth-first search on three servers, maxTerm 3, maxLog 1, maxInFlight 1, restart on,
 * duplicate and drop off, the default flat engine, one mutant at a time), the time of `raft-check bugs` with its
 * default bounds, and the seconds simulation takes to find each mutant with its default (hunting) bounds, seed 1.
 * Prints Markdown rows to paste into docs/bugs.md. Seconds are wall-clock on a shared machine: treat them as
 * rough.
 */
import { bugMatrix } from '../harness/bugMatrix.js';
import { HUNT_CONFIG, simulateRaft } from '../harness/simulateRaft.js';
import { SAFETY_BUGS } from '../spec/raft/bugs.js';
import { checkRaft } from '../harness/checkRaft.js';
import type { RaftConfig } from '../spec/raft/config.js';

const FIVE_OF_SIX: RaftConfig = {
  servers: 3,
  values: 1,
  maxTerm: 3,
  maxLogLen: 1,
  maxCopies: 1,
  maxInFlight: 1,
  restart: true,
  duplicate: false,
  drop: false,
};
const BUGS_DEFAULT: RaftConfig = { ...FIVE_OF_SIX, servers: 2, maxLogLen: 0 };
const n = (x: number): string => x.toLocaleString('en-US');

console.log(`node ${process.version}; breadth-first search, 3 servers, maxTerm 3, maxLog 1, maxInFlight 1, restart on`);
console.log('| mutant | first caught by | states | distinct states | seconds |');
console.log('| --- | --- | --- | --- | --- |');
for (const name of ['double-vote', 'stale-vote-count', 'forget-on-restart', 'no-log-check', 'no-consistency-check']) {
  const started = performance.now();
  const r = checkRaft(FIVE_OF_SIX, [name], { maxStates: 20_000_000 });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const caught = r.kind === 'violation' ? [r.invariant, String(r.trace.length)] : [`not caught (${r.kind})`, ''];
  console.log(`| \`${name}\` | ${caught[0]} | ${caught[1]} | ${n(r.stats.distinctStates)} | ${seconds} |`);
}

const started = performance.now();
const cpu = process.cpuUsage();
const matrix = await bugMatrix(BUGS_DEFAULT, { maxStates: 1_000_000 });
const used = process.cpuUsage(cpu);
console.log(
  `\nraft-check bugs (default bounds): ${matrix.rows.length} rows in ${((performance.now() - started) / 1000).toFixed(1)} s, ` +
    `${((used.user + used.system) / 1e6).toFixed(1)} s of CPU`,
);

console.log('\nsimulate --servers 3 --bug NAME --seconds 60 --seed 1 (hunting bounds):');
for (const bug of SAFETY_BUGS) {
  const r = simulateRaft('flat', HUNT_CONFIG, [bug.name], { seed: 1, seconds: 60 });
  const what = r.kind === 'violation' ? `${r.invariant} at walk ${r.walk}` : `not found (${n(r.stats.walks)} walks)`;
  console.log(`  ${bug.name.padEnd(22)} ${what}, ${r.stats.seconds.toFixed(2)} s`);
}
