/**
 * `permissions [--json]`: what the tool needs, without signing in. A read-only `plan` or `doctor` needs the
 * printed custom role (save the JSON's `readOnly.roleDefinition` and create it with
 * `az role definition create --role-definition @role.json`) and the Graph read permissions; `apply` needs, per
 * action kind, the roles and permissions listed. The same table words every 403 and `read-failed` finding.
 */
import {
  actionNeeds,
  optionalReadNeeds,
  PERMISSIONS,
  type RoleDefinition,
  readOnlyNeeds,
  readOnlyRoleDefinition,
} from '../azure/permissions';
import { ACTION_KINDS, type ActionKind } from '../plan/types';
import type { CliIO, GlobalOptions } from '../workflows/io';

export interface PermissionsOptions extends GlobalOptions {
  json?: boolean;
}

export interface PermissionsReport {
  readOnly: {
    roleDefinition: RoleDefinition;
    graphScopes: string[];
    licences: { permission: string; licence: string }[];
    /** Reads the tool does without when refused (sign-in logs, What-If): what each adds. */
    optional: { graphScopes: string[]; adds: string; licence?: string }[];
  };
  apply: Record<ActionKind, { roles: string; rbacActions: string[]; graphScopes: string[] }>;
}

export function permissionsReport(subscriptionIds: readonly string[]): PermissionsReport {
  const licences = Object.values(PERMISSIONS)
    .filter((p) => p.read && p.licence && !p.optional)
    .flatMap((p) => (p.graphScopes ?? []).map((permission) => ({ permission, licence: p.licence! })));
  return {
    readOnly: {
      roleDefinition: readOnlyRoleDefinition(subscriptionIds),
      graphScopes: readOnlyNeeds().graphScopes,
      licences,
      optional: optionalReadNeeds(),
    },
    apply: Object.fromEntries(ACTION_KINDS.map((k) => [k, actionNeeds(k)])) as PermissionsReport['apply'],
  };
}

function renderText(report: PermissionsReport): string {
  const lines: string[] = [];
  const role = report.readOnly.roleDefinition;
  lines.push('What a read-only plan and doctor need', '');
  lines.push(
    `Azure RBAC (Reader includes all of these; or create the custom role "${role.Name}" from 'entra-vm-login permissions --json'):`,
  );
  for (const a of role.Actions) lines.push(`  ${a}`);
  lines.push('', 'Microsoft Graph delegated permissions:');
  for (const s of report.readOnly.graphScopes) {
    const licence = report.readOnly.licences.find((l) => l.permission === s);
    lines.push(`  ${s}${licence ? ` (answers only with ${licence.licence})` : ''}`);
  }
  lines.push('', 'Optional: without these the tool says what it could not read and still predicts:');
  for (const o of report.readOnly.optional) {
    lines.push(`  ${o.graphScopes.join(' and ')}${o.licence ? ` (with ${o.licence})` : ''}: ${o.adds}`);
  }
  lines.push('', 'What apply needs, per change', '');
  const width = Math.max(...Object.keys(report.apply).map((k) => k.length));
  for (const [kind, needs] of Object.entries(report.apply)) {
    lines.push(`  ${kind.padEnd(width)}  ${needs.roles}`);
    const detail = [...needs.rbacActions, ...needs.graphScopes];
    if (detail.length) lines.push(`  ${''.padEnd(width)}  ${detail.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runPermissionsCommand(opts: PermissionsOptions, io: CliIO): Promise<number> {
  const report = permissionsReport(opts.subscription);
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (opts.subscription.length === 0) {
      io.stderr.write(
        "Replace {subscription-id} in AssignableScopes, or pass --subscription <id>, before 'az role definition create'.\n",
      );
    }
  } else {
    io.stdout.write(renderText(report));
  }
  return 0;
}
