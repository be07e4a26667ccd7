/**
 * Step 5, Conditional Access: policies aimed at the VM sign-in apps, with MFA or an authentication strength,
 * break-glass exclusions and report-only first; security defaults and legacy per-user MFA that get in the way.
 */
import type { StepModule } from '../shared/contract';
import {
  caVerifiers,
  createCaPolicy,
  disablePerUserMfa,
  disableSecurityDefaults,
  enableCaPolicies,
  updateCaPolicy,
} from './apply';
import { discover, prefetch } from './discover';
import {
  createCaPolicyKind,
  disablePerUserMfaKind,
  disableSecurityDefaultsKind,
  enableCaPoliciesKind,
  updateCaPolicyKind,
} from './params';
import { assess, blocker, type ConditionalAccessFacts, facts, plan } from './rules';
import { view } from './view';

export const conditionalAccessStep: StepModule<ConditionalAccessFacts> = {
  id: 'conditional-access',
  title: 'Conditional Access',
  discoveryPhase: 2,
  prefetch,
  actionKinds: [
    'create-ca-policy',
    'update-ca-policy',
    'disable-per-user-mfa',
    'disable-security-defaults',
    'enable-ca-policies',
  ],
  actionContracts: {
    'create-ca-policy': createCaPolicyKind,
    'update-ca-policy': updateCaPolicyKind,
    'disable-per-user-mfa': disablePerUserMfaKind,
    'disable-security-defaults': disableSecurityDefaultsKind,
    'enable-ca-policies': enableCaPoliciesKind,
  },
  findingCodes: [
    'ca-none-targets-vm-signin',
    'ca-report-only',
    'ca-disabled',
    'ca-user-not-included',
    'ca-equivalent-policy-exists',
    'security-defaults-enabled',
    'per-user-mfa-enabled',
    'license-p1-missing',
  ],
  reads: [
    'ca',
    'caState',
    'exclude',
    'breakGlassOk',
    'caPolicyId',
    'disablePerUserMfa',
    'disableSecurityDefaults',
    'baselineUserMfa',
    'withoutBaselineOk',
    'admins',
    'users',
    'connections',
  ],
  discover,
  facts,
  assess,
  plan,
  blocker,
  view,
  handlers: {
    'create-ca-policy': createCaPolicy,
    'update-ca-policy': updateCaPolicy,
    'disable-per-user-mfa': disablePerUserMfa,
    'disable-security-defaults': disableSecurityDefaults,
    'enable-ca-policies': enableCaPolicies,
  },
  verifiers: caVerifiers,
};

export default conditionalAccessStep;
