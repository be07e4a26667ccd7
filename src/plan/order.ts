/**
 * Dependency ordering shared by the planner and the executor. The order is a stable topological sort: among
 * the items whose dependencies are already placed, the one that came first in the input goes next, so the
 * same input always yields the same order and independent items keep the order their step produced.
 */
import { BugError } from '../errors';

/**
 * Orders `items` so that every item comes after the items its `depsOf` names.
 * Throws `BugError` for a duplicate id, a dependency on an unknown id, or a cycle (naming the ids involved).
 */
export function topoOrder<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  depsOf: (item: T) => readonly string[],
): T[] {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    const id = idOf(item);
    if (index.has(id)) throw new BugError(`duplicate id ${id} in the dependency graph`);
    index.set(id, i);
  });

  const unknown: string[] = [];
  const pending = new Array<number>(items.length).fill(0);
  // Made only for items something depends on: most of a fleet's actions have no dependents, and a Set of
  // dependencies per item (most have none or one) was the sort's largest garbage.
  const dependents: (number[] | undefined)[] = new Array(items.length);
  items.forEach((item, i) => {
    const deps = depsOf(item);
    deps.forEach((dep, k) => {
      if (k > 0 && deps.indexOf(dep) < k) return;
      const d = index.get(dep);
      if (d === undefined) {
        unknown.push(`${idOf(item)} → ${dep}`);
        return;
      }
      pending[i]!++;
      const list = dependents[d];
      if (list) list.push(i);
      else dependents[d] = [i];
    });
  });
  if (unknown.length > 0) throw new BugError(`dependsOn names unknown ids: ${unknown.join(', ')}`);

  const ready = new MinHeap();
  pending.forEach((n, i) => {
    if (n === 0) ready.push(i);
  });
  const out: T[] = [];
  while (ready.size > 0) {
    const i = ready.pop();
    out.push(items[i]!);
    for (const j of dependents[i] ?? []) {
      if (--pending[j]! === 0) ready.push(j);
    }
  }
  if (out.length < items.length) {
    const cycle = findCycle(items, idOf, depsOf, pending);
    throw new BugError(`dependency cycle: ${cycle.join(' → ')}`);
  }
  return out;
}

/** Follows unplaced dependencies from the first unplaced item until an id repeats: that loop is a cycle. */
function findCycle<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  depsOf: (item: T) => readonly string[],
  pending: number[],
): string[] {
  const byId = new Map(items.map((item, i) => [idOf(item), i] as const));
  const stuck = (i: number) => pending[i]! > 0;
  let current = pending.findIndex((n) => n > 0);
  const path: number[] = [];
  const seenAt = new Map<number, number>();
  while (!seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    // Every unplaced item has at least one unplaced dependency, so this walk never dead-ends.
    const next = depsOf(items[current]!)
      .map((dep) => byId.get(dep)!)
      .find(stuck);
    current = next!;
  }
  return [...path.slice(seenAt.get(current)!), current].map((i) => idOf(items[i]!));
}

class MinHeap {
  private readonly a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  push(v: number): void {
    const a = this.a;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= v) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = v;
  }
  pop(): number {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]! < a[l]! ? r : l;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

/** Actions (or anything with `id` and `dependsOn`) in stable dependency order. */
export function orderById<T extends { id: string; dependsOn: readonly string[] }>(items: readonly T[]): T[] {
  return topoOrder(
    items,
    (a) => a.id,
    (a) => a.dependsOn,
  );
}
