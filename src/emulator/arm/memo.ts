/**
 * Listings page through the same filtered list request after request: a fleet of 20,000 VMs is 200 pages, and
 * filtering every resource for each page made listing quadratic. The filtered list is kept per collection and
 * scope until the collection gains or loses members (the records in it are shared, so changes to them show).
 */
const memos = new WeakMap<object, { size: number; lists: Map<string, unknown[]> }>();

export function memoByScope<T>(collection: Map<string, unknown>, scope: string, list: () => T[]): T[] {
  let memo = memos.get(collection);
  if (!memo || memo.size !== collection.size) {
    memo = { size: collection.size, lists: new Map() };
    memos.set(collection, memo);
  }
  let items = memo.lists.get(scope) as T[] | undefined;
  if (!items) {
    items = list();
    memo.lists.set(scope, items);
  }
  return items;
}
