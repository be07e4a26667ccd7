import { describe, expect, it } from 'vitest';
import { cell, clampLines, fitColumns, truncate, widest } from '../../screens/widgets/format';

describe('table cells', () => {
  it('always end with a space so that columns never run together', () => {
    expect(cell('vm-ubuntu-web-01', 16)).toBe('vm-ubuntu-web-… ');
    expect(cell('vm-ubuntu-web-01', 17)).toBe('vm-ubuntu-web-01 ');
    expect(cell('ab', 5)).toBe('ab   ');
    expect(cell('anything', 0)).toBe('');
  });

  it('cuts names in the middle when asked, keeping the distinguishing end', () => {
    expect(truncate('vm-reporting-prod-weu-01', 13, 'middle')).toBe('vm-rep…weu-01');
    expect(cell('vm-reporting-prod-weu-01', 14, 'middle')).toBe('vm-rep…weu-01 ');
    expect(truncate('short', 10, 'middle')).toBe('short');
  });

  it('shares the room by importance, never below the minimums', () => {
    const specs = [
      { want: 25, min: 14 },
      { want: 13, min: 13 },
      { want: 13, min: 8 },
    ];
    expect(fitColumns(specs, 41)).toEqual([20, 13, 8]);
    expect(fitColumns(specs, 100)).toEqual([25, 13, 13]);
    expect(widest('NAME', ['vm-1', 'vm-reporting'])).toBe(13);
  });

  it('wraps text at spaces into at most N lines, marking what is left out', () => {
    expect(clampLines('one two three four five', 9, 2)).toEqual(['one two', 'three fo…']);
    expect(clampLines('one two', 20, 2)).toEqual(['one two']);
    expect(clampLines('', 20, 2)).toEqual([]);
  });
});
