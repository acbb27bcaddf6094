/**
 * Child process of liveness.ts: `node dist/bench/livenessMeasureOne.js MODE NAME [PROPERTY] [FAMILIES] [EDGES]` checks the
 * reference configuration NAME either for safety (MODE `safety`: the flat engine and the default invariants, as
 * `npm run bench` runs it) or for one temporal property under weak fairness on FAMILIES (MODE `liveness`), in
 * this one thread, its edges in `memory` or (default) on `disk` from the start, and prints one LivenessCost as JSON. CPU time is this process's (user + sys) over the check.
 */
import { checkLiveness } from '../checker/liveness/checkLiveness.js';
// The Raft liveness problem is what the CLI's recipe builds; this measures the engine on exactly that problem.
// eslint-disable-next-line no-restricted-imports
import { buildRaftLiveness } from '../cli/livenessRecipe.js';
import { checkRaft } from '../harness/checkRaft.js';
import { loadTlcConfigs, toRaftConfig } from './tlcConfigs.js';

export interface LivenessCost {
  readonly name: string;
  readonly mode: 'safety' | 'liveness';
  /** The verdict: the safety result kind, or each property's verdict. */
  readonly result: string;
  readonly distinctStates: number;
  readonly generatedStates: number;
  /** Edges of the behaviour graph (liveness only). */
  readonly edges: number;
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly peakRssBytes: number;
  /** Safety: the fingerprint store; liveness: the behaviour graph's arrays (edges and per-state columns). */
  readonly storeBytes: number;
  /** Liveness: bytes of the edges' columns in memory. */
  readonly edgeBytes: number;
  /** Liveness: bytes of the fingerprint index (fingerprint → state id) at the end of the build. */
  readonly indexBytes: number;
}

const [
  mode = '',
  name,
  property = 'InfinitelyOftenLeader',
  families = 'Deliver,Send,Timeout,BecomeLeader',
  edges = 'disk',
] = process.argv.slice(2);
const entry = loadTlcConfigs().find((c) => c.name === name);
if (entry === undefined || (mode !== 'safety' && mode !== 'liveness')) {
  process.stderr.write(`livenessMeasureOne: usage: safety|liveness NAME [PROPERTY] [FAMILIES] (got ${mode} ${name})\n`);
  process.exit(2);
}
const config = toRaftConfig(entry);

async function measure(): Promise<LivenessCost> {
  if (mode === 'safety') {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    const r = checkRaft(config);
    const used = process.cpuUsage(cpu);
    return {
      name: entry!.name,
      mode: 'safety',
      result: r.kind,
      distinctStates: r.stats.distinctStates,
      generatedStates: r.stats.generatedStates,
      edges: 0,
      cpuSeconds: (used.user + used.system) / 1e6,
      wallSeconds: (performance.now() - wall) / 1000,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      storeBytes: r.stats.storeBytes,
      edgeBytes: 0,
      indexBytes: 0,
    };
  }
  const problem = await buildRaftLiveness({
    config,
    bugs: [],
    properties: [property],
    invariantFiles: [],
    fairness: families.split(',').map((family) => ({ strength: 'weak', family })),
  });
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const r = checkLiveness(
    problem.model,
    problem.properties,
    problem.fairness,
    { edges: edges === 'memory' ? { inMemory: 2 ** 31 } : { inMemory: 0 } },
    problem.steps ?? [],
  );
  const used = process.cpuUsage(cpu);
  if (r.kind !== 'done') throw new Error(`liveness run incomplete: ${r.reason}`);
  return {
    name: entry!.name,
    mode: 'liveness',
    result: r.verdicts.map((v) => `${v.property} ${v.kind}`).join(', '),
    distinctStates: r.stats.distinctStates,
    generatedStates: r.stats.generatedStates,
    edges: r.stats.edges,
    cpuSeconds: (used.user + used.system) / 1e6,
    wallSeconds: (performance.now() - wall) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    storeBytes: r.stats.graphBytes,
    edgeBytes: r.stats.edgeBytes,
    indexBytes: r.stats.indexBytes,
  };
}

console.log(JSON.stringify(await measure()));
