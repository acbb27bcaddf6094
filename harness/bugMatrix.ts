/**
 * The bug matrix: which invariants catch which mutant of the reference model within given bounds.
 *
 * Why one check per invariant: breadth-first search stops at the first state that breaks any invariant it checks,
 * so a single check with every invariant names only the invariant that breaks first and hides the others. A check
 * with one invariant reports the shortest counterexample to that invariant alone. The check with every invariant
 * is still run, for the row's verdict ("first caught by"). Two shortcuts keep the matrix exact while saving runs,
 * both because the order in which BFS explores states does not depend on the invariants it checks: when the check
 * with every invariant explores the whole space without a violation, every single-invariant check would too, with
 * the same counts; and the invariant that check names would stop a check of its own at the very same state.
 *
 * Why some rows are simulated: a variant's bug can lie deeper than breadth-first search reaches on any bounds
 * that finish in minutes (reconfig-without-term-commit needs about 40 states on four or five servers), while
 * seeded random walks find it in seconds. Such a variant's rows (its bug's and its reference's) run on bounds of
 * their own, as one seeded simulation with a fixed number of walks, not a time limit, so that the row is the same
 * on every run; the row carries its bounds and method, so it never reads as an exhaustive result.
 */
import type { CheckResult } from '../checker/bfs.js';
import { checkRaft } from './checkRaft.js';
import { HUNT_CONFIG, rebuildWalk, shrinkRaftTrace, simulateRaft } from './simulateRaft.js';
import type { RaftAction } from '../spec/raft/actions.js';
import { SAFETY_BUGS, findBug, missingVariants } from '../spec/raft/bugs.js';
import type { RaftConfig } from '../spec/raft/config.js';
import { RAFT_INVARIANTS } from '../spec/raft/invariants.js';
import { raftModel } from '../spec/raft/model.js';
import type { ClusterState } from '../spec/raft/state.js';
import { VARIANT_MODULES } from '../spec/raft/variants/registry.js';
import type { VariantModule } from '../spec/raft/variants/variant.js';

/** The row name of the correct model. */
export const REFERENCE = 'reference';

/** What one check found: a violation, a whole state space without one, or a stop at the state limit. */
export type CellOutcome = 'caught' | 'not caught' | 'incomplete';

/** One check of one model against one invariant (or all of them, for a row's verdict). */
export interface MatrixCell {
  readonly result: CellOutcome;
  /** The violated invariant, when caught. */
  readonly invariant?: string;
  /** Counterexample length in states, the initial state included (as TLC counts), when caught. */
  readonly length?: number;
  /** Distinct states stored when the check stopped. */
  readonly distinctStates: number;
  readonly seconds: number;
  /** The counterexample's actions, one line each (the first is `Init`), when caught. */
  readonly trace?: readonly string[];
  /** Simulated rows: the violating walk's index, and its length in states as walked (`length` is shrunk). */
  readonly walk?: number;
  readonly walkedLength?: number;
  /** Simulated rows: the walks run. */
  readonly walks?: number;
}

/** How a row is checked: breadth-first, one check per invariant; or one seeded simulation of fixed size. */
export type RowMethod =
  | { readonly kind: 'breadth-first' }
  | {
      readonly kind: 'simulate';
      readonly seed: number;
      /** Walks 0 to walks − 1 run, unless one violates first. */
      readonly walks: number;
      readonly maxDepth: number;
    };

/** The bounds and method of a variant's rows, when they are not the matrix's. */
export interface RowPlan {
  readonly config: RaftConfig;
  readonly method: RowMethod;
}

/**
 * The variants whose rows run on their own bounds (keyed by the sorted variants joined with `+`): those whose
 * module declares a `bugPlan` (membership's: docs/bugs.md says why breadth-first search cannot find its bug).
 */
export const VARIANT_PLANS: Readonly<Record<string, RowPlan>> = Object.fromEntries(
  (VARIANT_MODULES as readonly VariantModule[]).flatMap(({ variant: { name }, bugPlan: plan }) =>
    plan === undefined
      ? []
      : [
          [
            name,
            {
              config: { ...HUNT_CONFIG, variants: [name], ...plan.config },
              method: { kind: 'simulate', seed: plan.seed, walks: plan.walks, maxDepth: plan.maxDepth },
            },
          ],
        ],
  ),
);

/** One model: the reference or a mutant, its verdict and one cell per invariant. */
export interface MatrixRow {
  readonly name: string;
  readonly description: string;
  /** The bounds this row ran on: the matrix's, with the variants its bug needs, or its variant's plan's. */
  readonly config: RaftConfig;
  readonly method: RowMethod;
  /** The check with every invariant. */
  readonly firstCaughtBy: MatrixCell;
  /** One per invariant for breadth-first rows; none for simulated rows (one simulation checks them all). */
  readonly cells: Readonly<Record<string, MatrixCell>>;
}

export interface BugMatrix {
  readonly config: RaftConfig;
  readonly maxStates: number;
  readonly invariants: readonly string[];
  readonly rows: readonly MatrixRow[];
  /**
   * Every mutant caught, the reference model's whole space explored without a violation, and no check of any cell
   * incomplete.
   */
  readonly passed: boolean;
  /** True when `shouldStop` ended the run early: `rows` are the rows finished. */
  readonly interrupted: boolean;
  readonly seconds: number;
}

export interface BugMatrixOptions {
  /** Mutants to run (all when absent); the reference model always runs, first. */
  readonly bugs?: readonly string[];
  /** Distinct states after which one check stops as incomplete. */
  readonly maxStates: number;
  /** Called before each check, for progress output: the model, the invariant, and the check's number so far. */
  readonly onCheck?: (model: string, invariant: string, checks: number) => void;
  /** Asked before each check (after yielding to the event loop, so that a signal handler can run): stop now? */
  readonly shouldStop?: () => boolean;
  /**
   * Run every row breadth-first on `config` (with the variants its bug needs), ignoring `VARIANT_PLANS`: what the
   * CLI does when model flags are given.
   */
  readonly sharedBounds?: boolean;
}

/** How the matrix was computed, in one sentence, for people and for the JSON report. */
export const MATRIX_METHOD =
  'one breadth-first check per invariant (a check stops at its first violation), plus one with every invariant ' +
  "for the verdict; cells the verdict's check settles exactly are taken from it; a variant's rows with bounds of " +
  'their own (membership) are one seeded simulation of fixed size instead, its counterexample shrunk';

function cellOf(result: CheckResult<ClusterState, RaftAction>, format: (a: RaftAction) => string): MatrixCell {
  const base = { distinctStates: result.stats.distinctStates, seconds: Number(result.stats.seconds.toFixed(3)) };
  switch (result.kind) {
    case 'ok':
      return { result: 'not caught', ...base };
    case 'incomplete':
      return { result: 'incomplete', ...base };
    case 'violation':
      return {
        result: 'caught',
        invariant: result.invariant,
        length: result.trace.length,
        ...base,
        trace: result.trace.map((step) => (step.action === null ? 'Init' : format(step.action))),
      };
  }
}

/** One seeded simulation of `config` and `bugs` with every invariant; a violation is rebuilt and shrunk. */
function simulatedCell(
  config: RaftConfig,
  bugs: readonly string[],
  method: RowMethod & { kind: 'simulate' },
): MatrixCell {
  const started = performance.now();
  const result = simulateRaft('flat', config, bugs, {
    seed: method.seed,
    walks: method.walks,
    maxDepth: method.maxDepth,
  });
  const base = { distinctStates: result.stats.distinctStates, walks: result.stats.walks };
  const seconds = (): number => Number(((performance.now() - started) / 1000).toFixed(3));
  if (result.kind === 'ok') return { result: 'not caught', ...base, seconds: seconds() };
  const model = raftModel(config, bugs);
  const raw = rebuildWalk(model, result.path, result.invariant);
  const shrunk = shrinkRaftTrace(model, raw, result.invariant).trace;
  return {
    result: 'caught',
    invariant: result.invariant,
    length: shrunk.length,
    walk: result.walk,
    walkedLength: raw.length,
    ...base,
    seconds: seconds(),
    trace: shrunk.map((step) => (step.action === null ? 'Init' : model.formatAction(step.action))),
  };
}

/** Whether a row is a reference model: raft.tla's, or with the variants some mutant needs (`reference+prevote`). */
export function isReferenceRow(name: string): boolean {
  return name === REFERENCE || name.startsWith(`${REFERENCE}+`);
}

/** The variants a bug needs that `config` leaves off, sorted. */
/**
 * Runs the reference model and every selected mutant under `config`; throws on an unknown bug name. A variant's
 * bug runs on its variant (the matrix's bounds with the variants it needs switched on), and the reference model
 * with those variants gets a row of its own (`reference+prevote`), so that a caught mutant is a broken rule, not
 * a broken variant. A variant with a plan in `VARIANT_PLANS` runs its rows on the plan's bounds and method
 * instead, unless `sharedBounds`. Asynchronous only to yield between checks (each check itself runs to its end),
 * so that an interrupt is heard.
 */
export async function bugMatrix(config: RaftConfig, options: BugMatrixOptions): Promise<BugMatrix> {
  const started = performance.now();
  const names = options.bugs ?? SAFETY_BUGS.map((b) => b.name);
  for (const name of names) if (findBug(name) === undefined) throw new Error(`bugMatrix: unknown bug '${name}'`);
  // raft.tla's invariants: a variant's own (QuorumOverlap) holds only on its rows, where the verdict checks it.
  const invariants = RAFT_INVARIANTS.filter((i) => i.variant === undefined).map((i) => i.name);
  const rows: MatrixRow[] = [];
  let checks = 0;
  // An object, not a let: the closure sets it, and the compiler would take a let for never changing.
  const stopped = { now: false };
  const stop = async (): Promise<boolean> => {
    await new Promise((resolve) => setImmediate(resolve));
    stopped.now = stopped.now || options.shouldStop?.() === true;
    return stopped.now;
  };
  const variantReferences = [
    ...new Set(names.map((n) => missingVariants(config, n).join('+')).filter((v) => v !== '')),
  ].map((v) => `${REFERENCE}+${v}`);
  for (const name of [REFERENCE, ...variantReferences, ...names]) {
    const bug = isReferenceRow(name) ? undefined : findBug(name);
    const needs =
      bug !== undefined ? missingVariants(config, bug.name) : name === REFERENCE ? [] : name.split('+').slice(1);
    const plan = options.sharedBounds === true || needs.length === 0 ? undefined : VARIANT_PLANS[needs.join('+')];
    const rowConfig =
      plan?.config ??
      (needs.length === 0 ? config : { ...config, variants: [...(config.variants ?? []), ...needs].sort() });
    const method = plan?.method ?? { kind: 'breadth-first' };
    const model = raftModel(rowConfig, bug === undefined ? [] : [bug.name]);
    const run = (only?: string): MatrixCell => {
      options.onCheck?.(name, only ?? 'all invariants', ++checks);
      const result = checkRaft(rowConfig, model.bugs, {
        maxStates: options.maxStates,
        ...(only === undefined ? {} : { invariants: [only] }),
      });
      return cellOf(result, model.formatAction);
    };
    if (await stop()) break;
    const description =
      (bug?.description ?? 'the reference model (raft.tla)') + (needs.length === 0 ? '' : ` (with ${needs.join('+')})`);
    if (method.kind === 'simulate') {
      options.onCheck?.(name, 'simulation, all invariants', ++checks);
      const verdict = simulatedCell(rowConfig, model.bugs, method);
      rows.push({ name, description, config: rowConfig, method, firstCaughtBy: verdict, cells: {} });
      continue;
    }
    const verdict = run();
    const cells: Record<string, MatrixCell> = {};
    for (const inv of invariants) {
      if (verdict.result === 'not caught') cells[inv] = { ...verdict };
      else if (verdict.invariant === inv) cells[inv] = verdict;
      else if (await stop()) break;
      else cells[inv] = run(inv);
    }
    if (stopped.now) break;
    rows.push({ name, description, config: rowConfig, method, firstCaughtBy: verdict, cells });
  }
  const complete = rows.every(
    (r) => r.firstCaughtBy.result !== 'incomplete' && Object.values(r.cells).every((c) => c.result !== 'incomplete'),
  );
  const interrupted = stopped.now;
  const passed =
    !interrupted &&
    complete &&
    rows.every((r) => r.firstCaughtBy.result === (isReferenceRow(r.name) ? 'not caught' : 'caught'));
  return {
    config,
    maxStates: options.maxStates,
    invariants,
    rows,
    passed,
    interrupted,
    seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
  };
}
