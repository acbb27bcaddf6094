/**
 * A campaign against an implementation under test: many seeded runs across fault mixes, each recorded run
 * validated against the model, each departure classified by what the validator says (the rejected event's kind
 * and its first reason, with numbers and names taken out), the first run of each kind shrunk to the shortest
 * schedule that still departs the same way. Separately, a run whose nodes' reported states break a built-in
 * invariant is a safety bug and is reported as one.
 */
import { validate, type ValidateResult } from '../../traces/validate/validate.js';
import { drawSchedule, type FaultMix, type Schedule } from './schedule.js';
import type { RunRecord } from './liferaft/runLiferaft.js';
import { formatRejection, readRecordedRun } from './recordedRun.js';

export type RunImplementation = (schedule: Schedule) => Promise<RunRecord>;

export interface Verdict {
  readonly result: ValidateResult['kind'];
  /** For a rejection: the rejected event's type and the validator's first reason, numbers and names blanked. */
  readonly departure: string | undefined;
  /** The validator's report (as `raft-check validate` prints it). */
  readonly report: string;
  /** The rejected event's position in the run's lines (1-based, the header is line 1). */
  readonly line: number | undefined;
}

/** The departure's kind: the same rule broken the same way, whatever the terms, indexes and servers. */
export function departureKind(eventType: string, reason: string): string {
  const general = reason
    .replace(/\b[sv]\d+\b/g, '·')
    .replace(/\d+/g, 'N')
    .replace(/\{[^}]*\}/g, '{…}')
    .replace(/\[[^\]]*\]/g, '[…]');
  return `${eventType}: ${general}`;
}

/** Validates a recorded run with the model its header names. */
export function validateRun(lines: readonly string[]): Verdict {
  const run = readRecordedRun(lines);
  const result = validate(run.model, run.events, { selfVote: run.selfVote, maxFrontier: 20_000 });
  const report = formatRejection(run, result);
  if (result.kind !== 'rejected') return { result: result.kind, departure: undefined, report, line: undefined };
  const reason = result.candidates[0]?.reasons[0] ?? 'no state';
  return {
    result: result.kind,
    departure: departureKind(result.event.type, reason),
    report,
    line: result.event.line,
  };
}

/** What a failing run is shrunk against: the same departure kind, or the same invariant broken. */
export type Failure =
  { readonly kind: 'departure'; readonly departure: string } | { readonly kind: 'safety'; readonly invariant: string };

async function fails(run: RunImplementation, s: Schedule, f: Failure): Promise<RunRecord | undefined> {
  const rec = await run(s);
  if (f.kind === 'safety') return rec.safety?.invariant === f.invariant ? rec : undefined;
  return validateRun(rec.lines).departure === f.departure ? rec : undefined;
}

/** Simpler schedules than `s`: fewer actions, an earlier end, a calmer network. Smallest changes last. */
function simpler(s: Schedule, endAt: number): Schedule[] {
  const out: Schedule[] = [];
  if (endAt + 1 < s.horizon) out.push({ ...s, horizon: endAt + 1 });
  const calm = (mix: Partial<FaultMix>): Schedule => ({ ...s, mix: { ...s.mix, ...mix } });
  if (s.mix.loss > 0) out.push(calm({ loss: 0 }));
  if (s.mix.duplicate > 0) out.push(calm({ duplicate: 0 }));
  if (s.mix.maxDelay > s.mix.minDelay + 19) out.push(calm({ maxDelay: s.mix.minDelay + 19 }));
  for (let k = 0; k < s.actions.length; k++) out.push({ ...s, actions: s.actions.filter((_, j) => j !== k) });
  return out;
}

/** The time (`_t`) of the line a run departs at, or of its last line. */
function endTime(rec: RunRecord, line: number | undefined): number {
  const at = line === undefined ? rec.lines.length - 1 : line - 1;
  const t = (JSON.parse(rec.lines[at] ?? '{}') as { _t?: number })._t;
  return t ?? rec.schedule.horizon;
}

/** Shrinks a failing schedule greedily (at most `budget` runs): the result still fails the same way. */
export async function shrink(
  run: RunImplementation,
  first: RunRecord,
  f: Failure,
  budget = 60,
): Promise<{ record: RunRecord; tries: number }> {
  let best = first;
  let tries = 0;
  for (let improved = true; improved && tries < budget;) {
    improved = false;
    // A run need not go on past its failure: the departing event's time, or the step that broke the invariant.
    const endAt =
      f.kind === 'departure'
        ? endTime(best, validateRun(best.lines).line)
        : (best.safety?.time ?? best.schedule.horizon);
    for (const candidate of simpler(best.schedule, endAt)) {
      if (tries++ >= budget) break;
      const rec = await fails(run, candidate, f);
      if (rec !== undefined) {
        best = rec;
        improved = true;
        break;
      }
    }
  }
  return { record: best, tries };
}

export interface RunOutcome {
  readonly seed: number;
  readonly mix: string;
  readonly verdict: Verdict;
  readonly record: RunRecord;
}

/** Runs and judges one seed of one mix. */
export async function judge(run: RunImplementation, mix: FaultMix, seed: number): Promise<RunOutcome> {
  const record = await run(drawSchedule(mix, seed));
  return { seed, mix: mix.name, verdict: validateRun(record.lines), record };
}
