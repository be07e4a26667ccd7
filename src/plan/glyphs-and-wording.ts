/**
 * The one table every renderer uses for action kinds and finding codes: text, Markdown, JSON
 * and the Ink screens read glyphs, colours and wording from here and never invent their own.
 */
import type { ActionKind, FindingCode, Severity, StepId } from './types';

export type Colour = 'green' | 'yellow' | 'red' | 'cyan' | 'magenta' | 'gray';

export interface ActionKindInfo {
  glyph: string;
  colour: Colour;
  /** Counted as "to create" or "to change" in the summary line. */
  verb: 'create' | 'change';
  /** Progress wording: "noun + past participle" once done: noun and past participle, or present tense with a next step. */
  doneText: string;
  description: string;
}

export const ACTION_KIND_INFO: Record<ActionKind, ActionKindInfo> = {
  'enable-system-identity': {
    glyph: '~',
    colour: 'yellow',
    verb: 'change',
    doneText: 'System-assigned identity enabled',
    description: 'Turn on the VM’s system-assigned managed identity (user-assigned identities are kept).',
  },
  'install-extension': {
    glyph: '+',
    colour: 'green',
    verb: 'create',
    doneText: 'Extension installed',
    description: 'Install AADLoginForWindows or AADSSHLoginForLinux and wait for it to finish.',
  },
  'assign-role': {
    glyph: '+',
    colour: 'green',
    verb: 'create',
    doneText: 'Role assigned',
    description: 'Assign a VM login role (or a Reader role Azure Bastion needs) at a scope.',
  },
  'create-service-principal': {
    glyph: '+',
    colour: 'green',
    verb: 'create',
    doneText: 'Service principal created',
    description: 'Create the VM Sign-In app’s service principal so Conditional Access can target it.',
  },
  'create-ca-policy': {
    glyph: '+',
    colour: 'green',
    verb: 'create',
    doneText: 'Conditional Access policy created',
    description: 'Create a Conditional Access policy that requires MFA or an authentication strength.',
  },
  'update-ca-policy': {
    glyph: '~',
    colour: 'yellow',
    verb: 'change',
    doneText: 'Conditional Access policy updated',
    description: 'Change an existing Conditional Access policy’s targets, grant or state.',
  },
  'disable-per-user-mfa': {
    glyph: '~',
    colour: 'yellow',
    verb: 'change',
    doneText: 'Per-user MFA disabled',
    description: 'Set legacy per-user MFA to disabled so Conditional Access decides (it breaks VM sign-in).',
  },
  'disable-security-defaults': {
    glyph: '!',
    colour: 'red',
    verb: 'change',
    doneText: 'Security defaults disabled',
    description: 'Turn off security defaults tenant-wide so Conditional Access policies take effect.',
  },
  'create-policy-definition': {
    glyph: '+',
    colour: 'green',
    verb: 'create',
    doneText: 'Policy definition saved',
    description: 'Save the custom Azure Policy definition that deploys (or audits) the Entra login extension.',
  },
  'assign-policy': {
    glyph: '+',
    colour: 'green',
    verb: 'create',
    doneText: 'Policy assigned',
    description:
      'Assign a policy at a management group, subscription or resource group, with a managed identity where it acts.',
  },
  'assign-policy-role': {
    glyph: '+',
    colour: 'green',
    verb: 'create',
    doneText: 'Role assigned to the policy identity',
    description: 'Give a policy assignment’s managed identity the role its definition deploys with.',
  },
  'start-remediation': {
    glyph: '~',
    colour: 'yellow',
    verb: 'change',
    doneText: 'Remediation finished',
    description: 'Run a remediation task that brings the existing VMs into line with a policy, and wait for it.',
  },
  'enable-ca-policies': {
    glyph: '~',
    colour: 'yellow',
    verb: 'change',
    doneText: 'Conditional Access policies turned on',
    description:
      'Turn on the policies created off while security defaults were on, together, right after security defaults go.',
  },
  'remove-stale-device': {
    glyph: '-',
    colour: 'red',
    verb: 'change',
    doneText: 'Stale device removed',
    description:
      'Delete the Entra device that holds the VM’s host name but is not the VM’s own join, so the extension can join.',
  },
  'start-vm': {
    glyph: '~',
    colour: 'yellow',
    verb: 'change',
    doneText: 'VM started',
    description:
      'Start a deallocated or stopped VM (opt-in: it bills compute from then on) so that its identity and extension can be set up.',
  },
};

export interface FindingCodeInfo {
  severity: Severity;
  step: StepId;
  title: string;
}

export const FINDING_CODE_INFO: Record<FindingCode, FindingCodeInfo> = {
  'vm-os-unsupported': { severity: 'error', step: 'vm-selection', title: 'OS does not support Entra sign-in' },
  'vm-deallocated': { severity: 'warning', step: 'vm-selection', title: 'VM is not running' },
  'vm-computername-mismatch': {
    severity: 'warning',
    step: 'vm-selection',
    title: 'Computer name differs from the VM name or exceeds 15 characters',
  },
  'arc-machine-disconnected': {
    severity: 'warning',
    step: 'vm-selection',
    title: 'Azure Arc machine is not connected',
  },
  'arc-entra-unsupported': {
    severity: 'error',
    step: 'vm-selection',
    title: 'Entra sign-in is not offered for Windows Azure Arc machines',
  },
  'extension-failed': { severity: 'error', step: 'identity-extension', title: 'Entra login extension failed' },
  'vm-hostname-duplicate-device': {
    severity: 'error',
    step: 'identity-extension',
    title: 'A device with the VM’s hostname already exists',
  },
  'network-endpoint-blocked': {
    severity: 'warning',
    step: 'identity-extension',
    title: 'NSG may block the Entra endpoints',
  },
  'role-missing': { severity: 'error', step: 'role-assignment', title: 'No VM login role' },
  'owner-without-login-role': {
    severity: 'info',
    step: 'role-assignment',
    title: 'Owner or Contributor does not grant sign-in',
  },
  'role-scope-management-group': {
    severity: 'error',
    step: 'role-assignment',
    title: 'Login roles cannot be assigned at a management group',
  },
  'role-assignment-limit': {
    severity: 'error',
    step: 'role-assignment',
    title: 'Too many role assignments for one subscription',
  },
  'principal-guest-unsupported': {
    severity: 'error',
    step: 'role-assignment',
    title: 'Guest accounts cannot sign in to VMs with Entra ID',
  },
  'principal-guest-bastion': {
    severity: 'error',
    step: 'role-assignment',
    title: 'Guests cannot use Bastion Entra sign-in',
  },
  'bastion-sku-too-low': { severity: 'error', step: 'role-assignment', title: 'Bastion SKU too low' },
  'bastion-missing': {
    severity: 'error',
    step: 'role-assignment',
    title: 'No Azure Bastion reaches the VM',
  },
  'bastion-reader-missing': {
    severity: 'error',
    step: 'role-assignment',
    title: 'Reader roles for Bastion missing',
  },
  'service-principal-missing': {
    severity: 'error',
    step: 'service-principal',
    title: 'VM Sign-In service principal missing',
  },
  'ca-none-targets-vm-signin': {
    severity: 'error',
    step: 'conditional-access',
    title: 'No Conditional Access policy targets VM sign-in',
  },
  'ca-report-only': { severity: 'error', step: 'conditional-access', title: 'Policy is report-only' },
  'ca-disabled': { severity: 'warning', step: 'conditional-access', title: 'Policy is disabled' },
  'ca-user-not-included': {
    severity: 'error',
    step: 'conditional-access',
    title: 'User not covered by the policy',
  },
  'ca-equivalent-policy-exists': {
    severity: 'info',
    step: 'conditional-access',
    title: 'An equivalent policy already exists',
  },
  'security-defaults-enabled': {
    severity: 'error',
    step: 'conditional-access',
    title: 'Security defaults are on',
  },
  'per-user-mfa-enabled': {
    severity: 'error',
    step: 'conditional-access',
    title: 'Legacy per-user MFA is on',
  },
  'license-p1-missing': {
    severity: 'error',
    step: 'conditional-access',
    title: 'No Entra ID P1 licence',
  },
  'no-strong-auth-method': {
    severity: 'error',
    step: 'client-readiness',
    title: 'No method that satisfies the policy',
  },
  'client-not-joined': {
    severity: 'error',
    step: 'client-readiness',
    title: 'Client PC is not joined or registered to the tenant',
  },
  'client-os-too-old': { severity: 'error', step: 'client-readiness', title: 'Client OS too old' },
  'whfb-key-trust': {
    severity: 'warning',
    step: 'client-readiness',
    title: 'WHfB key or cloud Kerberos trust cannot satisfy RDP MFA',
  },
  // Raised by any step; the finding's own `step` names it. Listed under the first step for a default only.
  'read-failed': { severity: 'warning', step: 'vm-selection', title: 'A fact could not be read' },
};

export const SEVERITY_INFO: Record<Severity, { glyph: string; colour: Colour; label: string }> = {
  error: { glyph: '✖', colour: 'red', label: 'Errors' },
  warning: { glyph: '▲', colour: 'yellow', label: 'Warnings' },
  info: { glyph: 'ℹ', colour: 'cyan', label: 'Notes' },
};

/** Headings for grouping actions and findings by step (plan screen, text and Markdown renderers). */

export const SIGN_IN_OUTCOMES = [
  'mfa-then-success',
  'success-without-mfa',
  'error-account-prevented',
  'error-credentials',
  'error-method-not-allowed',
  'error-hostname-mismatch',
  'error-unreachable',
  'error-device-not-compliant',
  'depends',
] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

/** How a predicted sign-in outcome is shown, in every renderer and screen. */
export const OUTCOME_INFO: Record<SignInOutcome, { glyph: string; colour: Colour; label: string }> = {
  'mfa-then-success': { glyph: '✔', colour: 'green', label: 'MFA prompt, then signed in' },
  'success-without-mfa': { glyph: '▲', colour: 'yellow', label: 'Signed in without MFA' },
  'error-account-prevented': { glyph: '✖', colour: 'red', label: 'Refused: no login role' },
  'error-credentials': { glyph: '✖', colour: 'red', label: 'Refused: credentials did not work' },
  'error-method-not-allowed': { glyph: '✖', colour: 'red', label: 'Refused: sign-in method not allowed' },
  'error-hostname-mismatch': { glyph: '✖', colour: 'red', label: 'Refused: hostname mismatch (AADSTS293004)' },
  'error-unreachable': { glyph: '✖', colour: 'red', label: 'Cannot connect: the VM is not reachable' },
  'error-device-not-compliant': { glyph: '✖', colour: 'red', label: 'Refused: device not in the required state' },
  depends: { glyph: '?', colour: 'yellow', label: 'Depends on facts not known here' },
};
