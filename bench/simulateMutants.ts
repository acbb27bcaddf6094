/**
 * Random simulation against the bug library: for each mutant, on three servers with simulate's default (hunting)
 * bounds and seed 1, as `raft-check simulate --servers 3 --bug NAME --seconds 60 --seed 1` runs it, the seconds until `simulate` finds it and the length of its walk before and after shrinking; then the
 * simulator's speed on the correct model. Run: `npx tsc -p tsconfig.build.json && node dist/bench/simulateMutants.js`
 * (optionally with the seconds for the speed run, default 10, and `speed` after it to run only the speed lines:
 * `node dist/bench/simulateMutants.js 10 speed`).
 *
 * Speed is given per wall-clock second and per CPU second of this process: the machines here are shared, and the
 * CPU figure is the one that says what one core does.
 */
import { replayPath } from '../checker/path.js';
import { VARIANT_PLANS } from '../harness/bugMatrix.js';
import { HUNT_CONFIG as HUNT, shrinkRaftTrace, simulateRaft, type SimulationEngine } from '../harness/simulateRaft.js';
import { SAFETY_BUGS } from '../spec/raft/bugs.js';
import { raftModel } from '../spec/raft/model.js';

const BUDGET_SECONDS = 60;

/** Thousands separators, as the CLI prints numbers (bench/ does not import cli/). */
function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

const seconds = Number(process.argv[2] ?? 10);
const speedOnly = process.argv[3] === 'speed';

if (!speedOnly) huntMutants();

function huntMutants(): void {
  console.log(
    `mutants: 3 servers, maxTerm 20, maxLog 2, maxCopies 1, no maxInFlight, seed 1, ${BUDGET_SECONDS} s each`,
  );
  console.log(
    `${'mutant'.padEnd(22)} ${'found in'.padStart(9)} ${'walk'.padStart(6)} ${'invariant'.padEnd(22)} ` +
      `${'raw'.padStart(5)} ${'shrunk'.padStart(6)} ${'shrink s'.padStart(8)}`,
  );
  for (const bug of SAFETY_BUGS) {
    // A variant's bug runs with its variant on, on its variant's bounds when its module gives them (membership's
    // five servers, where its known counterexamples live: docs/bugs.md; on three servers seed 1 finds none in 60 s).
    const variants = bug.variants ?? [];
    const config = VARIANT_PLANS[variants.join('+')]?.config ?? {
      ...HUNT,
      ...(variants.length > 0 ? { variants } : {}),
    };
    const r = simulateRaft('flat', config, [bug.name], { seed: 1, seconds: BUDGET_SECONDS });
    const name = bug.name;
    const note = variants.length > 0 ? `  (variant ${variants.join('+')}, ${config.servers} servers)` : '';
    if (r.kind !== 'violation') {
      console.log(`${name.padEnd(22)} not found in ${BUDGET_SECONDS} s (${r.stats.walks} walks)${note}`);
      continue;
    }
    const model = raftModel(config, [bug.name]);
    const raw = replayPath(model, r.path);
    const shrunk = shrinkRaftTrace(model, raw, r.invariant);
    console.log(
      `${name.padEnd(22)} ${`${r.stats.seconds.toFixed(2)} s`.padStart(9)} ${String(r.walk).padStart(6)} ` +
        `${r.invariant.padEnd(22)} ${String(raw.length).padStart(5)} ${String(shrunk.trace.length).padStart(6)} ` +
        shrunk.seconds.toFixed(2).padStart(8) +
        note,
    );
  }
}

// The speed line the issue's target (250,000 steps per CPU second, flat engine) is read from.
for (const engine of ['flat', 'reference'] as SimulationEngine[]) {
  const cpu = process.cpuUsage();
  const r = simulateRaft(engine, HUNT, [], { seed: 1, seconds: engine === 'flat' ? seconds : seconds / 2 });
  const s = r.stats;
  console.log(
    `simulation speed (${engine} engine, 3 servers, hunting bounds, correct model, seed 1, one worker): ` +
      `${formatNumber(Math.round(s.steps / cpuSeconds(cpu)))} steps/s CPU, ` +
      `${formatNumber(Math.round(s.stepsPerSecond))} steps/s wall; ${formatNumber(s.steps)} steps in ` +
      `${s.seconds.toFixed(1)} s, ${formatNumber(s.walks)} walks, ${formatNumber(s.distinctStates)} distinct states, ` +
      `${(s.generated / Math.max(s.steps, 1)).toFixed(1)} successors generated per step`,
  );
}
