/** Numbers for people: integers with thousands separators (1,234,567), the same in every command's output. */
export function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}

/** `n` and `noun`, in the plural unless n is 1: "1 walk", "2,000 walks". */
export function count(n: number, noun: string): string {
  return `${formatNumber(n)} ${noun}${n === 1 ? '' : 's'}`;
}
