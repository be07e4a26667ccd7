/**
 * The Azure RBAC action an ARM request needs, derived from its method and path the way ARM does: the provider
 * namespace, then every resource type on the path (names dropped), then `read` (GET), `write` (PUT, PATCH),
 * `delete` (DELETE) or, for a POST, the operation's own name followed by `action`. The emulator uses it to
 * refuse callers who lack an action and to name that action in its 403 body; tests use it to check that the
 * role definition `permissions` prints covers what `plan` really calls.
 *
 *   GET /subscriptions/{s}/providers/Microsoft.Compute/virtualMachines        → Microsoft.Compute/virtualMachines/read
 *   PUT …/virtualMachines/{vm}/extensions/{name}                               → Microsoft.Compute/virtualMachines/extensions/write
 *   GET /subscriptions                                                          → Microsoft.Resources/subscriptions/read
 */
import { segments } from '../http';

function verb(method: string): string {
  switch (method.toUpperCase()) {
    case 'GET':
    case 'HEAD':
      return 'read';
    case 'DELETE':
      return 'delete';
    default:
      return 'write';
  }
}

export function armAction(method: string, path: string): string {
  const segs = segments(path);
  const providers = segs.map((s) => s.toLowerCase()).lastIndexOf('providers');
  if (providers === -1) {
    // Subscriptions and resource groups themselves belong to Microsoft.Resources.
    const types = segs.filter((_, i) => i % 2 === 0);
    return `Microsoft.Resources/${types.join('/')}/${verb(method)}`;
  }
  const namespace = segs[providers + 1] ?? '';
  const rest = segs.slice(providers + 2);
  const types = rest.filter((_, i) => i % 2 === 0);
  if (method.toUpperCase() === 'POST' && rest.length % 2 === 1 && rest.length > 1) {
    // POST …/{type}/{name}/{operation}: the operation is the last segment.
    return [namespace, ...types.slice(0, -1), rest.at(-1), 'action'].join('/');
  }
  return [namespace, ...types, verb(method)].join('/');
}

/** The scope an ARM request acts on: the path up to and including the resource it names. */
export function armScope(path: string): string {
  const segs = segments(path);
  return `/${segs.join('/')}`;
}
