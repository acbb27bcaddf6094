/**
 * Command-line parsing on top of node:util's parseArgs. Every problem with the user's input becomes a
 * `UsageError` with one line that names it; main.ts prints it and exits with code 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** Parses `args` strictly against `options`; unknown flags and missing values are usage errors. */
export function parseFlags(
  args: readonly string[],
  options: Options,
  allowPositionals = false,
): { values: FlagValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals });
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
  if (n < lo || n > hi) throw new UsageError(`--${name} must be from ${lo} to ${hi}, got ${n}`);
  return n;
}

/** The string value of `--name`, or undefined. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) return raw.map(String).join(',');
  return String(raw);
}

/** A comma-separated (or repeated) list flag. */
export function listFlag(values: FlagValues, name: string): string[] {
  const raw = values[name];
  if (raw === undefined) return [];
  const parts = Array.isArray(raw) ? raw.map(String) : [String(raw)];
  return parts
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
