import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/plan/digest';
import {
  hasTerminalControls,
  mapStrings,
  shellQuote,
  terminalSafe,
  terminalSafeDeep,
} from '../../../src/plan/untrusted';
import { clearSecrets, redact, redactValues, registerSecret, watchJsonForSecrets } from '../../../src/redact';

describe('terminalSafe', () => {
  it('shows C0, DEL, C1 and bidi controls as escaped codes and keeps printable unicode', () => {
    expect(terminalSafe('vm\u001b[31mred\u001b[0m')).toBe('vm\\x1B[31mred\\x1B[0m');
    expect(terminalSafe('a\r\nb\tc\u0007')).toBe('a\\x0D\\x0Ab\\x09c\\x07');
    expect(terminalSafe('x\u009b2Jy\u007f')).toBe('x\\x9B2Jy\\x7F');
    expect(terminalSafe('evil\u202Egnp.exe')).toBe('evil\\u202Egnp.exe');
    expect(terminalSafe('Ünïcödé 名前 🚀')).toBe('Ünïcödé 名前 🚀');
    expect(hasTerminalControls(terminalSafe('\u001b]0;title\u0007'))).toBe(false);
    expect(hasTerminalControls('\u001b')).toBe(true);
  });

  it('maps every string of a view model, keys included, without touching the original', () => {
    const input = { name: 'a\u001b', list: ['b\u0007', 3, null], nested: { 'k\u0000': true } };
    expect(terminalSafeDeep(input)).toEqual({ name: 'a\\x1B', list: ['b\\x07', 3, null], nested: { 'k\\x00': true } });
    expect(input.name).toBe('a\u001b');
    const d = new Date(0);
    expect(mapStrings({ d }, (s) => s).d).toBe(d);
  });
});

describe('watchJsonForSecrets', () => {
  afterEach(() => clearSecrets());

  /** Feeds the canonical JSON of `value` to a fresh watch in blocks of `size` characters. */
  function seenIn(value: unknown, size: number): boolean | undefined {
    const watch = watchJsonForSecrets();
    if (!watch) return undefined;
    const text = canonicalJson(value);
    for (let i = 0; i < text.length; i += size) watch.see(text.slice(i, i + size));
    return watch.seen;
  }

  it('is absent while no secret is registered', () => {
    expect(watchJsonForSecrets()).toBeUndefined();
  });

  it('finds a registered token in a value or a key, also when a block boundary cuts it', () => {
    registerSecret('tok-1234567890');
    const plan = { actions: [{ params: { note: ['x', 'echo tok-1234567890 back'] } }], n: 3 };
    for (const size of [1, 5, 13, 14, 64, 4096]) {
      expect(seenIn(plan, size)).toBe(true);
      expect(seenIn({ deep: [{ 'tok-1234567890': 1 }] }, size)).toBe(true);
      expect(seenIn({ a: ['tok-12345', '67890'], b: 'tok-123456789' }, size)).toBe(false);
    }
  });

  it('finds a secret that JSON escapes, as its escaped text', () => {
    registerSecret('pa"ss\\word\n1');
    expect(seenIn({ message: 'login with pa"ss\\word\n1 failed' }, 7)).toBe(true);
    expect(seenIn({ message: 'login with pa"ss failed' }, 7)).toBe(false);
  });

  it('stops looking once it has seen one', () => {
    registerSecret('tok-1234567890');
    const watch = watchJsonForSecrets()!;
    watch.see('"tok-1234567890"');
    watch.see('nothing here');
    expect(watch.seen).toBe(true);
  });
});

describe('shellQuote', () => {
  it('leaves ids bare and single-quotes anything a shell would interpret', () => {
    expect(shellQuote('/subscriptions/x/resourceGroups/rg-1')).toBe('/subscriptions/x/resourceGroups/rg-1');
    expect(shellQuote('vm with spaces')).toBe(`'vm with spaces'`);
    expect(shellQuote(`it's; rm -rf ~`)).toBe(`'it'\\''s; rm -rf ~'`);
    expect(shellQuote('$(id)')).toBe(`'$(id)'`);
    expect(shellQuote('')).toBe(`''`);
  });
});

describe('redaction by value', () => {
  afterEach(() => clearSecrets());

  it('masks a registered opaque token wherever it appears, and the credential shapes besides', () => {
    const token = 'opaque-0123456789abcdef';
    expect(redact(`400: invalid request for ${token}`)).toContain(token);
    registerSecret(token);
    expect(redact(`400: invalid request for ${token} (echo ${token})`)).toBe(
      '400: invalid request for [redacted] (echo [redacted])',
    );
    expect(redact('Authorization: Bearer abcdefghijkl')).toBe('Authorization: Bearer [redacted]');
    expect(redactValues('rdp-password: fine')).toBe('rdp-password: fine');
  });

  it('masks the longer of two overlapping tokens whole and ignores values too short to be secrets', () => {
    registerSecret('short');
    registerSecret('token-aaaaaaaa');
    registerSecret('token-aaaaaaaa-bbbbbbbb');
    expect(redact('x token-aaaaaaaa-bbbbbbbb y token-aaaaaaaa short')).toBe('x [redacted] y [redacted] short');
  });
});
