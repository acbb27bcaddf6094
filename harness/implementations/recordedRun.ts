/**
 * A recorded run as the validator takes it: the NDJSON lines a harness wrote (header first) read back into the
 * model they name, its naming and its events, and the validator's verdict written for people, as
 * `raft-check validate` prints it. The header is the harness's own (its flags are the model's bounds under their
 * command-line names), so the user's file and the campaign's judgement are the same bytes.
 */
import { DEFAULT_CONFIG, type RaftConfig } from '../../spec/raft/config.js';
import { raftModel, type RaftModel } from '../../spec/raft/model.js';
import type { TraceEvent } from '../../traces/validate/events.js';
import { formatState } from '../../traces/validate/formatState.js';
import { describeNaming, modelNaming, type Naming } from '../../traces/validate/naming.js';
import { parseEvents } from '../../traces/validate/parseEvents.js';
import { readTrace } from '../../traces/validate/readTrace.js';
import type { SelfVote } from '../../traces/validate/matchEvent.js';
import type { ValidateResult } from '../../traces/validate/validate.js';

export interface RecordedRun {
  readonly model: RaftModel;
  readonly selfVote: SelfVote;
  readonly naming: Naming;
  readonly events: readonly TraceEvent[];
  readonly lines: readonly string[];
}

/** Reads a harness's lines; a malformed line is the harness's bug, so it throws. */
export function readRecordedRun(lines: readonly string[]): RecordedRun {
  const raw = readTrace(lines.join('\n'));
  if (!raw.ok) throw new Error(`recorded run, line ${raw.error.line}: ${raw.error.message}`);
  const header = raw.value.header;
  const flags = header?.flags ?? {};
  const int = (key: string, fallback: number): number => (flags[key] === undefined ? fallback : Number(flags[key]));
  const bool = (key: string, fallback: boolean): boolean => (flags[key] === undefined ? fallback : flags[key] === true);
  const servers = header?.servers?.length ?? DEFAULT_CONFIG.servers;
  const values = header?.values?.length ?? DEFAULT_CONFIG.values;
  const config: RaftConfig = {
    servers,
    values,
    maxTerm: int('max-term', DEFAULT_CONFIG.maxTerm),
    maxLogLen: int('max-log', DEFAULT_CONFIG.maxLogLen),
    maxCopies: int('max-copies', DEFAULT_CONFIG.maxCopies),
    maxInFlight: int('max-in-flight', DEFAULT_CONFIG.maxInFlight),
    restart: bool('restart', DEFAULT_CONFIG.restart),
    duplicate: bool('duplicate', DEFAULT_CONFIG.duplicate),
    drop: bool('drop', DEFAULT_CONFIG.drop),
  };
  const naming: Naming = {
    ...modelNaming(servers, values),
    ...(header?.servers === undefined ? {} : { servers: header.servers }),
    ...(header?.values === undefined ? {} : { values: header.values }),
  };
  const events = parseEvents(raw.value.events, naming);
  if (!events.ok) throw new Error(`recorded run, line ${events.error.line}: ${events.error.message}`);
  const selfVote: SelfVote = flags['self-vote'] === 'implicit' ? 'implicit' : 'messages';
  return { model: raftModel(config), selfVote, naming, events: events.value, lines };
}

/** A rejection as `raft-check validate` words it: the event, the last one matched, the candidates and why. */
export function formatRejection(run: RecordedRun, result: ValidateResult): string {
  if (result.kind !== 'rejected') return result.kind;
  const source = (e: TraceEvent): string => `event ${e.index} (line ${e.line}): ${run.lines[e.line - 1] ?? ''}`;
  const out = [`servers: ${describeNaming(run.naming)}`, `rejected ${source(result.event)}`];
  out.push(`last matched: ${result.lastMatched === undefined ? 'none (the first event)' : source(result.lastMatched)}`);
  result.candidates.forEach((c, k) => {
    out.push(`candidate ${k + 1}:`);
    for (const line of formatState(c.state)) out.push(`  ${line}`);
    for (const reason of c.reasons) out.push(`  why: ${reason}`);
  });
  return out.join('\n');
}
