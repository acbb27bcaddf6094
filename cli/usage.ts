/**
 * Command-line parsing on top of node:util's parseArgs. Every problem with the user's input becomes a
 * `UsageError` with one line that names it; main.ts prints it and exits with code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * `args` with a negative number after a flag that takes a value joined to it (`--servers -1` as `--servers=-1`):
 * parseArgs would take `-1` for a flag and call the argument ambiguous, where the user meant a number out of range.
 */
function joinNegativeNumbers(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k]!;
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    const next = args[k + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      k++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** A usage error for a flag given twice that takes one value (or is a switch): which one would win is a guess. */
function refuseRepeats(args: readonly string[], options: Options): void {
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === '--') return;
    if (!arg.startsWith('--')) continue;
    const name = arg.slice(2).split('=')[0]!;
    if (options[name] === undefined || options[name].multiple === true) continue;
    if (seen.has(name)) throw new UsageError(`--${name} is given twice; give it once`);
    seen.add(name);
  }
}

/**
 * Parses `args` strictly against `options`; unknown flags, missing values and a flag repeated that takes one value
 * are usage errors.
 */
export function parseFlags(
  args: readonly string[],
  options: Options,
  allowPositionals = false,
): { values: FlagValues; positionals: string[] } {
  const joined = joinNegativeNumbers(args, options);
  refuseRepeats(joined, options);
  try {
    const { values, positionals } = parseArgs({ args: joined, options, strict: true, allowPositionals });
    return { values: values, positionals };
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''));
  }
}

/** The integer value of `--name`, or `fallback` when absent; a usage error outside [lo, hi]. */
export function intFlag(values: FlagValues, name: string, fallback: number, lo: number, hi: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const text = String(raw);
  if (!/^-?\d+$/.test(text)) throw new UsageError(`--${name} takes an integer, got '${text}'`);
  const n = Number(text);
  if (n < lo || n > hi) throw new UsageError(`--${name} must be an integer from ${lo} to ${hi}, got ${n}`);
  return n;
}

/** The string value of `--name`, or undefined. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) return raw.map(String).join(',');
  return String(raw);
}

/** A comma-separated (or repeated) list flag; given with no name in it (`--bug ''`), a usage error. */
export function listFlag(values: FlagValues, name: string): string[] {
  const raw = values[name];
  if (raw === undefined) return [];
  const parts = Array.isArray(raw) ? raw.map(String) : [String(raw)];
  const names = parts
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (names.length === 0) throw new UsageError(`--${name} takes one or more names, got '${parts.join(',')}'`);
  return names;
}
