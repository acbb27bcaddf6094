/**
 * What a valid model is, in one place for the library (`raftModel`, `fastRaftModel`, `checkRaft`) and the CLI
 * (whose flags become a configuration that goes through here too). From plain JavaScript a configuration can miss
 * fields or carry a string where a number goes; TypeScript's types do not reach there, and a model built on such
 * a configuration explores 0 or 1 state and says "ok". So every entry point checks its configuration and its
 * bugs here and throws a `ConfigError` whose message starts with the API's name and names the problem.
 */
import { BUGS, findBug, missingVariants } from './bugs.js';
import { configError, DEFAULT_CONFIG, type RaftConfig } from './config.js';
import { nearestName } from './nearestName.js';
import { VARIANT_OPTIONS } from './variants.js';

/** A configuration or bug list that is not a model; the message is one line that names the problem. */
export class ConfigError extends Error {
  constructor(
    readonly api: string,
    readonly problem: string,
  ) {
    super(`${api}: ${problem}`);
    this.name = 'ConfigError';
  }
}

/** How a field's type is checked when present. */
const TYPE_OF: Readonly<Partial<Record<keyof RaftConfig, 'number' | 'boolean' | 'names'>>> = {
  servers: 'number',
  values: 'number',
  maxTerm: 'number',
  maxLogLen: 'number',
  maxCopies: 'number',
  maxInFlight: 'number',
  restart: 'boolean',
  duplicate: 'boolean',
  drop: 'boolean',
  variants: 'names',
  ...Object.fromEntries(VARIANT_OPTIONS.map((o) => [o.key, 'number'])),
};

/** The problem with `config` and `bugs`, in one line, or undefined when they make a model. */
export function modelProblem(config: unknown, bugs: unknown = []): string | undefined {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return `the configuration must be an object like DEFAULT_CONFIG, got ${describe(config)}`;
  }
  const c = config as Record<string, unknown>;
  // A misspelt key (maxTerms for maxTerm) would otherwise leave the bound at its default without a word.
  const known = Object.keys(TYPE_OF);
  for (const key of Object.keys(c)) {
    if (!known.includes(key)) {
      return `unknown configuration key '${key}' (did you mean ${nearestName(key, known)}? known: ${known.join(', ')})`;
    }
  }
  for (const key of Object.keys(DEFAULT_CONFIG) as (keyof RaftConfig)[]) {
    if (c[key] === undefined) {
      return `the configuration has no ${key} (DEFAULT_CONFIG's is ${JSON.stringify(DEFAULT_CONFIG[key])}); start from { ...DEFAULT_CONFIG, ... }`;
    }
  }
  for (const [key, kind] of Object.entries(TYPE_OF)) {
    const value = c[key];
    if (value === undefined) continue;
    const fits =
      kind === 'names' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : typeof value === kind;
    if (!fits) return `${key} must be ${kind === 'names' ? 'an array of names' : `a ${kind}`}, got ${describe(value)}`;
  }
  const problem = configError(c as unknown as RaftConfig);
  if (problem !== undefined) return problem;
  if (!Array.isArray(bugs) || !bugs.every((b) => typeof b === 'string')) {
    return `bugs must be an array of bug names, got ${describe(bugs)}`;
  }
  for (const name of bugs) {
    if (findBug(name) === undefined) return `unknown bug '${name}' (known: ${BUGS.map((b) => b.name).join(', ')})`;
    const v = missingVariants(c as unknown as RaftConfig, name)[0];
    if (v !== undefined) return `bug '${name}' changes a rule of variant ${v}: add '${v}' to variants`;
  }
  return undefined;
}

/** `config`, checked for `api`; throws a ConfigError naming the first problem. */
export function checkedConfig(api: string, config: unknown, bugs: unknown = []): RaftConfig {
  const problem = modelProblem(config, bugs);
  if (problem !== undefined) throw new ConfigError(api, problem);
  return config as RaftConfig;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}
