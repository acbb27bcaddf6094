/**
 * What a checkpoint must match to be resumed: every setting that changes the search's state graph or what it
 * checks. A resume that differs in any of them would carry tables and a frontier of one search into another and
 * end "ok" with counts that are neither run's (issue 24: `--symmetry` on a checkpoint written without it).
 *
 * The model's configuration goes in whole, as canonical JSON, so that a field someone adds to `RaftConfig` (a
 * profile, a variant's parameter) is covered without an edit here. Invariants files go in by the SHA-256 of their
 * bytes, not their path: an edited file is another run, a moved one is not.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The settings of a check that shape its search. */
export interface RunSettings {
  readonly version: string;
  /** The model's whole configuration (RaftConfig and whatever it grows). */
  readonly model: object;
  readonly bugs: readonly string[];
  readonly engine: string;
  readonly symmetry: boolean;
  /** The invariants checked, by name, in order. */
  readonly invariants: readonly string[];
  /** The --invariants-file paths, read here for their content. */
  readonly invariantFiles: readonly string[];
}

/** The SHA-256 of a file's bytes, in hex. */
export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** `value` with every object's keys sorted, so that equal settings give equal JSON whatever the key order. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortedKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** The identity of a run as one JSON object, each setting one field (checkpoint.ts names the first that differs). */
export function runIdentity(s: RunSettings): string {
  return JSON.stringify({
    version: s.version,
    model: sortedKeys(s.model),
    bugs: [...s.bugs].sort(),
    engine: s.engine,
    symmetry: s.symmetry,
    invariants: s.invariants,
    invariantFiles: s.invariantFiles.map(fileSha256),
  });
}
