/**
 * The listing loop of one configuration's action table, compiled once per `Successors` (next.ts) into
 * straight-line code: one loop per row, each testing its own row's guard clauses, then firing its effect.
 *
 * Why compiled: a generic lister (one closure per parameter shape, handed each row's functions) makes every call
 * site see every action of that shape, so V8 inlines none of them, and the hot loop paid about 3% of a whole
 * check for it (L7, L9). Generated per row, each call site sees exactly one guard clause or effect, as the
 * hand-written loop before the action table did; the code is still derived from the one table, so the listing,
 * `successorOf` and explain.ts (which read the same guards and effects) cannot disagree. Only numbers and the
 * rows' role names (JSON-quoted) are spliced into the source.
 */
import type { Cluster } from './cluster.js';
import type { RuleGuard } from './guard.js';
import type { RaftRules } from './rules.js';
import type { ServerId } from './types.js';

/** What the compiled loop needs of a row of the action table (next.ts ActionRow). */
export interface ListedRow {
  readonly code: number;
  readonly params: 'i' | 'ij' | 'iv';
  readonly role?: string;
  readonly always?: boolean;
  readonly guards: readonly RuleGuard[];
  readonly effect: (c: Cluster, i: ServerId, x: number, rules: RaftRules) => boolean;
}

/** Calls `visit` on every enabled successor of `s` by the rows, in row order, then parameter order. */
export type ListActions = (
  c: Cluster,
  s: Int32Array,
  visit: (action: number, state: Int32Array) => void,
  build: boolean,
) => void;

/** The listing of `rows` for `servers` servers, `values` client values and the rule set `rules`. */
export function compileListing(
  rows: readonly ListedRow[],
  servers: number,
  values: number,
  rules: RaftRules,
): ListActions {
  const names: string[] = [];
  const functions: unknown[] = [];
  const bind = (name: string, f: unknown): string => {
    names.push(name);
    functions.push(f);
    return name;
  };
  const body = rows
    .map((row, a) => {
      const test = [
        // A clause is passed the rules only when it reads them (a variant's rule): the others keep their arity.
        ...row.guards.map(
          (g, k) => `${bind(`g${String(a)}_${String(k)}`, g.holds)}(c, i, x${g.holds.length > 3 ? ', rules' : ''})`,
        ),
        `${bind(`e${String(a)}`, row.effect)}(c, i, x, rules)`,
      ].join(' && ');
      return rowLoop(row, test, servers, values);
    })
    .join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- numbers and JSON-quoted role names only, see above
  const make = new Function('rules', ...names, `return function listActions(c, s, visit, build) {\n${body}\n};`) as (
    rules: RaftRules,
    ...functions: unknown[]
  ) => ListActions;
  return make(rules, ...functions);
}

/** One row's loop over its parameters; `test` is its guard clauses and effect, over c, i and x. */
function rowLoop(row: ListedRow, test: string, servers: number, values: number): string {
  if (!Number.isInteger(row.code) || !Number.isInteger(servers) || !Number.isInteger(values)) {
    throw new Error('spec: compileListing: codes and bounds must be integers');
  }
  const skip =
    row.role === undefined ? '' : `if (c.begin(s).server(i).state !== ${JSON.stringify(row.role)}) continue;`;
  if (row.params === 'i') {
    // An action that is always enabled is listed without being built when only codes are asked for.
    const enabled = row.always === true ? `!build || (${test})` : test;
    return (
      `for (let i = 0; i < ${String(servers)}; i++) { ${skip} const x = 0; c.begin(s);` +
      ` if (${enabled}) visit(${String(row.code)} | (i << 5), c.state); }`
    );
  }
  // 'ij' ranges j over the servers, 'iv' ranges v over the client values (packed at bit 13).
  const [from, to, shift] = row.params === 'ij' ? [0, servers - 1, 9] : [1, values, 13];
  return (
    `for (let i = 0; i < ${String(servers)}; i++) { ${skip}` +
    ` for (let x = ${String(from)}; x <= ${String(to)}; x++) { c.begin(s);` +
    ` if (${test}) visit(${String(row.code)} | (i << 5) | (x << ${String(shift)}), c.state); } }`
  );
}
