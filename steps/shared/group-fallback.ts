/**
 * What the reads that fall back to resource groups share (VM selection, network facts, role assignments): which
 * failure calls for the fallback, and the groups to read, each once. Someone whose roles are all on resource
 * groups is refused any listing made at the subscription itself, since Azure RBAC grants flow down a scope.
 */
import { UserError } from '../../src/errors';

/** Azure refused the read (403): the caller lacks the role at that scope, perhaps not below it. */
export const isRefusal = (e: unknown): boolean => e instanceof UserError && e.code === 'forbidden';

/** Each resource group once, whatever its casing (ARM's is not stable), in the first spelling given. */
export function distinctGroups(groups: Iterable<string | undefined>): string[] {
  const byKey = new Map<string, string>();
  for (const rg of groups) {
    if (rg && !byKey.has(rg.toLowerCase())) byKey.set(rg.toLowerCase(), rg);
  }
  return [...byKey.values()];
}
