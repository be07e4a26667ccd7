/**
 * One copy of each value that many resources of a tenant repeat: subscription ids, resource groups, regions,
 * image names, subnet and VNet ids, and the plan's sentences that name no VM. Every page of a listing is parsed
 * into fresh strings, so without this a 20,000-VM fleet holds 20,000 copies of its four subnet ids. The pool is bounded: once full, values are kept
 * as they come (a tenant with more distinct values than that gains nothing from sharing them anyway).
 */
const POOL_LIMIT = 8192;
const pool = new Map<string, string>();

export function shared<T extends string | undefined>(value: T): T {
  if (value === undefined) return value;
  const known = pool.get(value);
  if (known !== undefined) return known as T;
  if (pool.size < POOL_LIMIT) pool.set(value, value);
  return value;
}
