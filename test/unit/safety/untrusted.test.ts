import { afterEach, describe, expect, it } from 'vitest';
import {
  hasTerminalControls,
  mapStrings,
  shellQuote,
  someString,
  terminalSafe,
  terminalSafeDeep,
} from '../../../src/plan/untrusted';
import { clearSecrets, containsSecretValue, redact, redactValues, registerSecret } from '../../../src/redact';

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

describe('someString', () => {
  it('finds a string anywhere in plain data, keys included, and stops at class instances', () => {
    const plan = { actions: [{ params: { body: { note: ['x', 'needle here'] } } }], n: 3 };
    expect(someString(plan, (s) => s.includes('needle'))).toBe(true);
    expect(someString({ deep: [{ 'needle-key': 1 }] }, (s) => s.includes('needle'))).toBe(true);
    expect(someString({ list: ['hay', 1, null, true], d: new Date(0) }, (s) => s.includes('needle'))).toBe(false);
    expect(someString('needle', (s) => s === 'needle')).toBe(true);
  });

  it('tells the planner whether a registered token is in the data at all', () => {
    registerSecret('tok-1234567890');
    expect(someString({ a: ['echo tok-1234567890 back'] }, containsSecretValue)).toBe(true);
    expect(someString({ a: ['tok-12345'] }, containsSecretValue)).toBe(false);
    clearSecrets();
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
