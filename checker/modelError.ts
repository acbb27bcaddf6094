/**
 * A model that breaks the `Model` contract (model.ts) in a way the checker sees: an `encode` that tells states
 * apart by nothing, an invariant that answers something other than true or false. Thrown, not returned: the
 * result of a run on such a model would be a wrong "ok", so there is no result to give. The message starts with
 * the API that refused (`check: ...`) and says what the model must do instead.
 */
export class ModelError extends Error {
  constructor(
    readonly api: string,
    readonly problem: string,
  ) {
    super(`${api}: ${problem}`);
    this.name = 'ModelError';
  }
}

/** The error for an invariant (or bound) whose `holds` returned `value`, which is not a boolean. */
export function notBoolean(api: string, what: string, name: string, value: unknown): ModelError {
  const shown = typeof value === 'string' ? `'${value}'` : String(value);
  return new ModelError(
    api,
    `${what} '${name}' returned ${typeof value} ${shown}, not a boolean; holds(state) must return true (holds) or false (violated)`,
  );
}

/** Whether `state` satisfies `invariant`, refusing (as `api`) an answer that is not a boolean. */
export function holdsStrictly<S>(api: string, invariant: { name: string; holds(s: S): boolean }, state: S): boolean {
  const holds: unknown = invariant.holds(state);
  if (typeof holds !== 'boolean') throw notBoolean(api, 'invariant', invariant.name, holds);
  return holds;
}
