/** Golden frames of every screen at 80 and 120 columns (UPDATE_GOLDEN=1 rewrites them). */
import type { ReactElement } from 'react';
import { afterEach, describe, it } from 'vitest';
import {
  ApplyScreen,
  ClientReadiness,
  ConditionalAccess,
  Confirm,
  Connect,
  Doctor,
  ErrorScreen,
  IdentityExtension,
  PlanReview,
  Roles,
  ServicePrincipal,
  Summary,
  VmSelection,
  Working,
} from '../../screens';
import {
  ANSWERS,
  CONNECT_INFO,
  FINDINGS,
  FIXED_NOW,
  INVENTORY,
  noop,
  PLAN,
  PROGRESS,
  SNAPSHOT,
  stepCallbacks,
  VERIFICATION,
} from './fixtures';
import { cleanup, expectGolden, renderScreen } from './render';

afterEach(cleanup);

const selectedVms = SNAPSHOT.vms;
const failure = {
  actionId: 'a3',
  message: 'The extension on vm-app-01 reports a timeout',
  hint: 'Retry, or skip it and fix the VM later.',
};

const SCREENS: [string, string, ReactElement][] = [
  [
    'connect',
    'Reading VMs',
    <Connect
      key="c"
      phase="discovering"
      connection={CONNECT_INFO}
      progress={['Subscriptions read: 2', 'VMs listed: 5']}
      onQuit={noop}
    />,
  ],
  [
    'vm-selection',
    'VM selection',
    <VmSelection
      key="v"
      {...stepCallbacks}
      connection={CONNECT_INFO}
      answers={ANSWERS}
      findings={FINDINGS['vm-selection'] ?? []}
      vms={INVENTORY.vms}
    />,
  ],
  [
    'identity-extension',
    'Identity and extension',
    <IdentityExtension
      key="i"
      {...stepCallbacks}
      connection={CONNECT_INFO}
      answers={ANSWERS}
      findings={FINDINGS['identity-extension'] ?? []}
      vms={selectedVms}
    />,
  ],
  [
    'roles',
    'Role assignment',
    <Roles
      key="r"
      {...stepCallbacks}
      connection={CONNECT_INFO}
      answers={ANSWERS}
      findings={FINDINGS['role-assignment'] ?? []}
      bastions={[{ id: 'b1', name: 'bastion-hub', sku: 'Standard', enableTunneling: true, vnetId: 'vnet1' }]}
      onLookup={async () => []}
    />,
  ],
  [
    'service-principal',
    'Service principals',
    <ServicePrincipal
      key="s"
      {...stepCallbacks}
      connection={CONNECT_INFO}
      answers={ANSWERS}
      findings={FINDINGS['service-principal'] ?? []}
      servicePrincipals={SNAPSHOT.servicePrincipals}
    />,
  ],
  [
    'conditional-access',
    'Conditional Access',
    <ConditionalAccess
      key="ca"
      {...stepCallbacks}
      connection={CONNECT_INFO}
      answers={{ ...ANSWERS, caState: 'on' }}
      findings={FINDINGS['conditional-access'] ?? []}
      policies={SNAPSHOT.caPolicies}
      securityDefaultsEnabled
      licenceP1
      osTypes={['Windows']}
    />,
  ],
  [
    'client-readiness',
    'Client readiness',
    <ClientReadiness
      key="cr"
      {...stepCallbacks}
      connection={CONNECT_INFO}
      answers={ANSWERS}
      findings={FINDINGS['client-readiness'] ?? []}
      principals={SNAPSHOT.principals}
      authMethods={{
        'aaaaaaaa-0000-4000-8000-000000000001': {
          windowsHelloForBusiness: 1,
          fido2: 0,
          microsoftAuthenticator: 1,
          methodsRegistered: [],
        },
      }}
    />,
  ],
  [
    'planning',
    'Planning',
    <Working
      key="w"
      title="Planning"
      doing="Reading the selected VMs and planning…"
      connection={CONNECT_INFO}
      progress={['VMs listed: 3', 'Role assignments read']}
      onQuit={noop}
    />,
  ],
  [
    'plan-review',
    'Plan:',
    <PlanReview
      key="p"
      connection={CONNECT_INFO}
      plan={PLAN}
      saving={false}
      onApply={noop}
      onSave={noop}
      onCancel={noop}
      onBack={noop}
      onQuit={noop}
    />,
  ],
  [
    'confirm',
    'Confirm',
    <Confirm key="cf" connection={CONNECT_INFO} plan={PLAN} onConfirm={noop} onCancel={noop} onQuit={noop} />,
  ],
  [
    'apply',
    'Applying',
    <ApplyScreen
      key="a"
      connection={CONNECT_INFO}
      plan={PLAN}
      actions={PROGRESS}
      pendingFailure={failure}
      now={FIXED_NOW}
      onDecide={noop}
      onQuit={noop}
    />,
  ],
  [
    'summary',
    'Summary',
    <Summary
      key="su"
      connection={CONNECT_INFO}
      reason="completed"
      plan={PLAN}
      result={{
        outcome: 'completed',
        succeeded: PLAN.actions.map((a) => a.id).slice(1),
        alreadyDone: ['a1'],
        skipped: [],
        failed: [],
      }}
      verification={VERIFICATION}
      onExit={noop}
    />,
  ],
  [
    'doctor',
    'Doctor',
    <Doctor
      key="d"
      user="bob@contoso.example"
      vm="vm-web-01"
      outcomes={VERIFICATION.outcomes.filter((o) => o.user === 'bob@contoso.example')}
      findings={FINDINGS['conditional-access'] ?? []}
      remediation={PLAN}
      onQuit={noop}
    />,
  ],
  [
    'error',
    'went wrong',
    <ErrorScreen
      key="e"
      connection={CONNECT_INFO}
      error={{
        message: 'Reading role assignments fails: the account lacks Microsoft.Authorization/roleAssignments/read.',
        hint: 'Ask for Reader on the subscription, then retry.',
      }}
      onRetry={noop}
      onQuit={noop}
    />,
  ],
];

describe('golden frames', () => {
  for (const [name, marker, element] of SCREENS) {
    for (const columns of [80, 120]) {
      it(`${name} at ${columns} columns`, async () => {
        const r = renderScreen(element, { columns });
        expectGolden(`${name}.${columns}`, await r.waitForText(marker));
      });
    }
  }
});
