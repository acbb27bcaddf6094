/**
 * `--invariants-file FILE`: a user's invariants, written once in their own module. Every export of the module
 * must be a function `(s) => boolean` over the state as `--json` traces show it (spec/raft/stateView.ts); each
 * becomes an invariant named after its export and runs on the checker's fast path. `.js` and `.mjs` load as they
 * are; `.ts` is transpiled in memory with the TypeScript compiler when it is installed (no file is written).
 * A function may carry `witness`, the name of the witness its situation needs (for vacuity, as built-ins do).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RAFT_INVARIANTS, type RaftInvariant } from '../spec/raft/invariants.js';
import { userInvariant, type RaftStatePredicate } from '../spec/raft/stateView.js';
import { WITNESS_NAMES } from '../spec/raft/userVacuity.js';
import { isTemporalExport } from './propertiesFile.js';
import { UsageError } from './usage.js';
import type TypeScript from 'typescript';

/** The module at `path`, transpiled first when it is TypeScript. */
export async function importModule(path: string): Promise<Record<string, unknown>> {
  if (extname(path) !== '.ts') return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  let ts: typeof TypeScript;
  try {
    ts = (await import('typescript')).default;
  } catch {
    throw new UsageError(`--invariants-file ${path}: a .ts file needs the typescript package; compile it to .mjs`);
  }
  const js = ts.transpileModule(readFileSync(path, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: path,
  }).outputText;
  return (await import(`data:text/javascript;base64,${Buffer.from(js).toString('base64')}`)) as Record<string, unknown>;
}

/** The witness an invariant names (`Object.assign(f, { witness: 'LeaderElected' })`), checked; undefined for none. */
function declaredWitness(file: string, name: string, f: object): string | undefined {
  const witness: unknown = (f as { witness?: unknown }).witness;
  if (witness === undefined) return undefined;
  if (typeof witness !== 'string' || !WITNESS_NAMES.includes(witness)) {
    throw new UsageError(
      `--invariants-file ${file}: export '${name}' names the witness ${JSON.stringify(witness)}, which is not one ` +
        `(witnesses: ${WITNESS_NAMES.join(', ')})`,
    );
  }
  return witness;
}

/** The invariants the files export, in file order then export order; a usage error for any bad file or export. */
export async function loadInvariantFiles(files: readonly string[]): Promise<RaftInvariant[]> {
  const out: RaftInvariant[] = [];
  const taken = new Set(RAFT_INVARIANTS.map((i) => i.name));
  for (const file of files) {
    const path = resolve(file);
    if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`--invariants-file ${file}: no such file`);
    if (!['.js', '.mjs', '.ts'].includes(extname(path))) {
      throw new UsageError(`--invariants-file ${file}: expected a .js, .mjs or .ts module`);
    }
    let exports: Record<string, unknown>;
    try {
      exports = await importModule(path);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      const why = e instanceof Error ? e.message.split('\n')[0]! : String(e);
      throw new UsageError(`--invariants-file ${file}: does not load: ${why}`);
    }
    const names = Object.keys(exports);
    if (names.length === 0) throw new UsageError(`--invariants-file ${file}: exports nothing`);
    for (const name of names) {
      const f = exports[name];
      // Temporal properties (propertiesFile.ts) live in the same modules.
      if (isTemporalExport(f)) continue;
      if (typeof f !== 'function') {
        throw new UsageError(`--invariants-file ${file}: export '${name}' is not a function (s) => boolean`);
      }
      if (taken.has(name)) {
        throw new UsageError(`--invariants-file ${file}: export '${name}' clashes with an invariant of that name`);
      }
      taken.add(name);
      out.push(userInvariant(name, f as RaftStatePredicate, declaredWitness(file, name, f)));
    }
  }
  return out;
}
