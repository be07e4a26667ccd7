import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../../src/core/numbers';

describe('groupDigits', () => {
  it('writes counts as en-US does, without Intl', () => {
    for (const n of [0, 7, 999, 1000, 12345, 999999, 1000000, 20000, -4500, 123456789]) {
      expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
    }
    expect(groupDigits(20000)).toBe('20,000');
    expect(groupDigits(1.5)).toBe('1.5');
  });
});
