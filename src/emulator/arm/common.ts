/** What every ARM handler shares: the context, paging with absolute nextLinks, RBAC denial, not-found bodies. */
import { armError, type EmuRequest, type EmuResponse, json } from '../http';
import type { TenantState } from '../state';

export interface ArmContext {
  state: TenantState;
  pageSize: number;
  extensionInstallMs: number;
  /** Duration of a VM PATCH operation. */
  vmUpdateMs: number;
  now(): number;
}

/**
 * One page of `items` with an absolute `nextLink` that keeps every query parameter (api-version included) and
 * carries the offset in `$skiptoken`.
 */
export function page<T>(req: EmuRequest, ctx: ArmContext, items: T[], map: (item: T) => unknown): EmuResponse {
  const token = req.query.get('$skiptoken');
  const start = token ? Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10) : 0;
  if (!Number.isInteger(start) || start < 0)
    return armError(400, 'InvalidSkipToken', `The skip token '${token}' is not valid.`);
  const top = Number(req.query.get('$top') ?? ctx.pageSize);
  const size = Math.max(1, Math.min(ctx.pageSize, Number.isFinite(top) ? top : ctx.pageSize));
  const slice = items.slice(start, start + size);
  const body: { value: unknown[]; nextLink?: string } = { value: slice.map(map) };
  if (start + size < items.length) {
    const q = new URLSearchParams(req.query);
    q.set('$skiptoken', Buffer.from(String(start + size)).toString('base64url'));
    body.nextLink = `${req.origin}${req.path}?${q.toString()}`;
  }
  return json(200, body);
}

/**
 * 403 AuthorizationFailed when the scenario's caller lacks `action` at `scope`. Denials are `action`,
 * `action@scopePrefix` (the denial applies at and below that scope) or `action@=scope` (only at that scope
 * itself: its own reads and the listings made at it, as for someone whose roles are all on resource groups
 * inside it, since Azure RBAC grants flow down a scope, never up). `*` as the action denies every action, and
 * `READ_ALL` every read: a resource group or subscription the caller cannot see at all.
 */
/** The denial pattern for every read action (an asterisk followed by `/read`, as in a role's NotActions). */
export const READ_ALL = '*/read';

/**
 * The scope ARM authorizes a request at, for exact denials: a listing of a type (`…/providers/NS/type`, or the
 * resource groups of a subscription) at its container, anything else at its own path.
 */
export function authorizationScope(path: string): string {
  const segs = path.split('/').filter(Boolean);
  const providers = segs.map((s) => s.toLowerCase()).lastIndexOf('providers');
  if (providers !== -1 && segs.length - providers === 3) return `/${segs.slice(0, providers).join('/')}`;
  if (providers === -1 && segs.length % 2 === 1) return `/${segs.slice(0, -1).join('/')}`;
  return `/${segs.join('/')}`;
}

function denialHits(denial: string, action: string, scope: string, exactOnes: boolean): boolean {
  const [a, at] = denial.split('@');
  const pattern = a!.toLowerCase();
  const wanted = action.toLowerCase();
  const actionHit = pattern === '*' || pattern === wanted || (pattern === READ_ALL && wanted.endsWith('/read'));
  if (!actionHit) return false;
  if (at === undefined) return true;
  const s = scope.toLowerCase();
  if (at.startsWith('=')) return exactOnes && authorizationScope(s) === at.slice(1).toLowerCase();
  const p = at.toLowerCase();
  return s === p || s.startsWith(`${p}/`);
}

export function isDenied(ctx: Pick<ArmContext, 'state'>, action: string, scope: string): boolean {
  return ctx.state.caller.deniedActions.some((d) => denialHits(d, action, scope, true));
}

/**
 * Whether the caller sees the subscription in its list: ARM lists every subscription where the caller holds a
 * role at any scope, so only a denial of the whole subscription (not an exact one) hides it.
 */
export function seesSubscription(ctx: Pick<ArmContext, 'state'>, subscriptionId: string): boolean {
  const scope = `/subscriptions/${subscriptionId}`;
  return !ctx.state.caller.deniedActions.some((d) =>
    denialHits(d, 'Microsoft.Resources/subscriptions/read', scope, false),
  );
}

export function denied(ctx: ArmContext, action: string, scope: string): EmuResponse | undefined {
  if (!isDenied(ctx, action, scope)) return undefined;
  const { userPrincipalName, objectId } = ctx.state.caller;
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${userPrincipalName}' with object id '${objectId}' does not have authorization to perform action ` +
      `'${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh ` +
      `your credentials.`,
  );
}

export function resourceNotFound(type: string, name: string, resourceGroup: string): EmuResponse {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details ` +
      `please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function resourceGroupNotFound(name: string): EmuResponse {
  return armError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
}

export function subscriptionNotFound(id: string): EmuResponse {
  return armError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`);
}

/** Reads a JSON object body or answers 400 the way ARM does for a malformed one. */
export function objectBody(
  req: EmuRequest,
): { ok: true; body: Record<string, unknown> } | { ok: false; res: EmuResponse } {
  if (req.body === undefined || req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
    return {
      ok: false,
      res: armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'),
    };
  }
  return { ok: true, body: req.body as Record<string, unknown> };
}
