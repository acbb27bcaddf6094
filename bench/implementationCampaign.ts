/**
 * `npm run bench:implementation -- [--library liferaft|fork] [--runs K] [--seconds S] [--start SEED] [--from I] [--mixes a,b]
 * [--checkpoint FILE] [--out DIR] [--shrink N]`: a campaign of seeded runs of liferaft 1.0.0 or its
 * fork @markwylde/liferaft 1.4.0 (harness/implementations/) across the fault mixes, run i being mix i mod M with seed START + ⌊i / M⌋. Each run is validated against the model and its
 * nodes' reported states are checked against the built-in invariants. Progress goes to stderr; each run is one
 * line appended to the checkpoint (JSON), so an interrupted campaign resumes where it stopped and keeps what it
 * did. At the end: the counts per mix, each distinct departure with its first seed, each safety violation, and
 * the first run of each shrunk to the shortest schedule that still fails the same way, its events written to
 * DIR (they validate, or are rejected, with `raft-check validate FILE`).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { judge, shrink, validateRun, type Failure } from '../harness/implementations/campaign.js';
import { departureItf, safetyItf } from '../harness/implementations/itfOut.js';
import { readRecordedRun } from '../harness/implementations/recordedRun.js';
import { FLAVOURS } from '../harness/implementations/liferaft/flavours.js';
import { runLiferaft } from '../harness/implementations/liferaft/runLiferaft.js';
import type { RunRecord } from '../harness/implementations/liferaft/runLiferaft.js';
import {
  drawSchedule,
  FAULT_MIXES,
  findMix,
  type FaultMix,
  type Schedule,
} from '../harness/implementations/schedule.js';

interface Line {
  i: number;
  mix: string;
  seed: number;
  result: string;
  departure: string | null;
  line: number | null;
  safety: string | null;
  steps: number;
  events: number;
  witnesses: Record<string, number>;
  libraryErrors: number;
  cpuMs: number;
}

function flag(name: string): string | undefined {
  const k = process.argv.indexOf(`--${name}`);
  return k < 0 ? undefined : process.argv[k + 1];
}

function fail(message: string): never {
  process.stderr.write(`bench:implementation: ${message}\n`);
  process.exit(2);
}

function intArg(name: string, fallback: number): number {
  const v = flag(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} takes a non-negative integer, got '${v}'`);
  return n;
}

const libraryName = flag('library') ?? 'liferaft';
const flavour =
  FLAVOURS[libraryName] ?? fail(`unknown --library '${libraryName}' (known: ${Object.keys(FLAVOURS).join(', ')})`);
const run = (s: Schedule): Promise<RunRecord> => runLiferaft(s, false, flavour);
const runs = intArg('runs', 10_000);
const seconds = intArg('seconds', 3600);
const start = intArg('start', 1);
/** The first run index to do (several processes can split a campaign; their checkpoints concatenate). */
const from = intArg('from', 0);
const shrinkBudget = intArg('shrink', 60);
const mixes: FaultMix[] = (flag('mixes')?.split(',') ?? FAULT_MIXES.map((m) => m.name)).map(
  (name) => findMix(name) ?? fail(`unknown fault mix '${name}' (known: ${FAULT_MIXES.map((m) => m.name).join(', ')})`),
);
const checkpoint = flag('checkpoint') ?? 'implementation-campaign.jsonl';
const outDir = flag('out') ?? 'traces/implementations/liferaft';

function readCheckpoint(): Line[] {
  if (!existsSync(checkpoint)) return [];
  const out: Line[] = [];
  for (const text of readFileSync(checkpoint, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    try {
      out.push(JSON.parse(text) as Line);
    } catch {
      // A line cut by a kill mid-write: that run is done again.
    }
  }
  return out;
}

/** Set by Ctrl-C or kill: the campaign stops after the run under way and still prints what it did. */
const signal = { stopped: false };
process.on('SIGINT', () => {
  signal.stopped = true;
});
process.on('SIGTERM', () => {
  signal.stopped = true;
});

const done = readCheckpoint();
const seen = new Set(done.map((l) => l.i));
const began = Date.now();
const cpuBefore = process.cpuUsage();
process.stderr.write(
  `${flavour.name} campaign: ${runs} runs over ${mixes.map((m) => m.name).join(', ')}, seeds from ${start}, ` +
    `budget ${seconds} s; ${done.length} already in ${checkpoint}\n`,
);
let ran = 0;
for (let i = from; i < runs && !signal.stopped; i++) {
  if (seen.has(i)) continue;
  if ((Date.now() - began) / 1000 > seconds) {
    process.stderr.write(`time budget of ${seconds} s spent after ${ran} new runs\n`);
    break;
  }
  const mix = mixes[i % mixes.length]!;
  const seed = start + Math.floor(i / mixes.length);
  const cpu = process.cpuUsage();
  const o = await judge(run, mix, seed);
  const used = process.cpuUsage(cpu);
  const line: Line = {
    i,
    mix: mix.name,
    seed,
    result: o.verdict.result,
    departure: o.verdict.departure ?? null,
    line: o.verdict.line ?? null,
    safety: o.record.safety?.invariant ?? null,
    steps: o.record.steps,
    events: o.record.lines.length - 1,
    witnesses: { ...o.record.witnesses },
    libraryErrors: o.record.libraryErrors,
    cpuMs: Math.round((used.user + used.system) / 1000),
  };
  appendFileSync(checkpoint, `${JSON.stringify(line)}\n`);
  done.push(line);
  ran++;
  if (ran % 100 === 0) {
    const rejected = done.filter((l) => l.result === 'rejected').length;
    const unsafe = done.filter((l) => l.safety !== null).length;
    process.stderr.write(
      `${done.length}/${runs} runs, ${rejected} depart, ${unsafe} break an invariant, ` +
        `${Math.round((Date.now() - began) / 1000)} s\n`,
    );
  }
}
if (signal.stopped)
  process.stderr.write(`stopped by a signal after ${ran} new runs; ${done.length} kept in ${checkpoint}\n`);

// The summary, from everything the checkpoint holds.
const cpu = process.cpuUsage(cpuBefore);
console.log(
  `${flavour.name}: ${done.length} runs (${ran} this time, ${Math.round((Date.now() - began) / 1000)} s wall, ` +
    `${Math.round((cpu.user + cpu.system) / 1e6)} s CPU this time; all runs: ` +
    `${Math.round(done.reduce((a, l) => a + l.cpuMs, 0) / 1000)} s CPU)`,
);
for (const mix of mixes) {
  const of = done.filter((l) => l.mix === mix.name);
  const count = (r: string): number => of.filter((l) => l.result === r).length;
  console.log(
    `  ${mix.name.padEnd(11)} ${String(of.length).padStart(6)} runs: ${count('validated')} validate, ` +
      `${count('rejected')} depart, ${count('incomplete')} incomplete, ${of.filter((l) => l.safety !== null).length} unsafe`,
  );
}
const sum = (k: string): number => done.reduce((a, l) => a + (l.witnesses[k] ?? 0), 0);
console.log(
  `witnesses: ${sum('elections')} elections, ${sum('splitVotes')} split votes, ${sum('overwritten')} overwritten ` +
    `entries, ${sum('staleLeaderSends')} sends by stale leaders, ${sum('crashes')} crashes, ${sum('commits')} commits`,
);

const failures = new Map<string, { failure: Failure; first: Line; count: number }>();
for (const l of done) {
  if (l.departure !== null) {
    const key = `departure ${l.departure}`;
    const f = failures.get(key) ?? { failure: { kind: 'departure', departure: l.departure }, first: l, count: 0 };
    f.count++;
    failures.set(key, f);
  }
  if (l.safety !== null) {
    const key = `safety ${l.safety}`;
    const f = failures.get(key) ?? { failure: { kind: 'safety', invariant: l.safety }, first: l, count: 0 };
    f.count++;
    failures.set(key, f);
  }
}
mkdirSync(outDir, { recursive: true });
let k = 0;
for (const [key, f] of [...failures.entries()].sort((a, b) => b[1].count - a[1].count)) {
  k++;
  const mix = findMix(f.first.mix)!;
  console.log(`\n[${k}] ${key}\n    ${f.count} runs; first: mix ${f.first.mix}, seed ${f.first.seed}`);
  if (signal.stopped || shrinkBudget === 0) continue;
  const first = await run(drawSchedule(mix, f.first.seed));
  const { record, tries } = await shrink(run, first, f.failure, shrinkBudget);
  const s = record.schedule;
  const file = join(
    outDir,
    `${String(k).padStart(2, '0')}-${f.failure.kind}-${f.first.mix}-seed${f.first.seed}.ndjson`,
  );
  writeFileSync(`${file}.tmp`, `${record.lines.join('\n')}\n`);
  renameSync(`${file}.tmp`, file);
  const verdict = validateRun(record.lines);
  const description = `${flavour.name}, mix ${f.first.mix}, seed ${f.first.seed}, shrunk: ${key}`;
  const itf =
    f.failure.kind === 'safety'
      ? safetyItf(
          readRecordedRun(record.lines).model.config,
          (await runLiferaft(s, true, flavour)).history,
          f.failure.invariant,
          description,
        )
      : departureItf(record.lines, `${description}\n${verdict.report}`);
  if (itf !== undefined) {
    writeFileSync(`${file}.itf.json.tmp`, itf);
    renameSync(`${file}.itf.json.tmp`, file.replace(/\.ndjson$/, '.itf.json'));
  }
  console.log(
    `    shrunk in ${tries} runs: ${first.lines.length - 1} → ${record.lines.length - 1} events, ` +
      `${first.schedule.actions.length} → ${s.actions.length} actions, horizon ${s.horizon} ms, ` +
      `loss ${s.mix.loss}, duplicate ${s.mix.duplicate}, delay ${s.mix.minDelay}-${s.mix.maxDelay} ms → ${file}`,
  );
  if (record.safety !== undefined) {
    console.log(`    ${record.safety.invariant} fails after step ${record.safety.step} (${record.safety.time} ms):`);
    record.safety.nodes.forEach((n, j) => {
      console.log(
        `      n${j + 1} ${n.role} term ${n.term + 1} commit ${n.commitIndex} log [${n.log.map((e) => `${e.term + 1}:${e.value}`).join(' ')}]`,
      );
    });
  }
  console.log(verdict.report.replace(/^/gm, '    '));
}
process.exit(signal.stopped ? 130 : 0);
