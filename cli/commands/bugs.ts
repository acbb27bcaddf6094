/** `raft-check bugs`: runs every mutant of the bug library and the reference model, and prints which invariants catch which. */
import { BUGS, findBug } from '../../spec/raft/bugs.js';
import {
  bugMatrix,
  isReferenceRow,
  MATRIX_METHOD,
  type BugMatrix,
  type MatrixCell,
  type MatrixRow,
  type RowMethod,
  VARIANT_PLANS,
} from '../../harness/bugMatrix.js';
import { configFromFlags, describeModel, flagsOf, MODEL_HELP, MODEL_OPTIONS } from '../modelFlags.js';
import type { RaftConfig } from '../../spec/raft/config.js';
import { raftModel } from '../../spec/raft/model.js';
import { intFlag, listFlag, parseFlags, UsageError } from '../usage.js';
import { formatNumber } from '../formatNumber.js';

/**
 * The bounds `bugs` checks unless flags say otherwise: the smallest at which the most mutants are caught in seconds
 * (three of six; docs/bugs.md has the search). The other three need three servers and deep behaviours.
 */
export const BUGS_DEFAULT_CONFIG: RaftConfig = {
  servers: 2,
  values: 1,
  maxTerm: 3,
  maxLogLen: 0,
  maxCopies: 1,
  maxInFlight: 1,
  restart: true,
  duplicate: false,
  drop: false,
};

/**
 * The variants whose rows have bounds of their own (`VARIANT_PLANS`, from the modules' `bugPlan`), each with its
 * rows and plan, for the help.
 */
function plansText(): string {
  return Object.entries(VARIANT_PLANS)
    .map(([variant, plan]) => {
      const rows = [
        `reference+${variant}`,
        ...BUGS.filter((b) => b.variants?.join('+') === variant).map((b) => b.name),
      ];
      const m = plan.method;
      const how = m.kind === 'simulate' ? `, seed ${m.seed}, walks 0 to ${m.walks - 1}, max depth ${m.maxDepth}` : '';
      return `${variant}'s rows (${rows.join(', ')}) are each one seeded simulation, its counterexample shrunk, of\n  ${flagsOf(plan.config)}${how}`;
    })
    .join('\n');
}

/** Distinct states after which one check of the matrix stops as incomplete, unless --max-states says otherwise. */
export const DEFAULT_MAX_STATES = 1_000_000;

export const BUGS_HELP = `Usage: raft-check bugs [model flags] [--bugs A,B] [--max-states N] [--json]

Checks the reference model and every mutant of the bug library, and prints a matrix of mutant by invariant:
whether the invariant catches the mutant, with the counterexample length in states (the initial state counts),
the distinct states explored until it was found, and seconds. The row's verdict ("first caught by") is one check
with every invariant; each cell is a check of that invariant alone, because a check stops at its first
violation. A mutant that no invariant catches is reported as "not caught within bounds".

Without model flags, a variant whose bug breadth-first search cannot reach in seconds has rows on bounds of its
own:
${plansText()}
Those rows print their bounds and method, and have no per-invariant cells. With any model flag, every row is
checked breadth-first on the bounds the flags give (with the variants its bug needs).

Exit code 0: every mutant is caught and the reference model holds; 1: some mutant is not caught, or a check (any
cell) was incomplete, or the reference model breaks an invariant; 2: bad usage; 3: interrupted (SIGINT or SIGTERM:
the check under way finishes, then the rows done are printed).

Without model flags, bugs checks the smallest bounds that catch the most mutants (docs/bugs.md), not check's
defaults listed below: ${flagsOf(BUGS_DEFAULT_CONFIG)}.

${MODEL_HELP.replace(/\n\s+--bug NAME.*$/m, '')}

Bugs:
  --bugs A,B          run only these mutants (default all but the liveness bugs, which no invariant is meant to catch; --bug A also works): ${BUGS.map((b) => b.name).join(', ')}
  --max-states N      stop one check after N distinct states and call it incomplete (default ${DEFAULT_MAX_STATES})
  --json              print one JSON object on stdout instead of the matrix
  --quiet             no progress lines on stderr
  --help              this text
(--invariants-file is refused here: the matrix measures the spec's own invariants against the bug library; to try
yours on a mutant, run check or simulate with --bug NAME --invariants-file F.)`;

const BUGS_OPTIONS = {
  ...MODEL_OPTIONS,
  bugs: { type: 'string', multiple: true },
  'max-states': { type: 'string' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean' },
  // Known only to be refused with a reason (see the help).
  'invariants-file': { type: 'string', multiple: true },
} as const;

/** ElectionSafety → ES: the column heading of an invariant. */
function abbreviate(invariant: string): string {
  return invariant.replace(/[^A-Z]/g, '');
}

function cellMark(cell: MatrixCell): string {
  if (cell.result === 'caught') return String(cell.length);
  return cell.result === 'incomplete' ? '?' : '-';
}

function verdictText(row: MatrixRow): string {
  const v = row.firstCaughtBy;
  if (row.method.kind === 'simulate') {
    if (isReferenceRow(row.name))
      return v.result === 'caught' ? `VIOLATES ${String(v.invariant)} (sim)` : 'holds (sim)';
    return v.result === 'caught' ? `${String(v.invariant)} (${String(v.length)}, sim)` : 'not caught (sim)';
  }
  if (v.result === 'incomplete') return 'incomplete (--max-states)';
  if (isReferenceRow(row.name)) return v.result === 'caught' ? `VIOLATES ${String(v.invariant)}` : 'holds';
  return v.result === 'caught' ? `${String(v.invariant)} (${String(v.length)})` : 'not caught within bounds';
}

function cellLine(label: string, cell: MatrixCell): string {
  const what =
    cell.result === 'caught'
      ? `caught, ${String(cell.length)} states`
      : cell.result === 'incomplete'
        ? 'incomplete'
        : 'not caught';
  return (
    `  ${label.padEnd(24)} ${what.padEnd(20)} ${formatNumber(cell.distinctStates).padStart(11)} distinct ` +
    `${cell.seconds.toFixed(2).padStart(8)} s`
  );
}

/** The method of a row, in words. */
function methodText(method: RowMethod): string {
  if (method.kind === 'breadth-first') return 'breadth-first, one check per invariant';
  return (
    `simulate, seed ${method.seed}, walks 0 to ${formatNumber(method.walks - 1)}, max depth ${method.maxDepth}, ` +
    "every invariant (the variant's bug lies beyond breadth-first reach: docs/bugs.md)"
  );
}

/** A simulated row's one line: what the walks found, the states they saw, and the time (walks and shrinking). */
function simulatedLine(cell: MatrixCell): string {
  const what =
    cell.result === 'caught'
      ? `${String(cell.invariant)} at walk ${formatNumber(cell.walk ?? 0)}: ${String(cell.walkedLength)} states ` +
        `as walked, ${String(cell.length)} shrunk`
      : `not caught in ${formatNumber(cell.walks ?? 0)} walks`;
  return (
    `  ${what.padEnd(56)} ${formatNumber(cell.distinctStates).padStart(11)} distinct seen ` +
    `${cell.seconds.toFixed(2).padStart(8)} s`
  );
}

/** The matrix for people: an overview of counterexample lengths, then each row's cells in full. */
export function formatMatrix(m: BugMatrix): string {
  const lines: string[] = [];
  lines.push(`model: ${describeModel(raftModel(m.config))}`);
  lines.push(`method: ${MATRIX_METHOD}; at most ${formatNumber(m.maxStates)} distinct states per check`);
  lines.push('');
  const nameWidth = Math.max(...m.rows.map((r) => r.name.length), 'mutant'.length) + 2;
  const verdictWidth = Math.max(...m.rows.map((r) => verdictText(r).length), 'first caught by'.length) + 2;
  const heads = m.invariants.map((i) => abbreviate(i).padStart(5)).join('');
  lines.push(`${'mutant'.padEnd(nameWidth)}${'first caught by'.padEnd(verdictWidth)}${heads}`);
  for (const row of m.rows) {
    const marks = m.invariants
      .map((i) => (row.cells[i] === undefined ? '' : cellMark(row.cells[i])).padStart(5))
      .join('');
    lines.push(`${row.name.padEnd(nameWidth)}${verdictText(row).padEnd(verdictWidth)}${marks}`.trimEnd());
  }
  lines.push('');
  lines.push(
    'cells: counterexample length in states (the initial state counts); - not caught within bounds; ? incomplete;',
  );
  lines.push('blank: a simulated row (sim), one simulation with every invariant, on the bounds printed with its row');
  lines.push(m.invariants.map((i) => `${abbreviate(i)} ${i}`).join(', '));
  for (const row of m.rows) {
    lines.push('');
    lines.push(`${row.name}: ${row.description}`);
    if (row.method.kind === 'simulate') {
      lines.push(`  bounds: ${describeModel(raftModel(row.config))}`);
      lines.push(`  method: ${methodText(row.method)}`);
      lines.push(simulatedLine(row.firstCaughtBy));
      const walk = row.firstCaughtBy.walk;
      if (walk !== undefined && !isReferenceRow(row.name)) {
        const m = row.method;
        lines.push(
          `  reproduce: raft-check simulate ${flagsOf(row.config)} --bug ${row.name} --seed ${m.seed} ` +
            `--walks ${walk + 1} --max-depth ${m.maxDepth}`,
        );
      }
      continue;
    }
    lines.push(cellLine('all invariants', row.firstCaughtBy));
    // A whole space explored without a violation settles every cell; repeating that line eight times says nothing.
    if (row.firstCaughtBy.result === 'not caught') continue;
    for (const inv of m.invariants) {
      const cell = row.cells[inv];
      if (cell !== undefined) lines.push(cellLine(inv, cell));
    }
  }
  lines.push('');
  const summary = m.interrupted
    ? `INTERRUPTED after ${m.rows.length} of the rows; the rows above are complete`
    : m.passed
      ? 'every mutant caught, the reference model holds'
      : 'FAILED: some mutant not caught, a check incomplete, or the reference model broken';
  lines.push(`result: ${summary} (${m.seconds.toFixed(1)} s in all)`);
  return lines.join('\n');
}

/** Runs the command; returns the exit code. */
export async function runBugs(args: readonly string[]): Promise<number> {
  const { values } = parseFlags(args, BUGS_OPTIONS);
  if (values.help === true) {
    console.log(BUGS_HELP);
    return 0;
  }
  if (values['invariants-file'] !== undefined) {
    throw new UsageError(
      "bugs does not take --invariants-file: its matrix measures the spec's invariants against the bug library; " +
        'to try yours on a mutant, run check or simulate with --bug NAME --invariants-file F',
    );
  }
  const config = configFromFlags(values, BUGS_DEFAULT_CONFIG);
  // Bounds given on the command line are the user's choice for every row; without them each row has its own.
  const sharedBounds = Object.keys(MODEL_OPTIONS).some((flag) => flag !== 'bug' && values[flag] !== undefined);
  const names = [...new Set([...listFlag(values, 'bugs'), ...listFlag(values, 'bug')])];
  for (const name of names) {
    if (findBug(name) === undefined) {
      throw new UsageError(`unknown bug '${name}' (known: ${BUGS.map((b) => b.name).join(', ')})`);
    }
  }
  const maxStates = intFlag(values, 'max-states', DEFAULT_MAX_STATES, 1, 2 ** 31 - 1);
  const quiet = values.quiet === true;
  // An interrupt is heard between checks (each check runs to its end, within --max-states): the rows finished are
  // printed and the exit code is 3.
  let interrupted = false;
  const onInterrupt = (): void => {
    interrupted = true;
    process.stderr.write('bugs: interrupted; finishing the check under way, then printing the rows done\n');
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  const started = performance.now();
  const matrix = await bugMatrix(config, {
    maxStates,
    sharedBounds,
    ...(names.length === 0 ? {} : { bugs: names }),
    shouldStop: () => interrupted,
    ...(quiet
      ? {}
      : {
          onCheck: (model, inv, checks) => {
            const seconds = ((performance.now() - started) / 1000).toFixed(0);
            process.stderr.write(`bugs: check ${formatNumber(checks)} (${seconds} s): ${model}, ${inv}\n`);
          },
        }),
  });
  process.removeListener('SIGINT', onInterrupt);
  process.removeListener('SIGTERM', onInterrupt);
  console.log(values.json === true ? JSON.stringify({ method: MATRIX_METHOD, ...matrix }) : formatMatrix(matrix));
  if (matrix.interrupted) return 3;
  return matrix.passed ? 0 : 1;
}
