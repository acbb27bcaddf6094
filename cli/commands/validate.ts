/**
 * `raft-check validate EVENTS.ndjson`: does some behaviour of the model produce exactly the events that a running
 * Raft implementation logged? The event vocabulary is in docs/trace-format.md. Flags come from three places, the
 * later winning: the defaults, the file's header line, the command line.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_CONFIG, type RaftConfig } from '../../spec/raft/config.js';
import { raftModel, type RaftModel } from '../../spec/raft/model.js';
import type { TraceEvent } from '../../traces/validate/events.js';
import { formatState } from '../../traces/validate/formatState.js';
import type { SelfVote } from '../../traces/validate/matchEvent.js';
import { describeNaming, modelNaming, type Naming } from '../../traces/validate/naming.js';
import { parseEvents } from '../../traces/validate/parseEvents.js';
import { readTrace, type HeaderFlag, type TraceHeader } from '../../traces/validate/readTrace.js';
import { validate, type ValidateResult } from '../../traces/validate/validate.js';
import {
  bugsFromFlags,
  checkBugVariants,
  configFromFlags,
  describeModel,
  MODEL_HELP,
  MODEL_OPTIONS,
} from '../modelFlags.js';
import { formatNumber } from '../formatNumber.js';
import { intFlag, parseFlags, stringFlag, UsageError, type FlagValues } from '../usage.js';

export const VALIDATE_HELP = `Usage: raft-check validate EVENTS.ndjson [flags]

Reads one JSON event per line, recorded from a running Raft implementation (format: docs/trace-format.md), and
decides whether some behaviour of the reference model produces exactly those observations. Exit code 0: the
trace is validated; 1: an event cannot follow (printed with candidate states and why); 2: bad usage or input;
3: the frontier grew past --max-frontier.

${MODEL_HELP}

Validate (each may also be set in the file's header, under "flags"):
  --max-hidden N      hidden steps (duplicate, drop) allowed before each event (default 2)
  --self-vote MODE    implicit: a timeout includes the candidate's vote for itself; messages: the trace logs
                      the RequestVote to itself like any other (default messages)
  --max-frontier N    give up when more states than this are consistent with the events (default 100000)
  --candidates N      candidate states shown when an event cannot follow (default 3)
  --quiet             no frontier sizes on stderr
  --json              print one JSON object: result, events, the rejection with its candidates and reasons
  --help              this text

A file with no events (empty, or a header alone) is refused (exit 2): an empty log validates nothing.`;

const VALIDATOR_OPTIONS = {
  'max-hidden': { type: 'string' },
  'self-vote': { type: 'string' },
  'max-frontier': { type: 'string' },
  candidates: { type: 'string' },
} as const;

const VALIDATE_OPTIONS = {
  ...MODEL_OPTIONS,
  ...VALIDATOR_OPTIONS,
  quiet: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

const SWITCHES = new Set(['restart', 'duplicate', 'drop']);

/** The header's flags as if given on the command line: `"restart": false` is `--no-restart`. */
function headerValues(header: TraceHeader | undefined, where: string): FlagValues {
  const values: FlagValues = {};
  const known = Object.keys({ ...MODEL_OPTIONS, ...VALIDATOR_OPTIONS }).filter((k) => !k.startsWith('no-'));
  for (const [key, v] of Object.entries(header?.flags ?? {})) {
    if (!known.includes(key))
      throw new UsageError(`${where}: unknown header flag '${key}' (known: ${known.join(', ')})`);
    if (SWITCHES.has(key)) {
      if (typeof v !== 'boolean') throw new UsageError(`${where}: header flag '${key}' must be true or false`);
      values[v ? key : `no-${key}`] = true;
    } else if (typeof v === 'boolean') {
      throw new UsageError(`${where}: header flag '${key}' takes a value, not ${String(v)}`);
    } else {
      values[key] = key === 'bug' && !Array.isArray(v) ? [v] : (v satisfies HeaderFlag);
    }
  }
  return values;
}

/** Runs `f`, prefixing a usage error's message with where the input came from. */
function at<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError) throw new UsageError(`${where}: ${e.message}`);
    throw e;
  }
}

function modelFor(header: TraceHeader | undefined, fromHeader: FlagValues, cli: FlagValues, where: string): RaftConfig {
  const named: RaftConfig = {
    ...DEFAULT_CONFIG,
    ...(header?.servers === undefined ? {} : { servers: header.servers.length }),
    ...(header?.values === undefined ? {} : { values: header.values.length }),
  };
  const base = at(where, () => configFromFlags(fromHeader, named));
  const config = configFromFlags(cli, base);
  for (const [key, names] of [
    ['servers', header?.servers],
    ['values', header?.values],
  ] as const) {
    if (names !== undefined && config[key] !== names.length) {
      throw new UsageError(`--${key} ${config[key]} disagrees with the ${names.length} ${key} named in the header`);
    }
  }
  return config;
}

function selfVoteFrom(values: FlagValues, fallback: SelfVote): SelfVote {
  const mode = stringFlag(values, 'self-vote') ?? fallback;
  if (mode !== 'implicit' && mode !== 'messages') {
    throw new UsageError(`--self-vote takes implicit or messages, got '${mode}'`);
  }
  return mode;
}

/** The result for people, one line a fact; candidates indented under the rejection. */
export function formatValidation(result: ValidateResult, lines: readonly string[], naming: Naming): string {
  const source = (e: TraceEvent): string => `event ${e.index} (line ${e.line}): ${lines[e.line - 1]?.trim() ?? ''}`;
  const out: string[] = [];
  const renamed = describeNaming(naming);
  if (renamed !== '' && result.kind !== 'validated') out.push(`servers: ${renamed}`);
  switch (result.kind) {
    case 'validated':
      out.push(`validated ${result.events} event${result.events === 1 ? '' : 's'}`);
      break;
    case 'incomplete':
      out.push(`incomplete at ${source(result.event)}: ${result.reason}`);
      break;
    case 'rejected':
      out.push(`rejected ${source(result.event)}`);
      out.push(
        `last matched: ${result.lastMatched === undefined ? 'none (the first event)' : source(result.lastMatched)}`,
      );
      out.push(`no behaviour matches: tried on ${result.frontier} state${result.frontier === 1 ? '' : 's'}`);
      result.candidates.forEach((c, k) => {
        out.push(`candidate ${k + 1}:`);
        for (const line of formatState(c.state)) out.push(`  ${line}`);
        for (const reason of c.reasons.length > 0 ? c.reasons : ['(no reason recorded)']) out.push(`  why: ${reason}`);
      });
      break;
  }
  const after = result.peak.after === undefined ? 'the initial state' : `line ${result.peak.after.line}`;
  out.push(`peak frontier: ${result.peak.size} state${result.peak.size === 1 ? '' : 's'} (after ${after})`);
  return out.join('\n');
}

/** The result as one JSON object: the model, the verdict, and for a rejection the event, candidates and reasons. */
export function validationJson(
  file: string,
  trace: LoadedTrace,
  selfVote: SelfVote,
  maxHidden: number,
  result: ValidateResult,
): Record<string, unknown> {
  const event = (e: TraceEvent | undefined): Record<string, unknown> | null =>
    e === undefined ? null : { index: e.index, line: e.line, text: trace.lines[e.line - 1]?.trim() ?? '' };
  const base = {
    file,
    model: { ...trace.model.config, bugs: trace.model.bugs },
    selfVote,
    maxHidden,
    result: result.kind,
    events: trace.events.length,
    peak: { size: result.peak.size, afterLine: result.peak.after?.line ?? null },
  };
  switch (result.kind) {
    case 'validated':
      return base;
    case 'incomplete':
      return { ...base, event: event(result.event), reason: result.reason };
    case 'rejected':
      return {
        ...base,
        event: event(result.event),
        lastMatched: event(result.lastMatched),
        frontier: result.frontier,
        candidates: result.candidates.map((c) => ({ state: formatState(c.state), reasons: c.reasons })),
      };
  }
}

/** Everything a validation needs, read from an events file and the flags. */
export interface LoadedTrace {
  readonly model: RaftModel;
  readonly naming: Naming;
  readonly events: readonly TraceEvent[];
  readonly maxHidden: number;
  readonly selfVote: SelfVote;
  /** The file's lines, for quoting events. */
  readonly lines: readonly string[];
}

/** Reads and checks `file` against the flags; any problem is a one-line usage error naming the line. */
export function loadTrace(file: string, values: FlagValues): LoadedTrace {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const raw = readTrace(text);
  if (!raw.ok) throw new UsageError(`${file} line ${raw.error.line}: ${raw.error.message}`);
  const header = raw.value.header;
  const where = `${file} line ${header?.line ?? 1}`;
  const fromHeader = headerValues(header, where);
  const config = modelFor(header, fromHeader, values, where);
  const bugs = values.bug === undefined ? at(where, () => bugsFromFlags(fromHeader)) : bugsFromFlags(values);
  const naming: Naming = {
    ...modelNaming(config.servers, config.values),
    ...(header?.servers === undefined ? {} : { servers: header.servers }),
    ...(header?.values === undefined ? {} : { values: header.values }),
  };
  const events = parseEvents(raw.value.events, naming);
  if (!events.ok) throw new UsageError(`${file} line ${events.error.line}: ${events.error.message}`);
  if (events.value.length === 0) {
    const what = header === undefined ? 'no events' : 'no events after the header';
    throw new UsageError(`${file}: ${what}; an empty log validates nothing`);
  }
  checkBugVariants(config, bugs);
  return {
    model: raftModel(config, bugs),
    naming,
    events: events.value,
    maxHidden: intFlag(
      values,
      'max-hidden',
      at(where, () => intFlag(fromHeader, 'max-hidden', 2, 0, 10)),
      0,
      10,
    ),
    selfVote: selfVoteFrom(
      values,
      at(where, () => selfVoteFrom(fromHeader, 'messages')),
    ),
    lines: text.split('\n'),
  };
}

/** Parses the command's arguments: the flag values and the one events file. */
export function validateArgs(args: readonly string[]): { values: FlagValues; file: string | undefined } {
  const { values, positionals } = parseFlags(args, VALIDATE_OPTIONS, true);
  if (values.help === true) return { values, file: undefined };
  if (positionals.length !== 1)
    throw new UsageError('validate takes one events file (raft-check validate EVENTS.ndjson)');
  return { values, file: positionals[0]! };
}

/** Runs the command; returns the exit code. */
export function runValidate(args: readonly string[]): number {
  const { values, file } = validateArgs(args);
  if (file === undefined) {
    console.log(VALIDATE_HELP);
    return 0;
  }
  const trace = loadTrace(file, values);
  const maxFrontier = intFlag(values, 'max-frontier', 100_000, 1, 10_000_000);
  const candidates = intFlag(values, 'candidates', 3, 0, 100);
  const json = values.json === true;
  const quiet = values.quiet === true || json;
  const { model, naming, maxHidden, selfVote } = trace;
  if (!json) console.log(`model: ${describeModel(model)}; self-vote ${selfVote}, max-hidden ${maxHidden}`);
  const result = validate(model, trace.events, {
    maxHidden,
    maxFrontier,
    candidates,
    selfVote,
    onEvent: (e, size) => {
      if (!quiet)
        process.stderr.write(
          `line ${e.line} ${e.type} ${naming.servers[e.server] ?? ''}: frontier ${formatNumber(size)}\n`,
        );
    },
  });
  console.log(
    json
      ? JSON.stringify(validationJson(file, trace, selfVote, maxHidden, result))
      : formatValidation(result, trace.lines, naming),
  );
  return result.kind === 'validated' ? 0 : result.kind === 'rejected' ? 1 : 3;
}
