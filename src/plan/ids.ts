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
  const s = scope.toLowerCase().replace(/\/+$/, '');
  const r = resourceId.toLowerCase();
  return s === '/' || r === s || r.startsWith(`${s}/`);
}

export function subscriptionScope(id: string): string {
  return `/subscriptions/${parseResourceId(id)?.subscriptionId ?? ''}`;
}

export function resourceGroupScope(id: string): string {
  const p = parseResourceId(id);
  return `/subscriptions/${p?.subscriptionId ?? ''}/resourceGroups/${p?.resourceGroup ?? ''}`;
}
