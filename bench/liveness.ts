/**
 * `npm run bench:liveness [-- NAME ...] [--property P] [--fair F,G]`: what a liveness run costs against a safety run
 * on the same reference configuration (default L7 and L9), each in a fresh process with a large heap, one thread.
 * Safety is the flat engine with the default invariants (as `npm run bench`); liveness builds the behaviour graph
 * and checks one property (default InfinitelyOftenLeader) under weak fairness on the families (default
 * Deliver,Send,Timeout,BecomeLeader), once with its edges in memory and once with them on disk (edgeStore.ts). CPU seconds are the check's (user + sys); peak RSS is the whole process's.
 * Store bytes: safety's fingerprint set; liveness's behaviour graph (edges and per-state columns), beside which
 * the build holds its fingerprint index (index bytes, freed when the build ends).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LivenessCost } from './livenessMeasureOne.js';
import { loadTlcConfigs } from './tlcConfigs.js';

const args = process.argv.slice(2);
const option = (flag: string, fallback: string): string => {
  const at = args.indexOf(flag);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : fallback;
};
const property = option('--property', 'InfinitelyOftenLeader');
const families = option('--fair', 'Deliver,Send,Timeout,BecomeLeader');
const names = args.filter((a, k) => !a.startsWith('--') && !args[k - 1]?.startsWith('--'));
const known = loadTlcConfigs().map((c) => c.name);
const unknown = names.filter((n) => !known.includes(n));
if (unknown.length > 0) {
  process.stderr.write(
    `bench:liveness: no reference configuration named ${unknown.join(', ')} (known: ${known.join(', ')})\n`,
  );
  process.exit(2);
}
const script = fileURLToPath(new URL('./livenessMeasureOne.js', import.meta.url));

function run(mode: 'safety' | 'liveness', name: string, edges: 'memory' | 'disk'): LivenessCost | string {
  const flags = ['--max-old-space-size=16384', script, mode, name, property, families, edges];
  const child = spawnSync(process.execPath, flags, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) {
    const why = child.signal ?? child.stderr.trim().split('\n').slice(-1)[0] ?? `exit ${child.status}`;
    return `failed (${why})`;
  }
  return JSON.parse(child.stdout) as LivenessCost;
}

const int = (x: number): string => Math.round(x).toLocaleString('en-US');
const perState = (bytes: number, m: LivenessCost): string => (bytes / m.distinctStates).toFixed(1);
console.log(`node ${process.version}; liveness: ${property} under WF on ${families}; one thread, fresh process each`);
console.log(
  'config | mode | distinct | edges | CPU s | distinct/s (CPU) | peak RSS MiB | store bytes/state | index bytes/state | edge bytes/state | result',
);
for (const name of names.length > 0 ? names : ['L7', 'L9']) {
  const runs = [
    ['safety', 'memory', 'safety'],
    ['liveness', 'memory', 'liveness, edges in memory'],
    ['liveness', 'disk', 'liveness, edges on disk'],
  ] as const;
  for (const [mode, edges, label] of runs) {
    const m = run(mode, name, edges);
    if (typeof m === 'string') {
      console.log(`${name} | ${label} | ${m}`);
      continue;
    }
    console.log(
      [
        name,
        label,
        int(m.distinctStates),
        int(m.edges),
        m.cpuSeconds.toFixed(1),
        int(m.distinctStates / m.cpuSeconds),
        (m.peakRssBytes / 2 ** 20).toFixed(0),
        perState(m.storeBytes, m),
        perState(m.indexBytes, m),
        perState(m.edgeBytes, m),
        m.result,
      ].join(' | '),
    );
  }
}
