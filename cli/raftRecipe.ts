/**
 * The Raft model as a recipe (checker/recipe.ts), so that each search thread can build its own copy. Kept tiny on
 * purpose: it only names the public constructors, so it is re-pointed in one place when the spec changes.
 */
import type { Model } from '../checker/model.js';
import type { ModelRecipe } from '../checker/recipe.js';
import { withSymmetry } from '../checker/symmetry.js';
import { initialMembersMask, type RaftConfig } from '../spec/raft/config.js';
import { RAFT_INVARIANTS } from '../spec/raft/invariants.js';
import { fastRaftModel, raftModel } from '../spec/raft/model.js';
import { ServerSymmetry, valueSymmetry } from '../spec/raft/symmetry.js';
import { valueWitness } from '../spec/raft/userVacuity.js';
import { witnessesFor } from '../spec/raft/witnesses.js';
import { loadInvariantFiles } from './invariantsFile.js';

export interface RaftRecipeArgs {
  readonly config: RaftConfig;
  readonly bugs: readonly string[];
  readonly engine: 'flat' | 'reference';
  /** `--invariants-file` modules, loaded again in every thread (functions do not cross threads). */
  readonly invariantFiles?: readonly string[];
  /** Servers are interchangeable: the model's states are one representative per orbit (checker/symmetry.ts). */
  readonly symmetry?: boolean;
  /**
   * Roles and message types to watch for besides the witnesses (userVacuity.ts `valueWitness`): those a user's
   * invariant that names no witness tests. Their witnesses follow the model's own (witnesses.ts `witnessesFor`), in this order.
   */
  readonly watchValues?: readonly string[];
}

/** The model a recipe names. The flat engine's encoding is its state, so decoding is the identity. */
export async function buildRaftModel(args: RaftRecipeArgs): Promise<Model<unknown, unknown>> {
  const invariants = [...RAFT_INVARIANTS, ...(await loadInvariantFiles(args.invariantFiles ?? []))];
  const witnesses = [...witnessesFor(args.config.variants), ...(args.watchValues ?? []).map(valueWitness)];
  if (args.engine === 'reference') {
    const values = raftModel(args.config, args.bugs, invariants, witnesses);
    const model =
      args.symmetry === true ? withSymmetry(values, valueSymmetry(initialMembersMask(args.config))) : values;
    return model as unknown as Model<unknown, unknown>;
  }
  const flat = fastRaftModel(args.config, args.bugs, invariants, witnesses);
  const decoding: Model<Int32Array, number> = { ...flat, decode: (words) => words };
  // A representative's words decode to itself: stored states are representatives already.
  const model = args.symmetry === true ? withSymmetry(decoding, new ServerSymmetry(flat.layout)) : decoding;
  return model as unknown as Model<unknown, unknown>;
}

/** The recipe for `buildRaftModel(args)`. */
export function raftRecipe(args: RaftRecipeArgs): ModelRecipe {
  return { module: new URL('./raftRecipe.js', import.meta.url).href, exportName: 'buildRaftModel', args };
}
