/**
 * How a worker thread gets the model: functions do not cross threads, so the checker is given a recipe instead,
 * a module, the name of a function it exports and that function's arguments as plain data, and each thread
 * builds its own copy of the model from it. The function must build the same model from the same arguments
 * (same successors in the same order), which is what `Model`'s determinism contract already asks.
 */
import type { Model } from './model.js';

/** A model as plain, structured-clonable data. */
export interface ModelRecipe {
  /** URL of an ES module (a `file:` URL for local code, for example `new URL('./x.js', import.meta.url).href`). */
  readonly module: string;
  /** The exported function, called with `args`, that returns the model. */
  readonly exportName: string;
  /** JSON-like arguments. */
  readonly args: unknown;
}

/** Builds the model `recipe` describes; throws, naming the module, when the export is not a function. */
export async function buildModel(recipe: ModelRecipe): Promise<Model<unknown, unknown>> {
  const module = (await import(recipe.module)) as Record<string, unknown>;
  const build = module[recipe.exportName];
  if (typeof build !== 'function') {
    throw new Error(`buildModel: ${recipe.module} exports no function '${recipe.exportName}'`);
  }
  return await (build as (args: unknown) => Model<unknown, unknown> | Promise<Model<unknown, unknown>>)(recipe.args);
}
