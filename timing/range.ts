/** A closed range of milliseconds, as the command line writes it: `150-300`, or `15` for exactly 15. */

export interface MsRange {
  readonly min: number;
  readonly max: number;
}

/** The range as the command line writes it: `150-300`, or `150-150` when fixed. */
export function formatRange(r: MsRange): string {
  return `${r.min}-${r.max}`;
}

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const RANGE = new RegExp(`^(${NUMBER})(?:-(${NUMBER}))?$`);

/**
 * Parses `MIN-MAX` or a single `MS` (non-negative decimals). Returns the range, or one line naming the problem
 * (without the flag's name, which the caller adds).
 */
export function parseRange(text: string): MsRange | string {
  if (text.trim().startsWith('-')) return `must not be negative, got '${text}'`;
  const found = RANGE.exec(text.trim());
  if (found === null) return `takes MS or MIN-MAX in milliseconds, got '${text}'`;
  const min = Number(found[1]);
  const max = found[2] === undefined ? min : Number(found[2]);
  if (max < min) return `must be MIN-MAX with MIN <= MAX, got '${text}'`;
  return { min, max };
}
