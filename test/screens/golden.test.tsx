/** Golden frames of every screen at 80 and 120 columns (UPDATE_GOLDEN=1 rewrites them). */
import type { ReactElement } from 'react';
import { afterEach, describe, it } from 'vitest';
import {
  ApplyScreen,
  Confirm,
  Connect,
  Doctor,
  DoctorAsk,
  ErrorScreen,
  PlanReview,
  Summary,
  TaskChoice,
  Working,
} from '../../screens';
import type { Panels } from '../../screens/use-panels';
import { actionDetail, findingDetail, vmDetail } from '../../screens/widgets/details';
import { PanelView } from '../../screens/widgets/PanelView';
import { parseAnswers } from '../../src/plan/answers';
import {
  ANSWERS,
  CONNECT_INFO,
  DOCTOR_RESULT,
  FINDINGS,
  FIXED_NOW,
  INVENTORY,
  noop,
  PLAN,
  PROGRESS,
  SNAPSHOT,
  StepHarness,
  stepView,
  VERIFICATION,
} from './fixtures';
import { cleanup, expectGolden, renderScreen } from './render';

afterEach(cleanup);

const failure = {
  actionId: 'a3',
  message: 'The extension on vm-app-01 reports a timeout',
  hint: 'Retry, or skip it and fix the VM later.',
};

/** Name, the text that says the frame is drawn, the element, and the terminal's rows when not 24 / 40. */
const SCREENS: [string, string, ReactElement, number?][] = [
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
    <StepHarness
      key="v"
      id="vm-selection"
      connection={CONNECT_INFO}
      snapshot={INVENTORY}
      initial={ANSWERS}
      findings={FINDINGS['vm-selection'] ?? []}
    />,
  ],
  [
    'identity-extension',
    'Identity and extension',
    <StepHarness
      key="i"
      id="identity-extension"
      connection={CONNECT_INFO}
      initial={ANSWERS}
      findings={FINDINGS['identity-extension'] ?? []}
    />,
  ],
  [
    'roles',
    'Role assignment',
    <StepHarness
      key="r"
      id="role-assignment"
      connection={CONNECT_INFO}
      snapshot={{
        ...SNAPSHOT,
        bastions: [{ id: 'b1', name: 'bastion-hub', sku: 'Standard', enableTunneling: true, vnetId: 'vnet1' }],
      }}
      initial={ANSWERS}
      findings={FINDINGS['role-assignment'] ?? []}
    />,
  ],
  [
    'service-principal',
    'Service principals',
    <StepHarness
      key="s"
      id="service-principal"
      connection={CONNECT_INFO}
      initial={ANSWERS}
      findings={FINDINGS['service-principal'] ?? []}
    />,
  ],
  [
    'conditional-access',
    'Conditional Access',
    <StepHarness
      key="ca"
      id="conditional-access"
      connection={CONNECT_INFO}
      snapshot={{ ...SNAPSHOT, securityDefaultsEnabled: true, licenceP1: true }}
      initial={{ ...ANSWERS, caState: 'on' }}
      findings={FINDINGS['conditional-access'] ?? []}
    />,
  ],
  [
    'client-readiness',
    'Client readiness',
    <StepHarness
      key="cr"
      id="client-readiness"
      connection={CONNECT_INFO}
      snapshot={{
        ...SNAPSHOT,
        authMethods: {
          'aaaaaaaa-0000-4000-8000-000000000001': {
            windowsHelloForBusiness: 1,
            fido2: 0,
            microsoftAuthenticator: 1,
            methodsRegistered: [],
          },
        },
      }}
      initial={ANSWERS}
      findings={FINDINGS['client-readiness'] ?? []}
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
    // The whole report scrolled into one frame: the sign-in chain picture and the next steps at the end.
    'summary-report',
    'Next steps',
    <Summary
      key="sr"
      connection={CONNECT_INFO}
      reason="completed"
      plan={PLAN}
      result={{
        outcome: 'completed',
        succeeded: PLAN.actions.map((a) => a.id),
        alreadyDone: [],
        skipped: [],
        failed: [],
      }}
      verification={VERIFICATION}
      height={80}
      onExit={noop}
    />,
    100,
  ],
  [
    'start',
    'What would you like to do?',
    <TaskChoice key="t" connection={CONNECT_INFO} vmCount={5} onChoose={noop} onQuit={noop} />,
  ],
  [
    'doctor-ask',
    'Method:',
    <DoctorAsk
      key="da"
      connection={CONNECT_INFO}
      question={{ user: 'bob@contoso.example', vm: INVENTORY.vms[0]!.id }}
      vms={INVENTORY.vms}
      onAnswer={noop}
      onLookup={async () => []}
      onNext={noop}
      onBack={noop}
      onQuit={noop}
    />,
  ],
  [
    'doctor',
    'What they see',
    <Doctor key="d" connection={CONNECT_INFO} result={DOCTOR_RESULT} onFix={noop} onBack={noop} onQuit={noop} />,
  ],
  [
    // The whole report in one frame: the chain picture, what is wrong and the fix.
    'doctor-report',
    'The fix',
    <Doctor
      key="dr"
      connection={CONNECT_INFO}
      result={DOCTOR_RESULT}
      height={120}
      onFix={noop}
      onBack={noop}
      onQuit={noop}
    />,
    140,
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

/** The detail view as it opens over a screen: a stack of one. */
const PANELS: Panels = { current: undefined, openDetail: noop, openList: noop, back: noop };
const longest = [...PLAN.actions].sort((a, b) => b.command.length - a.command.length)[0]!;
const vmRow = stepView('vm-selection', INVENTORY, parseAnswers({})).rows[0]!;
const DETAILS: [string, string, ReactElement][] = [
  [
    'detail-action',
    'Equivalent command',
    <PanelView
      key="da"
      panel={{ kind: 'detail', detail: actionDetail(longest, PLAN) }}
      panels={PANELS}
      parent="Plan review"
      connection={CONNECT_INFO}
      onQuit={noop}
    />,
  ],
  [
    'detail-finding',
    'What to do',
    <PanelView
      key="df"
      panel={{ kind: 'detail', detail: findingDetail(PLAN.findings[0]!, PLAN) }}
      panels={PANELS}
      parent="Plan review"
      connection={CONNECT_INFO}
      onQuit={noop}
    />,
  ],
  [
    'detail-vm',
    'Resource group',
    <PanelView
      key="dv"
      panel={{ kind: 'detail', detail: vmDetail(vmRow, FINDINGS['vm-selection'] ?? []) }}
      panels={PANELS}
      parent="VM selection"
      connection={CONNECT_INFO}
      onQuit={noop}
    />,
  ],
];

describe('golden frames', () => {
  for (const [name, marker, element, tall] of [...SCREENS, ...DETAILS]) {
    for (const columns of [80, 120]) {
      it(`${name} at ${columns} columns`, async () => {
        // 80 columns by 24 rows, the smallest terminal the wizard is made for; 120 by 40.
        const r = renderScreen(element, { columns, rows: tall ?? (columns === 80 ? 24 : 40) });
        await r.waitForText(marker);
        expectGolden(`${name}.${columns}`, await r.settled());
      });
    }
  }
});
