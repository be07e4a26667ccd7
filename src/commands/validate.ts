/**
 * Validators for command-line values. Each throws commander's InvalidArgumentError with a message that names
 * the expected form, so that the CLI prints one line naming the option and the fix (exit 2).
 */
import { InvalidArgumentError } from 'commander';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function guid(value: string): string {
  if (!isGuid(value))
    throw new InvalidArgumentError(`'${value}' is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).`);
  return value.toLowerCase();
}

/** Repeatable GUID option: `--subscription A --subscription B` or `--subscription A,B`. */
export function guidList(value: string, previous: string[] = []): string[] {
  return [...previous, ...splitList(value).map(guid)];
}

export function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...splitList(value)];
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export function oneOf<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value: string) => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`'${value}' is not one of ${allowed.join(', ')}.`);
  };
}

export function oneOfList<T extends string>(allowed: readonly T[]): (value: string, previous?: T[]) => T[] {
  const one = oneOf(allowed);
  return (value: string, previous: T[] = []) => [...previous, ...splitList(value).map(one)];
}

export function intInRange(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`'${value}' is not a whole number from ${min} to ${max}.`);
    }
    return n;
  };
}

/** `key=value` with a non-empty key. */
export function tagList(value: string, previous: string[] = []): string[] {
  const tags = splitList(value);
  for (const t of tags) {
    const eq = t.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`'${t}' is not a tag filter (expected key=value).`);
  }
  return [...previous, ...tags];
}

/** Sign-in logs keep 30 days (P1/P2): a longer window would promise evidence that is not there. */
export const MAX_SINCE_DAYS = 30;

/** `7d`, `24h` or `90m` → milliseconds, at most MAX_SINCE_DAYS. */
export function sinceDuration(value: string): number {
  const m = /^(\d+)\s*([dhm])$/i.exec(value.trim());
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[(m?.[2] ?? 'x').toLowerCase() as 'd' | 'h' | 'm'];
  const ms = m && unit ? Number(m[1]) * unit : Number.NaN;
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_SINCE_DAYS * 86_400_000) {
    throw new InvalidArgumentError(
      `'${value}' is not a window like 7d, 24h or 90m of at most ${MAX_SINCE_DAYS}d (sign-in logs keep ${MAX_SINCE_DAYS} days).`,
    );
  }
  return ms;
}

export { sinceText } from '../checks/signin-evidence';
