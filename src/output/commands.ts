/**
 * Equivalent commands an admin can run by hand: the inverse of each action kind, for the "How to roll back"
 * section of the change review. Values come from the action's `params` (names the steps use) or its target;
 * what only exists after apply (a new policy's id) is shown as a `<placeholder>` with a note.
 */
import { parseResourceId } from '../plan/ids';
import type { Action, CloudName } from '../plan/types';
import { shellQuote } from '../plan/untrusted';

const GRAPH: Record<CloudName, string> = {
  AzureCloud: 'https://graph.microsoft.com',
  AzureUSGovernment: 'https://graph.microsoft.us',
  AzureChinaCloud: 'https://microsoftgraph.chinacloudapi.cn',
};

export function graphBase(cloud: CloudName): string {
  return GRAPH[cloud];
}

export { shellQuote } from '../plan/untrusted';

/** The first string found at any of `paths` (dotted) in `params`. */
function pick(params: Record<string, unknown>, ...paths: string[]): string | undefined {
  for (const path of paths) {
    let v: unknown = params;
    for (const part of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

function pickObject(params: Record<string, unknown>, ...paths: string[]): Record<string, unknown> | undefined {
  for (const path of paths) {
    let v: unknown = params;
    for (const part of path.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  }
  return undefined;
}

/** The last segment of a `graph:/…/<id>` target, when the target is under `collection`. */
function graphId(target: string, collection: string): string | undefined {
  const m = new RegExp(`^graph:/${collection}/([^/?#]+)`, 'i').exec(target);
  return m?.[1];
}

export interface Rollback {
  command: string;
  /** What to check or fill in before running it. */
  note?: string;
  /** The bodies a reviewer compares: what the policy was before apply and what the change writes. */
  bodies?: { label: string; json: unknown }[];
}

/** The JSON body a Graph write sends, and the file name its equivalent command reads it from (`--body @file`). */
export interface RequestBody {
  file?: string;
  json: unknown;
}

/**
 * The exact request body of a Graph write, from the action's parameters (the same values apply sends), or
 * undefined for a write without one (a DELETE, an ARM call).
 */
export function requestBody(action: Action): RequestBody | undefined {
  const p = action.params;
  const file = /--body @([^\s'"]+)/.exec(action.command)?.[1];
  const body = (json: unknown): RequestBody => (file ? { file, json } : { json });
  switch (action.kind) {
    case 'create-ca-policy':
      return pickObject(p, 'body') ? body(pickObject(p, 'body')) : undefined;
    case 'update-ca-policy':
      return pickObject(p, 'patch') ? body(pickObject(p, 'patch')) : undefined;
    case 'disable-security-defaults':
      return body(pickObject(p, 'body') ?? { isEnabled: false });
    case 'disable-per-user-mfa':
      return body(pickObject(p, 'body') ?? { perUserMfaState: 'disabled' });
    case 'enable-ca-policies':
      return body({ state: 'enabled' });
    case 'create-service-principal': {
      const appId = pick(p, 'appId');
      return appId ? body({ appId }) : undefined;
    }
    default:
      return undefined;
  }
}

export function rollbackFor(action: Action, cloud: CloudName): Rollback {
  const p = action.params;
  const graph = graphBase(cloud);
  switch (action.kind) {
    case 'enable-system-identity':
      return {
        command: `az vm identity remove --ids ${shellQuote(pick(p, 'vmId') ?? action.target)} --identities '[system]'`,
        note: 'User-assigned identities stay. Do this only after removing the login extension.',
      };
    case 'install-extension': {
      const vmId = pick(p, 'vmId') ?? action.target.replace(/\/extensions\/[^/]+$/i, '');
      const fromTarget = /\/extensions\/([^/]+)$/i.exec(action.target)?.[1];
      const name = pick(p, 'extensionName', 'name', 'spec.name', 'type', 'spec.type') ?? fromTarget;
      const vm = parseResourceId(vmId);
      const command =
        vm?.resourceGroup && vm.name
          ? `az vm extension delete --resource-group ${shellQuote(vm.resourceGroup)} --vm-name ${shellQuote(vm.name)} --name ${shellQuote(name ?? '<extension name>')}`
          : `az vm extension delete --ids ${shellQuote(`${vmId}/extensions/${name ?? '<extension name>'}`)}`;
      return { command, note: name ? undefined : 'Use the extension name from the command above.' };
    }
    case 'assign-role': {
      const scope = pick(p, 'scope') ?? action.target;
      const name = pick(p, 'name', 'assignmentName', 'roleAssignmentName');
      if (name) {
        return {
          command: `az role assignment delete --ids ${shellQuote(`${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`)}`,
        };
      }
      const role = pick(p, 'roleDefinitionGuid', 'roleDefinitionId', 'roleId', 'role') ?? '<role>';
      const principal = pick(p, 'principalId', 'assignee') ?? '<principal object id>';
      return {
        command: `az role assignment delete --assignee ${shellQuote(principal)} --role ${shellQuote(role)} --scope ${shellQuote(scope)}`,
      };
    }
    case 'create-service-principal': {
      const appId = pick(p, 'appId') ?? '<app id>';
      return {
        command: `az ad sp delete --id ${shellQuote(appId)}`,
        note: 'Conditional Access policies that target this app stop applying to it.',
      };
    }
    case 'create-ca-policy': {
      const name = pick(p, 'displayName', 'body.displayName', 'policy.displayName');
      return {
        command: `az rest --method DELETE --url ${graph}/v1.0/identity/conditionalAccess/policies/<policy id>`,
        note: `Use the id apply reports for the new policy${name ? ` “${name}”` : ''}.`,
      };
    }
    case 'update-ca-policy': {
      const id =
        pick(p, 'policyId', 'id') ?? graphId(action.target, 'identity/conditionalAccess/policies') ?? '<policy id>';
      const before = pickObject(p, 'before', 'previous');
      const patch = pickObject(p, 'patch');
      return {
        command: `az rest --method PATCH --url ${graph}/v1.0/identity/conditionalAccess/policies/${id} --body ${shellQuote(JSON.stringify(before ?? { '<property>': '<value before apply>' }))}`,
        note: before ? undefined : 'Put back the values the policy had before apply (see the plan’s reason).',
        ...(before && patch
          ? {
              bodies: [
                { label: 'Before apply, as read when planning (the body of the command above)', json: before },
                { label: 'After apply (what the change writes)', json: patch },
              ],
            }
          : {}),
      };
    }
    case 'disable-per-user-mfa': {
      const user = pick(p, 'userId', 'id') ?? graphId(action.target, 'users') ?? '<user id>';
      const before = pick(p, 'previousState', 'before', 'from') ?? 'enabled';
      return {
        command: `az rest --method PATCH --url ${graph}/beta/users/${user}/authentication/requirements --body ${shellQuote(JSON.stringify({ perUserMfaState: before }))}`,
        note: 'Per-user MFA breaks Entra sign-in to VMs again once restored.',
      };
    }
    case 'disable-security-defaults':
      return {
        command: `az rest --method PATCH --url ${graph}/v1.0/policies/identitySecurityDefaultsEnforcementPolicy --body '{"isEnabled":true}'`,
        note: 'Security defaults and Conditional Access do not work together: turn off the policies this plan created first.',
      };
    case 'create-policy-definition': {
      const id = pick(p, 'definitionId') ?? action.target;
      const name = pick(p, 'name') ?? id.split('/').pop() ?? '<definition name>';
      const mg = /\/managementGroups\/([^/]+)\//i.exec(id)?.[1];
      const sub = parseResourceId(id)?.subscriptionId;
      const at = mg ? `--management-group ${shellQuote(mg)}` : sub ? `--subscription ${shellQuote(sub)}` : '';
      return {
        command: `az policy definition delete --name ${shellQuote(name)} ${at}`.trim(),
        note: 'Delete the assignments of this definition first: Azure refuses to delete a definition that is assigned.',
      };
    }
    case 'assign-policy': {
      const id = pick(p, 'assignmentId') ?? action.target;
      return {
        command: `az policy assignment delete --name ${shellQuote(pick(p, 'name') ?? id.split('/').pop() ?? '<name>')} --scope ${shellQuote(pick(p, 'scope') ?? id.replace(/\/providers\/Microsoft\.Authorization\/policyAssignments\/[^/]+$/i, ''))}`,
        note: 'VMs already changed keep their identity and extension; deleting the assignment also deletes its managed identity.',
      };
    }
    case 'assign-policy-role': {
      const scope = pick(p, 'scope') ?? action.target;
      const name = pick(p, 'name') ?? '<role assignment name>';
      return {
        command: `az role assignment delete --ids ${shellQuote(`${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`)}`,
      };
    }
    case 'start-remediation': {
      const name = pick(p, 'name') ?? action.target.split('/').pop() ?? '<name>';
      const scope = pick(p, 'scope') ?? '';
      const mg = /\/managementGroups\/([^/]+)$/i.exec(scope)?.[1];
      const at = parseResourceId(scope);
      const where = mg
        ? `--management-group ${shellQuote(mg)}`
        : `--subscription ${shellQuote(at?.subscriptionId ?? '<subscription>')}${at?.resourceGroup ? ` --resource-group ${shellQuote(at.resourceGroup)}` : ''}`;
      return {
        command: `az policy remediation cancel --name ${shellQuote(name)} ${where}`,
        note: 'A finished remediation cannot be undone as one: its deployments installed the extension or added the identity on each VM; undo those per VM (az vm extension delete, az vm identity remove).',
      };
    }
    case 'remove-stale-device':
      return {
        command: `az rest --method POST --url ${graph}/v1.0/directory/deletedItems/${String(pick(p, 'deviceObjectId') ?? '<device object id>')}/restore`,
        note: 'A deleted device can be restored from deleted items for 30 days; it blocks the VM’s join again.',
      };
    case 'start-vm': {
      const vm = parseResourceId(pick(p, 'vmId') ?? action.target);
      return {
        command:
          vm?.resourceGroup && vm.name
            ? `az vm deallocate --resource-group ${shellQuote(vm.resourceGroup)} --name ${shellQuote(vm.name)}`
            : `az vm deallocate --ids ${shellQuote(action.target)}`,
        note: 'Deallocating stops the compute billing again; the identity and extension set up meanwhile stay.',
      };
    }
    case 'enable-ca-policies':
      return {
        command: `az rest --method PATCH --url ${graph}/v1.0/identity/conditionalAccess/policies/<id> --body '{"state":"disabled"}'  # for each policy`,
        note: 'Only with security defaults back on (or other policies on): otherwise nothing requires MFA.',
      };
  }
}
