/**
 * Counts with thousands separators ("20,000 VMs"), written without Intl: a number formatter makes Node page in
 * its ICU locale data, about 5 MB of resident memory for a comma.
 */
export function groupDigits(n: number): string {
  if (!Number.isInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  return `${n < 0 ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/**
 * Strings ordered by UTF-16 code units, as `Array.prototype.sort` orders them by default: the same order on
 * every machine (a collator follows the machine's locale), and no ICU data paged in.
 */
export function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
