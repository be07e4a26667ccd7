/**
 * Tenant data is untrusted input: VM names, group names, policy names and error bodies come from whoever can
 * write to the tenant. These functions make such a string safe for one destination each; every renderer uses
 * them instead of its own rules, so there is exactly one definition of "safe" per destination.
 */

/**
 * Characters that change what a terminal shows instead of being shown: C0 controls (ESC, BEL, CR, LF, TAB,
 * backspace…), DEL, C1 controls (CSI U+009B, OSC U+009D…), and the Unicode format characters that reorder
 * or hide text (bidi overrides and isolates, line and paragraph separators).
 */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The code of an unsafe character as visible text: `\x1B` for ESC, `\u202E` for a bidi override. */
function visibleCode(c: string): string {
  const n = c.codePointAt(0)!;
  const hex = n.toString(16).toUpperCase();
  return n < 0x100 ? `\\x${hex.padStart(2, '0')}` : `\\u${hex.padStart(4, '0')}`;
}

/**
 * `s` with every control and text-reordering character shown as its escaped code (as git's core.quotePath
 * does for file names), so that a tenant string cannot recolour, move or clear the screen, set the window
 * title or hide text. Printable text, unicode included, is kept as it is.
 */
export function terminalSafe(s: string): string {
  return s.replace(TERMINAL_UNSAFE, visibleCode);
}

/** True when `s` holds a character `terminalSafe` would escape. */
export function hasTerminalControls(s: string): boolean {
  TERMINAL_UNSAFE.lastIndex = 0;
  const found = TERMINAL_UNSAFE.test(s);
  TERMINAL_UNSAFE.lastIndex = 0;
  return found;
}

/**
 * `value` with `terminalSafe` applied to every string in it (object keys included), for handing a
 * whole view model to a renderer. Objects and arrays with something to escape are copied; the rest is shared.
 */
export function terminalSafeDeep<T>(value: T): T {
  return mapStrings(value, terminalSafe);
}

/**
 * `value` with `f` applied to every string in plain objects and arrays, keys included. Only the objects and
 * arrays in which some string changed are copied; everything else is returned as it is, so mapping a plan of
 * 20,000 VMs in which nothing needs escaping costs no second plan in memory. The result must not be mutated.
 */
export function mapStrings<T>(value: T, f: (s: string) => string): T {
  const seen = new Map<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return f(v);
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    if (Array.isArray(v)) {
      // Until a changed element shows up, the original stands for the result (also for a cycle back to it).
      seen.set(v, v);
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x = walk(v[i]);
        if (out === undefined && x !== v[i]) {
          out = v.slice(0, i);
          seen.set(v, out);
        }
        out?.push(x);
      }
      return out ?? v;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    seen.set(v, v);
    const entries = Object.entries(v);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < entries.length; i++) {
      const [k, x] = entries[i]!;
      const key = f(k);
      const mapped = walk(x);
      if (out === undefined && (key !== k || mapped !== x)) {
        out = {};
        for (const [pk, px] of entries.slice(0, i)) out[pk] = px;
        seen.set(v, out);
      }
      if (out !== undefined) out[key] = mapped;
    }
    return out ?? v;
  };
  return walk(value) as T;
}

/**
 * One word for a POSIX shell: left bare when it holds only characters no shell treats specially (ids stay
 * readable), otherwise single-quoted with embedded quotes closed, escaped and reopened. Control characters
 * cannot be quoted visibly, so the result is also passed through `terminalSafe` by whoever prints it.
 */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
