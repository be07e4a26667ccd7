import { describe, expect, it } from 'vitest';
import { BugError } from '../../../src/errors';
import { orderById, topoOrder } from '../../../src/plan/order';

const node = (id: string, ...dependsOn: string[]) => ({ id, dependsOn });
const ids = (xs: { id: string }[]) => xs.map((x) => x.id);

describe('orderById', () => {
  it('keeps input order when nothing depends on anything', () => {
    expect(ids(orderById([node('c'), node('a'), node('b')]))).toEqual(['c', 'a', 'b']);
  });

  it('places dependencies first and otherwise keeps input order', () => {
    const items = [node('c', 'a'), node('a'), node('b'), node('d', 'c', 'b')];
    expect(ids(orderById(items))).toEqual(['a', 'c', 'b', 'd']);
  });

  it('orders a chain given backwards', () => {
    expect(ids(orderById([node('x3', 'x2'), node('x2', 'x1'), node('x1')]))).toEqual(['x1', 'x2', 'x3']);
  });

  it('starts the earliest ready item first in a diamond', () => {
    const items = [node('d', 'b', 'c'), node('c', 'a'), node('b', 'a'), node('a')];
    expect(ids(orderById(items))).toEqual(['a', 'c', 'b', 'd']);
  });

  it('tolerates a dependency listed twice', () => {
    expect(ids(orderById([node('b', 'a', 'a'), node('a')]))).toEqual(['a', 'b']);
  });

  it('throws a BugError naming the ids of a cycle', () => {
    const items = [node('a', 'c'), node('b', 'a'), node('c', 'b'), node('d', 'a'), node('e')];
    expect(() => orderById(items)).toThrowError(new BugError('dependency cycle: a → c → b → a'));
    expect(() => orderById(items)).toThrow(BugError);
  });

  it('reports a self-dependency as a cycle', () => {
    expect(() => orderById([node('a'), node('b', 'b')])).toThrowError('dependency cycle: b → b');
  });

  it('names unknown dependencies', () => {
    expect(() => orderById([node('a', 'zz'), node('b', 'a', 'yy')])).toThrowError(
      'dependsOn names unknown ids: a → zz, b → yy',
    );
  });

  it('refuses duplicate ids', () => {
    expect(() => orderById([node('a'), node('a')])).toThrowError('duplicate id a in the dependency graph');
  });

  it('orders 2,000 items in a long chain quickly and correctly', () => {
    const n = 2000;
    const items = Array.from({ length: n }, (_, i) => node(`n${n - i}`, ...(n - i > 1 ? [`n${n - i - 1}`] : [])));
    const out = ids(orderById(items));
    expect(out[0]).toBe('n1');
    expect(out[n - 1]).toBe(`n${n}`);
    expect(new Set(out).size).toBe(n);
  });
});

describe('topoOrder', () => {
  it('works with arbitrary key functions', () => {
    const items = [
      { key: 'k2', needs: ['k1'] },
      { key: 'k1', needs: [] },
    ];
    expect(
      topoOrder(
        items,
        (i) => i.key,
        (i) => i.needs,
      ).map((i) => i.key),
    ).toEqual(['k1', 'k2']);
  });
});
