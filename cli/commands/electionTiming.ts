/**
 * `raft-check election-timing`: the Raft paper's §9.3 leader-crash experiment, run on the spec with clocks (see
 * timing/). Prints downtime statistics and split votes per election-timeout range; optionally plots their CDFs.
 * With `--scenario`, one of the availability scenarios of timing/scenarios.ts instead (scenarioRuns.ts).
 */
import { checkWritable, writeFileAtomic } from '../writeFileAtomic.js';
import {
  experimentTrials,
  summarizeExperiment,
  type ExperimentOptions,
  type ExperimentSummary,
  type TrialResult,
} from '../../timing/experiment.js';
import { formatRange, parseRange, type MsRange } from '../../timing/range.js';
import { intFlag, parseFlags, UsageError, type FlagValues } from '../usage.js';
import { variantsFromFlags } from '../modelFlags.js';
import { numberFlag } from '../numberFlag.js';
import { VARIANT_NAMES } from '../../spec/raft/variants.js';
import { SCENARIOS } from '../../timing/scenarios.js';
import { CONFIGURATION_VARIANTS, hasConfiguration, timedRefusal } from '../../timing/timedSpec.js';
import { members, runScenarioCommand, scenarioFromFlags } from './scenarioRuns.js';
import { interruptible, takeTrials } from '../interruptibleTrials.js';

const DEFAULTS = { servers: 5, timeout: '150-300', latency: '10-20', trials: 1000, seed: 1, limit: 60_000 };

/** The variants election-timing takes: every variant but those it refuses (their modules' `timed.refused`). */
const TIMED_VARIANTS = VARIANT_NAMES.filter((name) => timedRefusal([name]) === undefined);

export const ELECTION_TIMING_HELP = `Usage: raft-check election-timing [flags]

Runs the Raft paper's leader-crash experiment (§9.3, Figure 16) on the spec with clocks: a cluster with a stable
leader, followers holding logs of different lengths, and a heartbeat broadcast just before the leader crashes at a
random moment within its heartbeat interval. Measures the time from the crash until a new leader is elected.
With --scenario, a network fault on the same cluster instead, reported as disruptions and downtime.
Exit code 0; 2: bad usage; 3: interrupted (SIGINT or SIGTERM: the ranges measured so far are printed, the last one
over the trials it finished, and the plot drawn from them). Progress on stderr every few seconds of a long run.
See docs/election-timing.md and docs/variants.md ("measured in time").

  --scenario NAME      crash (default: the leader-crash experiment), ${SCENARIOS.map((x) => x.name).join(', ')}
  --variant NAME       switch on a protocol variant (repeatable): ${TIMED_VARIANTS.join(', ')}
  --initial-members K  ${CONFIGURATION_VARIANTS.join(', ')}: the configuration is s1..sK, 3 to N (default N − 1); it never changes here
  --partition MS       how long a scenario's fault lasts (default 5 times each range's MAX)

  --servers N          cluster size, 3 to 15 (default ${DEFAULTS.servers})
  --timeout MIN-MAX    election timeouts, uniform in MIN-MAX ms (default ${DEFAULTS.timeout}); repeat the flag to
                       compare ranges, each over the same seeded trials
  --heartbeat MS       a leader's heartbeat interval, below MIN (default half of each range's MIN)
  --latency MIN-MAX    one-way message latency, uniform in MIN-MAX ms, or a fixed MS (default ${DEFAULTS.latency})
  --loss P             probability that a message is lost, 0 <= P < 1 (default 0)
  --trials N           trials per timeout range (default ${DEFAULTS.trials})
  --seed N             seed, 0 to 4294967295 (default ${DEFAULTS.seed}); same seed and flags, same figures
  --limit MS           give a trial up after MS simulated ms without a leader (default ${DEFAULTS.limit})
  --json               one JSON object per timeout range (and configuration) on stdout instead of the summary
  --plot FILE.svg      also draw the cumulative distribution of every range in one figure; with --scenario, run
                       every subset of the --variant set (none included) and draw their disruptions and downtime
  --help               this text`;

const OPTIONS = {
  scenario: { type: 'string' },
  variant: { type: 'string', multiple: true },
  'initial-members': { type: 'string' },
  partition: { type: 'string' },
  servers: { type: 'string' },
  timeout: { type: 'string', multiple: true },
  heartbeat: { type: 'string' },
  latency: { type: 'string' },
  loss: { type: 'string' },
  trials: { type: 'string' },
  seed: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  plot: { type: 'string' },
  help: { type: 'boolean' },
} as const;

function rangeFlag(name: string, text: string): MsRange {
  const range = parseRange(text);
  if (typeof range === 'string') throw new UsageError(`--${name} ${range}`);
  return range;
}

interface Run {
  readonly options: ExperimentOptions;
  readonly summary: ExperimentSummary;
  readonly downtimes: readonly number[];
  /** The downtimes of the trials that elected a leader; the others are censored at the limit. */
  readonly elected: readonly number[];
}

/** The experiment of every --timeout range the flags describe; a usage error for any bad flag. */
export function experimentsFromFlags(values: FlagValues): ExperimentOptions[] {
  const timeouts = ((values.timeout as string[] | undefined) ?? [DEFAULTS.timeout]).map((t) => rangeFlag('timeout', t));
  for (const t of timeouts) {
    if (t.min <= 0) throw new UsageError(`--timeout must be above 0 ms, got '${formatRange(t)}'`);
  }
  const latency = rangeFlag('latency', stringOr(values.latency, DEFAULTS.latency));
  const loss = numberFlag(values, 'loss') ?? 0;
  if (loss < 0 || loss >= 1) throw new UsageError(`--loss must be at least 0 and below 1, got ${loss}`);
  const heartbeat = numberFlag(values, 'heartbeat');
  const shortest = Math.min(...timeouts.map((t) => t.min));
  if (heartbeat !== undefined && (heartbeat <= 0 || heartbeat >= shortest)) {
    throw new UsageError(
      `--heartbeat must be above 0 and below the minimum election timeout ${shortest}, got ${heartbeat}`,
    );
  }
  const limit = numberFlag(values, 'limit') ?? DEFAULTS.limit;
  if (limit <= 0) throw new UsageError(`--limit must be above 0 ms, got ${limit}`);
  const common = {
    servers: intFlag(values, 'servers', DEFAULTS.servers, 3, 15),
    trials: intFlag(values, 'trials', DEFAULTS.trials, 1, 1_000_000),
    seed: intFlag(values, 'seed', DEFAULTS.seed, 0, 2 ** 32 - 1),
    link: { latency, loss },
    limit,
  };
  const variants = variantsFromFlags(values);
  const refused = timedRefusal(variants);
  if (refused !== undefined) {
    throw new UsageError(
      `--variant ${refused.name} does not apply to election-timing: its clocks schedule no ${refused.unscheduled.join(' or ')}`,
    );
  }
  const initialMembers = initialMembersFromFlags(values, common.servers, variants);
  return timeouts.map((timeout) => ({
    ...common,
    timeout,
    heartbeat: heartbeat ?? timeout.min / 2,
    ...(variants.length > 0 ? { variants } : {}),
    ...(initialMembers === undefined ? {} : { initialMembers }),
  }));
}

/**
 * The first configuration s1..sK of a variant that gives servers one (membership; default N − 1, as on the other
 * commands), absent without such a variant.
 * At least 3: the stable-leader state needs a leader, an up-to-date follower and a lagging one among the members.
 */
function initialMembersFromFlags(values: FlagValues, servers: number, variants: readonly string[]): number | undefined {
  if (!hasConfiguration(variants)) {
    if (values['initial-members'] !== undefined) {
      throw new UsageError(
        `--initial-members needs ${CONFIGURATION_VARIANTS.map((v) => `--variant ${v}`).join(' or ')}`,
      );
    }
    return undefined;
  }
  const k = intFlag(values, 'initial-members', servers - 1, 1, servers);
  if (k < 3) {
    throw new UsageError(
      `election-timing needs at least 3 initial members (a leader and two followers), got ${k} of ${servers} servers`,
    );
  }
  return k;
}

function stringOr(raw: FlagValues[string], fallback: string): string {
  return raw === undefined ? fallback : String(raw);
}

/** Milliseconds to three decimals, so JSON output stays readable and reproducible. */
function ms(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The JSON object of one range. */
export function runJson(run: Run): Record<string, unknown> {
  const { options: o, summary: s } = run;
  const d = s.downtimeMs;
  return {
    trials: s.trials,
    downtimeMs: { mean: ms(d.mean), median: ms(d.median), p90: ms(d.p90), p99: ms(d.p99), max: ms(d.max) },
    splitVotes: s.splitVotes,
    seed: o.seed,
    contestedSplitVotes: s.contestedSplitVotes,
    electionRounds: s.electionRounds,
    unfinished: s.unfinished,
    disrupted: s.disrupted,
    servers: o.servers,
    ...(o.initialMembers === undefined ? {} : { initialMembers: o.initialMembers }),
    timeoutMs: o.timeout,
    heartbeatMs: o.heartbeat,
    latencyMs: o.link.latency,
    loss: o.link.loss,
    limitMs: o.limit,
    ...(o.variants === undefined ? {} : { variants: o.variants }),
  };
}

function formatRun(run: Run): string {
  const { options: o, summary: s } = run;
  const d = s.downtimeMs;
  const f = (x: number): string => x.toFixed(1);
  const lines = [
    `timeout ${formatRange(o.timeout)} ms, heartbeat ${o.heartbeat} ms`,
    `  downtime ms   mean ${f(d.mean)}  median ${f(d.median)}  p90 ${f(d.p90)}  p99 ${f(d.p99)}  max ${f(d.max)}`,
    `  split votes   ${s.splitVotes} in ${s.trials} trials (${s.contestedSplitVotes} with two or more candidates, ` +
      `${s.splitVotes - s.contestedSplitVotes} with a lone candidate that lost); ${s.electionRounds} election rounds`,
  ];
  if (s.unfinished > 0) {
    lines.push(`  unfinished    ${s.unfinished} trials had no leader after ${o.limit} ms (counted as ${o.limit} ms)`);
  }
  if (s.disrupted > 0) {
    lines.push(`  warning       in ${s.disrupted} trials a follower timed out before the crash (leader not stable)`);
  }
  return lines.join('\n');
}

/** Runs the command; returns the exit code. */
export async function runElectionTiming(args: readonly string[]): Promise<number> {
  const { values } = parseFlags(args, OPTIONS);
  if (values.help === true) {
    console.log(ELECTION_TIMING_HELP);
    return 0;
  }
  const scenario = scenarioFromFlags(values);
  const experiments = experimentsFromFlags(values);
  const plot = values.plot === undefined ? undefined : String(values.plot);
  if (plot !== undefined && !plot.endsWith('.svg'))
    throw new UsageError(`--plot writes SVG: give a FILE.svg, got '${plot}'`);
  if (plot !== undefined) checkWritable('--plot', plot);
  if (scenario !== undefined) return runScenarioCommand(scenario, values, experiments, plot);
  const first = experiments[0]!;
  const variants = first.variants === undefined ? '' : `, variant ${first.variants.join('+')}`;
  const header =
    `election-timing: ${first.servers} servers${members(first)}, latency ${formatRange(first.link.latency)} ms, loss ${first.link.loss}, ` +
    `${first.trials} trials per range, seed ${first.seed}${variants}`;
  if (values.json !== true) console.log(header);
  const started = performance.now();
  const runs: Run[] = [];
  const interrupt = interruptible();
  try {
    for (const [k, options] of experiments.entries()) {
      const trials: TrialResult[] = await takeTrials(experimentTrials(options), interrupt, (n) => {
        process.stderr.write(
          `election-timing: range ${k + 1} of ${experiments.length}, ${n} of ${options.trials} trials, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
        );
      });
      if (trials.length === 0) break;
      const run = {
        options,
        summary: summarizeExperiment({ trials }),
        downtimes: trials.map((t) => t.downtime),
        elected: trials.filter((t) => t.winner !== undefined).map((t) => t.downtime),
      };
      runs.push(run);
      console.log(values.json === true ? JSON.stringify(runJson(run)) : formatRun(run));
      if (interrupt.signal !== undefined) break;
    }
  } finally {
    interrupt.dispose();
  }
  const stopped = interrupt.signal;
  if (stopped !== undefined) {
    const done = runs.reduce((n, r) => n + r.downtimes.length, 0);
    const asked = experiments.reduce((n, e) => n + e.trials, 0);
    const line = `interrupted by ${stopped} after ${done} of ${asked} trials (${runs.length} of ${experiments.length} ranges, the last one partly): the figures above cover those trials`;
    if (values.json === true)
      console.log(JSON.stringify({ result: 'interrupted', signal: stopped, trials: done, of: asked }));
    else console.log(`result: ${line}`);
  }
  if (values.json !== true) console.log(`time: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  if (plot !== undefined) {
    // Loaded only here: Vega takes a few hundred milliseconds to import, which no other run should pay.
    const { renderCdfSvg } = await import('../../timing/plot.js');
    const series = runs.map((r) => ({
      label: `${formatRange(r.options.timeout)} ms${r.summary.unfinished > 0 ? ` (${r.summary.unfinished} unfinished)` : ''}`,
      values: r.elected,
      censored: r.downtimes.length - r.elected.length,
      limit: r.options.limit,
    }));
    writeFileAtomic(
      plot,
      await renderCdfSvg(series, header.replace('election-timing: ', 'Time to elect a new leader: ')),
    );
    if (values.json !== true) console.log(`plot: ${plot}`);
  }
  return stopped === undefined ? 0 : 3;
}
