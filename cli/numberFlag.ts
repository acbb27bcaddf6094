/** A decimal flag's value, for flags in milliseconds or probabilities (election-timing's). */
import { UsageError, type FlagValues } from './usage.js';

/** The decimal number `--name` gives (milliseconds or a probability), or undefined when absent. */
export function numberFlag(values: FlagValues, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const text = String(raw);
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new UsageError(`--${name} takes a number, got '${text}'`);
  return Number(text);
}
