/** The etcd profile model as a recipe (checker/recipe.ts), so that each search thread builds its own copy. */
import type { Model } from '../../checker/model.js';
import type { ModelRecipe } from '../../checker/recipe.js';
import { withSymmetry } from '../../checker/symmetry.js';
import type { EtcdConfig } from '../../spec/etcd/config.js';
import { etcdModel } from '../../spec/etcd/model.js';
import { etcdSymmetry } from '../../spec/etcd/symmetry.js';

export interface EtcdRecipeArgs {
  readonly config: EtcdConfig;
  /** Servers are interchangeable: one representative per orbit (MCetcdraft's SYMMETRY). */
  readonly symmetry?: boolean;
}

/** The model a recipe names; a representative decodes to itself, so symmetry keeps `decode`. */
export function buildEtcdModel(args: EtcdRecipeArgs): Model<unknown, unknown> {
  const model = etcdModel(args.config);
  const chosen = args.symmetry === true ? withSymmetry(model, etcdSymmetry(args.config.servers)) : model;
  return chosen as unknown as Model<unknown, unknown>;
}

export function etcdRecipe(args: EtcdRecipeArgs): ModelRecipe {
  return { module: new URL('./recipe.js', import.meta.url).href, exportName: 'buildEtcdModel', args };
}
