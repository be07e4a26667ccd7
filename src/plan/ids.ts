/** ARM resource ids are case-insensitive; these helpers are the one place that knows it. */

export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup?: string;
  provider?: string;
  type?: string;
  name?: string;
}

const RESOURCE_ID =
  /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(?:\/providers\/([^/]+)\/([^/]+)\/([^/]+))?)?/i;

/** Parses `/subscriptions/{s}[/resourceGroups/{rg}[/providers/{ns}/{type}/{name}]]`; undefined otherwise. */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const m = RESOURCE_ID.exec(id);
  if (!m) return undefined;
  return { subscriptionId: m[1]!, resourceGroup: m[2], provider: m[3], type: m[4], name: m[5] };
}

/** True when `scope` equals `resourceId` or is one of its ancestors (subscription, resource group). */
export function scopeCovers(scope: string, resourceId: string): boolean {
  const s = scopeKey(scope);
  const r = resourceId.toLowerCase();
  return s === '/' || r === s || r.startsWith(`${s}/`);
}

/** A scope as `scopeCovers` compares it: lower-cased, without a trailing slash (the root `/` becomes ''). */
export function scopeKey(scope: string): string {
  return scope.toLowerCase().replace(/\/+$/, '');
}

/**
 * Every scope that covers a resource by `scopeCovers`, as `scopeKey` spells it: the resource itself and each of
 * its parents up to the root. With scopes kept by key, "which of these cover this resource?" costs one lookup
 * per parent instead of a comparison with every scope: a group may hold a role at each of thousands of VMs.
 */
export function coveringScopes(resourceId: string): string[] {
  const r = resourceId.toLowerCase();
  const scopes = [r];
  for (let i = r.indexOf('/'); i !== -1; i = r.indexOf('/', i + 1)) scopes.push(r.slice(0, i));
  return scopes;
}

/** Items by the `scopeKey` of their scope. */
export function byScopeKey<T>(items: Iterable<T>, scopeOf: (item: T) => string): Map<string, T[]> {
  const byKey = new Map<string, T[]>();
  for (const item of items) {
    const key = scopeKey(scopeOf(item));
    const list = byKey.get(key);
    if (list) list.push(item);
    else byKey.set(key, [item]);
  }
  return byKey;
}

/** The scope a listing is made at: a subscription, or one of its resource groups. */
export function listingScope(subscriptionId: string, resourceGroup?: string): string {
  return `/subscriptions/${subscriptionId}${resourceGroup ? `/resourceGroups/${resourceGroup}` : ''}`;
}

export function subscriptionScope(id: string): string {
  return `/subscriptions/${parseResourceId(id)?.subscriptionId ?? ''}`;
}

export function resourceGroupScope(id: string): string {
  const p = parseResourceId(id);
  return `/subscriptions/${p?.subscriptionId ?? ''}/resourceGroups/${p?.resourceGroup ?? ''}`;
}
