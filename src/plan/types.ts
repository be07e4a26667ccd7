/**
 * The plan model (plan file format version 1, changed only by additions). Action kinds and finding codes are closed sets: new ones may
 * be added, none renamed. Every renderer reads their glyph, colour and wording from `vocabulary.ts`.
 */
import type { Answers } from './answers';

/**
 * A step's id (`vm-selection`, `conditional-access`, …). The registry in `steps/registry.ts` is the one list
 * of steps; the plan only carries the id.
 */
export type StepId = string;

/** What a step id looks like in a plan file. */
export const STEP_ID_PATTERN = /^[a-z][a-z0-9-]*$/;

export const ACTION_KINDS = [
  'enable-system-identity',
  'install-extension',
  'assign-role',
  'create-service-principal',
  'create-ca-policy',
  'update-ca-policy',
  'disable-per-user-mfa',
  'disable-security-defaults',
  // fleet enforcement through Azure Policy (`enforce`)
  'create-policy-definition',
  'assign-policy',
  'assign-policy-role',
  'start-remediation',
  // Added by issue 15: the baseline (and the VM policy) turned on right after security defaults go; removing a
  // stale device whose name blocks the extension's join.
  'enable-ca-policies',
  'remove-stale-device',
  // Added by issue 15 (opt-in, --start-stopped-vms): start a deallocated or stopped VM so its extension can install.
  'start-vm',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const FINDING_CODES = [
  // vm-selection
  'vm-os-unsupported',
  'vm-deallocated',
  'vm-computername-mismatch',
  'arc-machine-disconnected',
  'arc-entra-unsupported',
  // identity-extension
  'extension-failed',
  'vm-hostname-duplicate-device',
  'network-endpoint-blocked',
  // role-assignment
  'role-missing',
  'owner-without-login-role',
  'role-scope-management-group',
  'role-assignment-limit',
  'principal-guest-unsupported',
  'principal-guest-bastion',
  'bastion-sku-too-low',
  'bastion-reader-missing',
  'bastion-missing',
  // service-principal
  'service-principal-missing',
  // conditional-access
  'ca-none-targets-vm-signin',
  'ca-report-only',
  'ca-disabled',
  'ca-user-not-included',
  'ca-equivalent-policy-exists',
  'security-defaults-enabled',
  'per-user-mfa-enabled',
  'license-p1-missing',
  // client-readiness
  'no-strong-auth-method',
  'client-not-joined',
  'client-os-too-old',
  'whfb-key-trust',
  // any step: a contextual fact that could not be read (its own `step` says which step wanted it)
  'read-failed',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
/** `error`: sign-in will fail or MFA will not be enforced; `warning`: risky or likely to fail; `info`. */
export type Severity = (typeof SEVERITIES)[number];

import type { CloudName } from '../core/cloud-profiles';

export { CLOUD_NAMES, type CloudName } from '../core/cloud-profiles';

export { CONNECTION_METHODS, type ConnectionMethod } from './answers';

/** One change the plan will make. `params` carries exactly what the step's apply handler needs. */
export interface Action {
  id: string;
  kind: ActionKind;
  step: StepId;
  /**
   * The ARM resource id or Graph object path (`graph:/…`) the action writes; for resources in the plan's
   * fingerprint it equals the fingerprint key (src/plan/fingerprint.ts), which a resumed apply relies on.
   */
  target: string;
  summary: string;
  reason: string;
  dependsOn: string[];
  /** The role or Graph permission the signed-in admin needs for this write. */
  requires: string;
  /** The equivalent `az` or Graph command an admin could run by hand. */
  command: string;
  params: Record<string, unknown>;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  step: StepId;
  target: string;
  message: string;
  remediation: string;
  /** Ids of the actions in this plan that resolve the finding; empty when the admin must act elsewhere. */
  fixedBy: string[];
}

export interface Plan {
  version: 1;
  tool: 'entra-vm-login';
  createdAt: string;
  cloud: CloudName;
  tenantId: string;
  answers: Answers;
  /** resource id → etag or content hash at planning time; apply refuses to write when these moved. */
  fingerprint: Record<string, string>;
  actions: Action[];
  findings: Finding[];
  digest: string;
  /**
   * Optional (`plan --sign`): `ed25519:<key id>:<base64 signature>` over the digest, made with the local plan
   * signing key. Added after version 1 was fixed; plans without it are read as before.
   */
  signature?: string;
}

/**
 * What a step's planner returns before the planner numbers actions `a1…`: `key` is deterministic
 * (e.g. `install-extension:/subscriptions/…/vm1`) so that the same snapshot always yields the same plan,
 * and `dependsOn` names other drafts' keys.
 */
export interface ActionDraft extends Omit<Action, 'id' | 'dependsOn'> {
  key: string;
  dependsOn: string[];
}

/** A finding before numbering: `fixedBy` names action draft keys. */
export interface FindingDraft extends Omit<Finding, 'fixedBy'> {
  fixedBy: string[];
}
