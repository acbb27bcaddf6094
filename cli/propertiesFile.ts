/**
 * Temporal properties from `--invariants-file` modules: an export that is an object `{ leadsTo: [P, Q] }`,
 * `{ infinitelyOften: P }`, `{ eventually: P }` or `{ eventuallyAlways: P }` is a property named after the export
 * (P ~> Q, []<>P, <>P, <>[]P), its predicates `(s) => boolean` over the state as `--json` shows it, as
 * invariants are. Every other export is an invariant (invariantsFile.ts), checked only without --properties.
 */
import { resolve } from 'node:path';
import { userInvariant, type RaftStatePredicate } from '../spec/raft/stateView.js';
import type { RaftTemporal } from '../spec/raft/liveness/properties.js';
import { importModule } from './invariantsFile.js';
import { UsageError } from './usage.js';

const SHAPES = ['leadsTo', 'infinitelyOften', 'eventually', 'eventuallyAlways'] as const;

/** True for an export shaped like a temporal property (one of the four keys), well formed or not. */
export function isTemporalExport(x: unknown): boolean {
  return typeof x === 'object' && x !== null && SHAPES.some((k) => k in x);
}

function predicate(file: string, name: string, f: unknown, role: string): RaftStatePredicate {
  if (typeof f !== 'function') {
    throw new UsageError(`--invariants-file ${file}: property '${name}': ${role} is not a function (s) => boolean`);
  }
  return f as RaftStatePredicate;
}

/** The temporal properties the files export, in file order then export order; a usage error for a bad one. */
export async function loadPropertyFiles(files: readonly string[]): Promise<RaftTemporal[]> {
  const out: RaftTemporal[] = [];
  for (const file of files) {
    // The invariants' loader has already checked that the file exists and loads.
    const exports = await importModule(resolve(file));
    for (const [name, x] of Object.entries(exports)) {
      if (!isTemporalExport(x)) continue;
      const shape = x as Record<string, unknown>;
      const keys = SHAPES.filter((k) => k in shape);
      if (keys.length !== 1) {
        throw new UsageError(`--invariants-file ${file}: property '${name}' has ${keys.join(' and ')}; give one`);
      }
      const key = keys[0]!;
      const onView = (
        f: RaftStatePredicate,
        role: string,
      ): ((c: Parameters<ReturnType<typeof userInvariant>['holds']>[0]) => boolean) => {
        const inv = userInvariant(`${name} (${role})`, f);
        return (c) => inv.holds(c);
      };
      if (key === 'leadsTo') {
        const pair = shape.leadsTo;
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw new UsageError(`--invariants-file ${file}: property '${name}': leadsTo takes [P, Q]`);
        }
        const p = predicate(file, name, pair[0], 'P');
        const q = predicate(file, name, pair[1], 'Q');
        out.push({ name, kind: 'leadsTo', p: onView(p, 'P'), q: onView(q, 'Q') });
      } else {
        out.push({ name, kind: key, p: onView(predicate(file, name, shape[key], 'P'), 'P') });
      }
    }
  }
  return out;
}
