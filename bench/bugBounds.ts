/**
 * For every mutant of the bug library, the smallest bounds at which the checker catches it, and the invariant that
 * catches it first. Run: `npx tsc -p tsconfig.build.json && node dist/bench/bugBounds.js [probeStates] [deepStates] [gridSeconds] [bug,bug]`.
 *
 * "Smallest" is the lexicographic order on (servers, maxTerm, maxLogLen, values, maxInFlight, maxCopies, restart,
 * duplicate, drop), switches off before on. Catching is monotone in the bounds (a looser bound only adds states),
 * so the search walks the grid in that order and skips every configuration that a fully explored, uncaught one
 * dominates. Each probe stops at `probeStates` distinct states; a probe stopped that way proves nothing, and the
 * table lists them, so an answer after an incomplete probe is "smallest found", not smallest.
 * The walk of one mutant stops after `gridSeconds`, so the whole run stays within minutes; the table says where.
 *
 * values and maxCopies stay at 1, their minimum: every mutant this grid catches is caught with them at 1, and a
 * configuration with them at 1 precedes every other with the same servers, maxTerm and maxLogLen. maxTerm starts
 * at 2 because no election can finish below it. Mutants the grid does not catch get deep probes: larger bounds on
 * three servers, chosen from their shortest known scenarios (see docs/bugs.md), with a larger state limit.
 * Default limits: 200,000 states a probe, 2,000,000 a deep probe, 90 s of grid walk a mutant.
 */
import { checkRaft } from '../harness/checkRaft.js';
import { SAFETY_BUGS } from '../spec/raft/bugs.js';
import type { RaftConfig } from '../spec/raft/config.js';

const probeStates = Number(process.argv[2] ?? 200_000);
const deepStates = Number(process.argv[3] ?? 2_000_000);
const gridSeconds = Number(process.argv[4] ?? 45);
const only = process.argv[5]?.split(',');

const SWITCHES: readonly (readonly [boolean, boolean, boolean])[] = [0, 1, 2, 3, 4, 5, 6, 7].map(
  (k) => [(k & 4) !== 0, (k & 2) !== 0, (k & 1) !== 0] as const,
);

/** One grid point to probe; a ceiling is the loosest point of a group, probed first to rule the group out at once. */
interface GridPoint {
  readonly config: RaftConfig;
  readonly ceiling: boolean;
}

const SERVERS = [1, 2, 3];
const MAX_TERMS = [2, 3];
const MAX_LOGS = [0, 1, 2];
const IN_FLIGHTS = [1, 2];

function point(servers: number, maxTerm: number, maxLogLen: number, maxInFlight: number, k: number): RaftConfig {
  const [restart, duplicate, drop] = SWITCHES[k]!;
  return { servers, values: 1, maxTerm, maxLogLen, maxCopies: 1, maxInFlight, restart, duplicate, drop };
}

/**
 * The grid in lexicographic order. Each group of points sharing servers and maxTerm, and each sharing servers,
 * maxTerm and maxLogLen, is led by its ceiling.
 */
function grid(): GridPoint[] {
  const out: GridPoint[] = [];
  const [topLog, topFlight, topSwitch] = [MAX_LOGS.at(-1)!, IN_FLIGHTS.at(-1)!, SWITCHES.length - 1];
  for (const servers of SERVERS)
    for (const maxTerm of MAX_TERMS) {
      out.push({ config: point(servers, maxTerm, topLog, topFlight, topSwitch), ceiling: true });
      for (const maxLogLen of MAX_LOGS) {
        out.push({ config: point(servers, maxTerm, maxLogLen, topFlight, topSwitch), ceiling: true });
        for (const maxInFlight of IN_FLIGHTS)
          for (let k = 0; k < SWITCHES.length; k++)
            out.push({ config: point(servers, maxTerm, maxLogLen, maxInFlight, k), ceiling: false });
      }
    }
  return out;
}

/**
 * Deep probes for what the grid leaves uncaught: three servers, and the smallest maxTerm and maxLogLen at which
 * each bug's shortest known scenario fits (docs/bugs.md gives the scenarios and why nothing smaller can do).
 */
const DEEP: Record<string, readonly Partial<RaftConfig>[]> = {
  'no-log-check': [{ maxTerm: 3, maxLogLen: 1 }],
  'no-consistency-check': [{ maxTerm: 3, maxLogLen: 1 }],
  'commit-old-term': [{ maxTerm: 5, maxLogLen: 1 }],
};
const DEEP_BASE: RaftConfig = {
  servers: 3,
  values: 1,
  maxTerm: 3,
  maxLogLen: 1,
  maxCopies: 1,
  maxInFlight: 1,
  restart: false,
  duplicate: false,
  drop: false,
};

/** a ≤ b in every bound (switches: off ≤ on). */
function dominatedBy(a: RaftConfig, b: RaftConfig): boolean {
  const inFlight = (c: RaftConfig): number => (c.maxInFlight === 0 ? Infinity : c.maxInFlight);
  return (
    a.servers === b.servers &&
    a.maxTerm <= b.maxTerm &&
    a.maxLogLen <= b.maxLogLen &&
    a.values <= b.values &&
    inFlight(a) <= inFlight(b) &&
    a.maxCopies <= b.maxCopies &&
    (!a.restart || b.restart) &&
    (!a.duplicate || b.duplicate) &&
    (!a.drop || b.drop)
  );
}

function show(c: RaftConfig): string {
  const on = [c.restart ? 'restart' : '', c.duplicate ? 'duplicate' : '', c.drop ? 'drop' : ''].filter((s) => s !== '');
  return (
    `servers ${c.servers}, maxTerm ${c.maxTerm}, maxLog ${c.maxLogLen}, values ${c.values}, ` +
    `maxInFlight ${c.maxInFlight === 0 ? 'none' : c.maxInFlight}, maxCopies ${c.maxCopies}, ` +
    (on.length === 0 ? 'no restart/duplicate/drop' : on.join('+'))
  );
}

const started = performance.now();
console.log(
  `probe limit ${probeStates} distinct states, deep limit ${deepStates}, grid walk ${gridSeconds} s a mutant`,
);
for (const bug of SAFETY_BUGS.filter((b) => only === undefined || only.includes(b.name))) {
  const t0 = performance.now();
  const uncaught: RaftConfig[] = [];
  const incomplete: string[] = [];
  let probes = 0;
  let found = false;
  const probe = (config: RaftConfig, maxStates: number, ceiling: boolean): boolean => {
    probes++;
    // A variant's bug is searched on its variant (the grid's bounds with the variant on).
    const r = checkRaft(bug.variants === undefined ? config : { ...config, variants: bug.variants }, [bug.name], {
      maxStates,
    });
    const s = r.stats;
    if (ceiling) {
      if (r.kind === 'ok') {
        uncaught.push(config);
        console.log(`  ruled out with all below it: ${show(config)} (${s.distinctStates} states, not caught)`);
      }
      return r.kind === 'violation';
    }
    if (r.kind === 'violation') {
      console.log(
        `${bug.name}: caught at ${show(config)}: ${r.invariant} first, counterexample ${r.trace.length} states, ` +
          `${s.distinctStates} distinct states, ${s.seconds.toFixed(2)} s`,
      );
      return true;
    }
    if (r.kind === 'ok') uncaught.push(config);
    else
      incomplete.push(
        `${show(config)} (stopped at ${s.distinctStates} states, depth ${s.depth}, ${s.seconds.toFixed(1)} s)`,
      );
    return false;
  };
  for (const { config, ceiling } of grid()) {
    if (uncaught.some((u) => dominatedBy(config, u))) continue;
    if ((performance.now() - t0) / 1000 > gridSeconds) {
      console.log(`  grid walk stopped after ${gridSeconds} s, before ${show(config)}`);
      break;
    }
    // A ceiling that catches the bug is not an answer (smaller points may too); one that does not rules out its group.
    if (ceiling) probe(config, probeStates, true);
    else if ((found = probe(config, probeStates, false))) break;
  }
  for (const extra of found ? [] : (DEEP[bug.name] ?? [])) {
    if ((found = probe({ ...DEEP_BASE, ...extra }, deepStates, false))) break;
  }
  if (!found) console.log(`${bug.name}: not caught within the grid and the deep probes`);
  for (const line of incomplete) console.log(`  incomplete: ${line}`);
  console.log(`  ${probes} probes, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
