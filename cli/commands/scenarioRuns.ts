/**
 * `raft-check election-timing --scenario NAME`: an availability scenario (timing/scenarios.ts) run for every
 * timeout range, with the --variant set, or with --plot with every subset of it, so that the figure compares each
 * variant on and off over the same seeded trials.
 */
import { initialMembersOf, type ExperimentOptions } from '../../timing/experiment.js';
import { formatRange } from '../../timing/range.js';
import { scenarioTrials, summarizeScenario, type Scenario, type ScenarioSummary } from '../../timing/scenario.js';
import { findScenario, SCENARIOS } from '../../timing/scenarios.js';
import { UsageError, type FlagValues } from '../usage.js';
import { writeFileAtomic } from '../writeFileAtomic.js';
import { numberFlag } from '../numberFlag.js';
import { interruptible, takeTrials } from '../interruptibleTrials.js';

/** How many maximum election timeouts a fault lasts by default: "longer than several election timeouts". */
const PARTITION_TIMEOUTS = 5;

/** The scenario --scenario names, or undefined for the leader-crash experiment; a usage error for a bad flag. */
export function scenarioFromFlags(values: FlagValues): Scenario | undefined {
  const name = values.scenario === undefined ? 'crash' : String(values.scenario);
  if (name === 'crash') {
    if (values.partition !== undefined) {
      throw new UsageError(`--partition applies to a --scenario (${SCENARIOS.map((s) => s.name).join(', ')})`);
    }
    return undefined;
  }
  const scenario = findScenario(name);
  if (scenario === undefined) {
    throw new UsageError(`unknown scenario '${name}' (known: crash, ${SCENARIOS.map((s) => s.name).join(', ')})`);
  }
  const partition = numberFlag(values, 'partition');
  if (partition !== undefined && partition <= 0)
    throw new UsageError(`--partition must be above 0 ms, got ${partition}`);
  return scenario;
}

/** Every subset of `variants` (sorted names), smallest first: the configurations a plot compares. */
export function variantSubsets(variants: readonly string[]): string[][] {
  const subsets: string[][] = [];
  for (let mask = 0; mask < 1 << variants.length; mask++)
    subsets.push(variants.filter((_, k) => (mask & (1 << k)) !== 0));
  return subsets.sort((a, b) => a.length - b.length);
}

/** A header's note of membership's first configuration, empty without membership. */
export function members(o: ExperimentOptions): string {
  return o.initialMembers === undefined ? '' : ` (initial members s1..s${o.initialMembers}, unchanged)`;
}

interface ScenarioRun {
  readonly options: ExperimentOptions & { readonly partition: number };
  readonly summary: ScenarioSummary;
}

function ms(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function variantsLabel(variants: readonly string[] | undefined): string {
  return variants === undefined || variants.length === 0 ? 'no variant' : variants.join('+');
}

/** The JSON object of one run. */
export function scenarioJson(scenario: Scenario, run: ScenarioRun): Record<string, unknown> {
  const { options: o, summary: s } = run;
  const d = s.downtimeMs;
  return {
    scenario: scenario.name,
    variants: o.variants ?? [],
    trials: s.trials,
    disruptions: s.disruptions,
    downtimeMs: { mean: ms(d.mean), median: ms(d.median), p90: ms(d.p90), p99: ms(d.p99), max: ms(d.max) },
    unfinished: s.unfinished,
    seed: o.seed,
    servers: o.servers,
    ...(initialMembersOf(o) === undefined ? {} : { initialMembers: initialMembersOf(o) }),
    timeoutMs: o.timeout,
    heartbeatMs: o.heartbeat,
    latencyMs: o.link.latency,
    loss: o.link.loss,
    partitionMs: o.partition,
    limitMs: o.limit,
  };
}

function formatScenarioRun(run: ScenarioRun): string {
  const { options: o, summary: s } = run;
  const d = s.downtimeMs;
  const f = (x: number): string => x.toFixed(1);
  const lines = [
    `timeout ${formatRange(o.timeout)} ms, heartbeat ${o.heartbeat} ms, partition ${o.partition} ms, ${variantsLabel(o.variants)}`,
    `  disruptions   ${s.disruptions} of ${s.trials} trials`,
    `  downtime ms   mean ${f(d.mean)}  median ${f(d.median)}  p90 ${f(d.p90)}  p99 ${f(d.p99)}  max ${f(d.max)}`,
  ];
  if (s.unfinished > 0) {
    lines.push(`  unfinished    ${s.unfinished} trials had no leader ${o.limit} ms after a disruption`);
  }
  return lines.join('\n');
}

/** Runs `scenario` for every experiment (and with a plot, every variant subset); returns the exit code. */
export async function runScenarioCommand(
  scenario: Scenario,
  values: FlagValues,
  experiments: readonly ExperimentOptions[],
  plot: string | undefined,
): Promise<number> {
  const json = values.json === true;
  const partitionFlag = numberFlag(values, 'partition');
  const first = experiments[0]!;
  const configs = plot === undefined ? [first.variants ?? []] : variantSubsets(first.variants ?? []);
  const header =
    `election-timing --scenario ${scenario.name}: ${scenario.description}; ${first.servers} servers${members(first)}, latency ` +
    `${formatRange(first.link.latency)} ms, loss ${first.link.loss}, ${first.trials} trials per run, seed ${first.seed}`;
  if (!json) {
    console.log(header);
    console.log(`  disrupted: ${scenario.disruption}`);
    console.log(`  downtime:  ${scenario.downtime}`);
  }
  const started = performance.now();
  const runs: ScenarioRun[] = [];
  const interrupt = interruptible();
  const total = experiments.length * configs.length;
  try {
    for (const experiment of experiments) {
      for (const variants of configs) {
        const options = {
          ...experiment,
          variants,
          partition: partitionFlag ?? PARTITION_TIMEOUTS * experiment.timeout.max,
        };
        const trials = await takeTrials(scenarioTrials(scenario, options), interrupt, (n) => {
          process.stderr.write(
            `election-timing --scenario ${scenario.name}: run ${runs.length + 1} of ${total}, ${n} of ${options.trials} trials, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
          );
        });
        if (trials.length === 0) break;
        const run = { options, summary: summarizeScenario(trials) };
        runs.push(run);
        console.log(json ? JSON.stringify(scenarioJson(scenario, run)) : formatScenarioRun(run));
        if (interrupt.signal !== undefined) break;
      }
      if (interrupt.signal !== undefined) break;
    }
  } finally {
    interrupt.dispose();
  }
  const stopped = interrupt.signal;
  if (stopped !== undefined) {
    const done = runs.reduce((n, r) => n + r.summary.trials, 0);
    const asked = total * first.trials;
    if (json) console.log(JSON.stringify({ result: 'interrupted', signal: stopped, trials: done, of: asked }));
    else
      console.log(
        `result: interrupted by ${stopped} after ${done} of ${asked} trials (${runs.length} of ${total} runs, the last one partly): the figures above cover those trials`,
      );
  }
  if (!json) console.log(`time: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  if (plot !== undefined) {
    // Loaded only here: Vega takes a few hundred milliseconds to import, which no other run should pay.
    const { renderScenarioSvg } = await import('../../timing/scenarioPlot.js');
    const ranges = experiments.length > 1;
    const bars = runs.map((r) => ({
      label: `${variantsLabel(r.options.variants)}${ranges ? `, ${formatRange(r.options.timeout)} ms` : ''}`,
      trials: r.summary.trials,
      disruptions: r.summary.disruptions,
      meanMs: r.summary.downtimeMs.mean,
      p99Ms: r.summary.downtimeMs.p99,
    }));
    const title = `${scenario.name}: ${first.servers} servers, ${first.trials} trials each, seed ${first.seed}`;
    writeFileAtomic(plot, await renderScenarioSvg(bars, title));
    if (!json) console.log(`plot: ${plot}`);
  }
  return stopped === undefined ? 0 : 3;
}
