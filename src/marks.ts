/**
 * Timing marks for `npm run bench` (bench/). Off unless ENTRA_VM_LOGIN_BENCH_MARKS names a file; then each mark
 * appends one line `name value`, where the value defaults to milliseconds since the process started. Marks
 * never carry data from the tenant.
 */
import { appendFileSync } from 'node:fs';

export function mark(name: string, value: number = performance.now()): void {
  const file = process.env.ENTRA_VM_LOGIN_BENCH_MARKS;
  if (!file) return;
  appendFileSync(file, `${name} ${value.toFixed(1)}\n`);
}
