/**
 * What a check exercised, as reports give it (`modelCoverage`, for any profile's model), and for the Raft model, for
 * the CLI's reports and the library alike: the actions that never
 * fired, the witnesses reached, and the invariants that held only vacuously, a user's own included (by the witness
 * it names, by what its source tests that no state of the model can have, or by the roles and message types it
 * tests that no explored state had: userVacuity.ts). `raftCoverage` is the library's entry; `checkRaft` watches
 * for the same values, so its result carries what `raftCoverage` reads.
 */
import type { CheckResult } from '../checker/bfs.js';
import { coverageOf } from '../checker/coverage.js';
import type { CheckStats } from '../checker/stats.js';
import type { RaftAction } from '../spec/raft/actions.js';
import { initialMembersMask, type RaftConfig } from '../spec/raft/config.js';
import { RAFT_INVARIANTS, type RaftInvariant } from '../spec/raft/invariants.js';
import { raftModel, type RaftModel } from '../spec/raft/model.js';
import type { ClusterState } from '../spec/raft/state.js';
import {
  seenWitnessName,
  testedValues,
  unseenValues,
  userVacuity,
  valuesIn,
  witnessOff,
} from '../spec/raft/userVacuity.js';
import { readerOf } from '../spec/raft/values.js';

/** What a run exercised, as reports give it (text and --json), for any profile's model. */
export interface RunCoverage {
  coverage: { neverFired: string[] };
  witnesses: Record<string, number | null>;
  vacuous: string[];
  vacuity: { invariant: string; reason: string }[];
}

/**
 * What a run of `model` with `stats` exercised (checker/coverage.ts): the actions that never fired, the witnesses
 * with the length of the shortest behaviour reaching each, and the invariants whose witness it never reached.
 */
export function modelCoverage(
  model: Parameters<typeof coverageOf>[0],
  stats: CheckStats,
  invariants?: readonly string[],
): RunCoverage {
  const c = coverageOf(model, stats, invariants);
  const vacuity = c.vacuous.map((v) => ({ invariant: v.invariant, reason: `${v.witness} was never reached` }));
  return {
    coverage: { neverFired: c.neverFired },
    witnesses: stats.witnesses ?? {},
    vacuous: [...new Set(vacuity.map((v) => v.invariant))],
    vacuity,
  };
}

/**
 * The roles and message types a run of `model` watches for (userVacuity.ts `valueWitness`): those the user's
 * invariants it checks (`invariants`: all when absent) that name no witness test, and that no initial state has;
 * [] without such an invariant, so that a run without one watches for nothing and pays nothing.
 */
export function watchedValues(
  model: RaftModel,
  users: readonly RaftInvariant[],
  invariants?: readonly string[],
): string[] {
  const tested = new Set<string>();
  for (const u of users) {
    if (u.witness !== undefined || u.source === undefined) continue;
    if (invariants !== undefined && !invariants.includes(u.name)) continue;
    for (const v of testedValues(u.source, model.config.variants ?? [])) tested.add(v);
  }
  if (tested.size === 0) return [];
  const members = initialMembersMask(model.config);
  for (const s of model.initialStates()) for (const v of valuesIn(readerOf(s, members))) tested.delete(v);
  return [...tested];
}

/**
 * What the run exercised (`modelCoverage`), the user's invariants (`users`, from --invariants-file) included: by
 * the witness one names, or, naming none and never having failed, by what its source tests that no state of the
 * model has (userVacuity.ts), or that no state the run explored had, of the values it watched for (`watched`,
 * from `watchedValues`; their witnesses are not reported as witnesses).
 */
export function runCoverage(
  model: RaftModel,
  result: CheckResult<ClusterState, RaftAction>,
  invariants?: readonly string[],
  users: readonly RaftInvariant[] = [],
  watched: readonly string[] = [],
): RunCoverage {
  const { coverage, witnesses, vacuity } = modelCoverage(
    { actionNames: model.actionNames ?? [], invariants: [...model.invariants, ...users] },
    result.stats,
    invariants,
  );
  // Only a value's witness the run watched and did not reach makes a claim (none from an abandoned run).
  const unseen = new Set(watched.filter((v) => witnesses[seenWitnessName(v)] === null));
  const hidden = new Set(watched.map(seenWitnessName));
  const shown = Object.fromEntries(Object.entries(witnesses).filter(([name]) => !hidden.has(name)));
  const failed = result.kind === 'violation' ? result.invariant : undefined;
  const variants = model.config.variants ?? [];
  for (const u of users) {
    if (u.name === failed || (invariants !== undefined && !invariants.includes(u.name))) continue;
    const off = u.witness === undefined ? undefined : witnessOff(u.witness, variants);
    if (off !== undefined) vacuity.push({ invariant: u.name, reason: off });
    if (u.witness !== undefined || u.source === undefined) continue;
    for (const reason of [...userVacuity(u.source, variants), ...unseenValues(u.source, variants, unseen)])
      vacuity.push({ invariant: u.name, reason });
  }
  return { coverage, witnesses: shown, vacuous: [...new Set(vacuity.map((v) => v.invariant))], vacuity };
}

/**
 * What a check of `config` that returned `result` exercised (`runCoverage`), for a library user: `invariants` are
 * those the check ran (`checkRaft`'s), the user's own (any not among RAFT_INVARIANTS) judged as the CLI judges
 * `--invariants-file` ones.
 */
export function raftCoverage(
  config: RaftConfig,
  result: CheckResult<ClusterState, RaftAction>,
  invariants: readonly RaftInvariant[] = RAFT_INVARIANTS,
): RunCoverage {
  const users = userInvariantsOf(invariants);
  const model = raftModel(config, [], RAFT_INVARIANTS);
  return runCoverage(
    model,
    result,
    invariants.map((i) => i.name),
    users,
    watchedValues(model, users),
  );
}

/** The invariants of `invariants` that are not built in: a user's own. */
export function userInvariantsOf(invariants: readonly RaftInvariant[]): RaftInvariant[] {
  return invariants.filter((i) => !RAFT_INVARIANTS.includes(i));
}
