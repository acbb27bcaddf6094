/**
 * TLC's reference configurations and counts, loaded and checked once here for the agreement script, the benchmark
 * and the pinned-count tests. They are in the repository, in bench/tlc-counts.json: TLC's figures for Diego
 * Ongaro's raft.tla under each configuration, with their source and how they were taken in the file's `meta`
 * (copied from the project's shared reference, so that nothing here depends on a file outside the repository).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RaftConfig } from '../spec/raft/config.js';

/** One reference configuration: the model's bounds and what TLC counted for it. */
export interface TlcConfig extends RaftConfig {
  readonly name: string;
  readonly symmetry: boolean;
  /** TLC "distinct states found". */
  readonly distinctStates: number;
  /** TLC "states generated". */
  readonly generatedStates: number;
  /** TLC "depth of the complete state graph search" (the initial state is level 1). */
  readonly depth: number;
  /** Wall-clock seconds of TLC with one worker on the reference machine. */
  readonly tlcSeconds1Worker: number;
  readonly tlcDistinctPerSecond: number;
  readonly note?: string;
}

const NUMBER_FIELDS = [
  'servers',
  'values',
  'maxTerm',
  'maxLogLen',
  'maxCopies',
  'maxInFlight',
  'distinctStates',
  'generatedStates',
  'depth',
  'tlcSeconds1Worker',
  'tlcDistinctPerSecond',
] as const;
const BOOLEAN_FIELDS = ['restart', 'duplicate', 'drop', 'symmetry'] as const;

/** The repository's root: the nearest directory above this file (source or compiled) with a package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repoRoot: no package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

/** Where tlc-counts.json is: in bench/ of this repository. */
export function tlcCountsPaths(): string[] {
  return [join(repoRoot(), 'bench', 'tlc-counts.json')];
}

function validEntry(raw: unknown, where: string): TlcConfig {
  if (typeof raw !== 'object' || raw === null) throw new Error(`loadTlcConfigs: ${where} is not an object`);
  const entry = raw as Record<string, unknown>;
  if (typeof entry.name !== 'string') throw new Error(`loadTlcConfigs: ${where} has no string 'name'`);
  for (const field of NUMBER_FIELDS) {
    if (typeof entry[field] !== 'number') {
      throw new Error(`loadTlcConfigs: ${where} (${entry.name}) has no number '${field}'`);
    }
  }
  for (const field of BOOLEAN_FIELDS) {
    if (typeof entry[field] !== 'boolean') {
      throw new Error(`loadTlcConfigs: ${where} (${entry.name}) has no boolean '${field}'`);
    }
  }
  return entry as unknown as TlcConfig;
}

/** The reference configurations from the first of `paths` that exists; throws, naming every path, if none does. */
export function loadTlcConfigs(paths: readonly string[] = tlcCountsPaths()): TlcConfig[] {
  const path = paths.find((p) => existsSync(p));
  if (path === undefined) {
    throw new Error(
      `loadTlcConfigs: tlc-counts.json not found; looked in ${paths.join(', ')} ` +
        '(it is part of the repository: is the checkout complete?)',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`loadTlcConfigs: ${path} is not valid JSON: ${reason}`, { cause: e });
  }
  const configs = (parsed as { configs?: unknown } | null)?.configs;
  if (!Array.isArray(configs)) throw new Error(`loadTlcConfigs: ${path} has no 'configs' array`);
  return configs.map((entry, k) => validEntry(entry, `${path} configs[${k}]`));
}

/** The configuration named `name`; throws, listing the known names, if there is none. */
export function findTlcConfig(configs: readonly TlcConfig[], name: string): TlcConfig {
  const found = configs.find((c) => c.name === name);
  if (found === undefined) {
    throw new Error(`findTlcConfig: no configuration '${name}' (known: ${configs.map((c) => c.name).join(', ')})`);
  }
  return found;
}

/** The spec's configuration for a reference entry. Throws for symmetry reduction, which the checker lacks. */
export function toRaftConfig(entry: TlcConfig): RaftConfig {
  if (entry.symmetry) throw new Error(`toRaftConfig: ${entry.name} uses symmetry reduction, which is not supported`);
  return {
    servers: entry.servers,
    values: entry.values,
    maxTerm: entry.maxTerm,
    maxLogLen: entry.maxLogLen,
    maxCopies: entry.maxCopies,
    maxInFlight: entry.maxInFlight,
    restart: entry.restart,
    duplicate: entry.duplicate,
    drop: entry.drop,
  };
}
