/**
 * Management group scopes, recognised in one place: the VM login roles cannot be assigned there (they carry
 * dataActions), so a selector or assignment at such a scope is treated apart everywhere.
 */
const MANAGEMENT_GROUP_PREFIX = /^\/providers\/microsoft\.management\/managementgroups\//i;
const MANAGEMENT_GROUP_ID = /^\/providers\/microsoft\.management\/managementgroups\/[^/]+\/?$/i;

/** A management group's own resource id (`/providers/Microsoft.Management/managementGroups/<name>`). */
export const isManagementGroupScope = (value: string): boolean => MANAGEMENT_GROUP_ID.test(value.trim());

/** A scope at or below a management group: an assignment there covers every subscription beneath it. */
export const isUnderManagementGroup = (scope: string): boolean => MANAGEMENT_GROUP_PREFIX.test(scope.trim());

/** Anywhere in a string, e.g. a VM selector typed on the command line. */
export const mentionsManagementGroup = (value: string): boolean =>
  /\/providers\/microsoft\.management\/managementgroups\//i.test(value);
