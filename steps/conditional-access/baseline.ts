/**
 * The Conditional Access baseline that replaces security defaults, so that turning them off never leaves the
 * tenant without MFA: MFA for the administrator roles security defaults protects, blocking legacy
 * authentication, MFA for Azure management, protection of MFA registration, and (as the admin chooses) MFA for
 * every user. Each excludes the break-glass accounts and carries the tool's name prefix, so later runs know it
 * as the tool's own. Pure.
 *
 * Graph refuses a policy in state `enabled` while security defaults are on, and report-only is not available
 * for policies on a user action, so the baseline is created off and turned on right after security defaults go
 * (docs/reference/security-defaults.md).
 */
import {
  AZURE_MANAGEMENT_APP_ID,
  REGISTER_SECURITY_INFO_ACTION,
  SECURITY_DEFAULTS_ADMIN_ROLE_IDS,
  TOOL_CA_BASELINE_PREFIX,
} from '../../src/core/well-known-ids';
import type { Answers } from '../../src/plan/answers';
import type { CaPolicyFacts, PrincipalFacts, Snapshot } from '../../src/plan/snapshot';
import { excludedPrincipals } from '../shared/sign-in-subjects';
import type { CaPolicyBody } from './coverage';

export const BASELINE_PREFIX = TOOL_CA_BASELINE_PREFIX;

export type BaselineId = 'admin-roles' | 'legacy-auth' | 'azure-management' | 'registration' | 'all-users';

export interface BaselinePolicy {
  id: BaselineId;
  /** What it replaces of security defaults, for the plan's reason. */
  replaces: string;
  body: CaPolicyBody;
}

/** The display names of the tool's baseline policies, by id. */
export const BASELINE_NAMES: Record<BaselineId, string> = {
  'admin-roles': `${BASELINE_PREFIX}require MFA for administrator roles`,
  'legacy-auth': `${BASELINE_PREFIX}block legacy authentication`,
  'azure-management': `${BASELINE_PREFIX}require MFA for Azure management`,
  registration: `${BASELINE_PREFIX}protect MFA registration`,
  'all-users': `${BASELINE_PREFIX}require MFA for all users`,
};

export const isBaselinePolicy = (p: { displayName: string }): boolean => p.displayName.startsWith(BASELINE_PREFIX);

const ids = (ps: PrincipalFacts[], kind: PrincipalFacts['kind']) => ps.filter((p) => p.kind === kind).map((p) => p.id);

/** The baseline for these answers: the fifth policy only when the admin keeps MFA for all users. */
export function baselinePolicies(snapshot: Snapshot, answers: Answers): BaselinePolicy[] {
  const excluded = excludedPrincipals(snapshot, answers);
  const exclude = { excludeUsers: ids(excluded, 'user'), excludeGroups: ids(excluded, 'group') };
  const everyone = { includeUsers: ['All'], includeGroups: [], ...exclude };
  const mfa = { operator: 'OR' as const, builtInControls: ['mfa'] };
  const policy = (
    id: BaselineId,
    replaces: string,
    conditions: CaPolicyBody['conditions'],
    grantControls: CaPolicyBody['grantControls'],
  ): BaselinePolicy => ({
    id,
    replaces,
    body: { displayName: BASELINE_NAMES[id], state: 'disabled', conditions, grantControls },
  });
  const all: BaselinePolicy[] = [
    policy(
      'admin-roles',
      'MFA for the 14 administrator roles',
      {
        users: { includeUsers: [], includeGroups: [], includeRoles: [...SECURITY_DEFAULTS_ADMIN_ROLE_IDS], ...exclude },
        applications: { includeApplications: ['All'] },
        clientAppTypes: ['all'],
      },
      mfa,
    ),
    policy(
      'legacy-auth',
      'blocking legacy authentication (Exchange ActiveSync and other legacy clients)',
      {
        users: everyone,
        applications: { includeApplications: ['All'] },
        clientAppTypes: ['exchangeActiveSync', 'other'],
      },
      { operator: 'OR', builtInControls: ['block'] },
    ),
    policy(
      'azure-management',
      'MFA for the Azure portal, Azure CLI and Azure PowerShell',
      { users: everyone, applications: { includeApplications: [AZURE_MANAGEMENT_APP_ID] }, clientAppTypes: ['all'] },
      mfa,
    ),
    policy(
      'registration',
      'MFA before registering security information',
      {
        users: everyone,
        applications: { includeApplications: [], includeUserActions: [REGISTER_SECURITY_INFO_ACTION] },
        clientAppTypes: ['all'],
      },
      mfa,
    ),
  ];
  if (answers.baselineUserMfa === 'all') {
    all.push(
      policy(
        'all-users',
        'MFA for every user (security defaults prompts when Microsoft decides)',
        { users: everyone, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
        mfa,
      ),
    );
  }
  return all;
}

/** The tool's baseline policies already in the tenant that are not on. */
export const baselineNotOn = (policies: readonly CaPolicyFacts[]): CaPolicyFacts[] =>
  policies.filter((p) => isBaselinePolicy(p) && p.state !== 'enabled');
