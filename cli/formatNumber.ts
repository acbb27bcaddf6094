/** Numbers for people: integers with thousands separators (1,234,567), the same in every command's output. */
export function formatNumber(n: number): string {
  return n.toLocaleString('en-US');
}
