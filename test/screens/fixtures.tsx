/** Screen props built from the fake tenant: the same data every run, so goldens are stable. */

import { useWindowSize } from 'ink';
import type { ReactNode } from 'react';
import { useState } from 'react';
import type { ConnectInfo, FindingLike, Verification, WizardServices } from '../../src/machine/services';
import type { ActionProgress } from '../../src/machine/state';
import type { Answers, AnswersInput } from '../../src/plan/answers';
import { answersWithDefaults, parseAnswers } from '../../src/plan/answers';
import type { PrincipalFacts, Snapshot } from '../../src/plan/snapshot';
import type { StepId } from '../../src/plan/types';
import { GENERIC_STEP_SCREEN, STEP_SCREENS } from '../../src/wizard/step-screens';
import { outcomeWhileAnswering, STEPS } from '../../steps/registry';
import type { StepView } from '../../steps/shared/contract';
import {
  CONNECT_INFO,
  createFakeServices,
  FIXED_NOW,
  fakeFindings,
  fakePlan,
  fakeSnapshot,
  VMS,
} from './fake-services';

export const ANSWERS: AnswersInput = {
  vms: [VMS[0]!.id, VMS[2]!.id, VMS[3]!.id],
  admins: ['alice@contoso.example'],
  users: ['bob@contoso.example'],
  connections: ['rdp-web-account', 'bastion-native'],
  exclude: ['breakglass@contoso.example'],
};
export const PARSED = parseAnswers(ANSWERS);
export const INVENTORY = fakeSnapshot(VMS, parseAnswers({}));
export const SNAPSHOT = fakeSnapshot(VMS, PARSED);
export const FINDINGS = fakeFindings(SNAPSHOT, PARSED);
export const PLAN = fakePlan(SNAPSHOT, PARSED);
/** The doctor's report for bob on vm-web-01, every method that fits. */
export const DOCTOR_RESULT = await createFakeServices().doctor(
  { user: 'bob@contoso.example', vm: VMS[0]!.id },
  () => {},
);
export const VERIFICATION: Verification = await createFakeServices().verify(PLAN);
export { CONNECT_INFO, FIXED_NOW };

export const noop = () => {};
const FAKE_SERVICES = createFakeServices();
export const stepCallbacks = { onAnswer: noop, onNext: noop, onBack: noop, onQuit: noop };

/** Apply progress with one action in each state, the third failed and waiting for a decision. */
export const PROGRESS: Record<string, ActionProgress> = {
  a1: { status: 'done', retries: 0, elapsedMs: 2000 },
  a2: { status: 'done', retries: 1, elapsedMs: 3100 },
  a3: { status: 'failed', retries: 0, message: 'The extension on vm-app-01 reports a timeout' },
  a4: { status: 'running', retries: 0, startedAt: FIXED_NOW - 12_300 },
  a5: { status: 'retrying', retries: 2, message: 'throttled: waiting 4s' },
  a6: { status: 'skipped', retries: 0 },
  a7: { status: 'interrupted', retries: 0 },
};

/** Holds answers for a controlled step screen, as the machine would. */
export function Controlled(p: {
  initial: AnswersInput;
  onAnswers?: (a: AnswersInput) => void;
  children: (answers: AnswersInput, onAnswer: (patch: Partial<AnswersInput>) => void) => ReactNode;
}) {
  const [answers, setAnswers] = useState(p.initial);
  return p.children(answers, (patch) => {
    const next = { ...answers, ...patch };
    setAnswers(next);
    p.onAnswers?.(next);
  });
}

/**
 * One step screen as the wizard draws it: answers held here as the machine holds them, resolved with the
 * schema's defaults, the step's own view model from the registry, and the step's screen (or the generic one).
 */
export function StepHarness(p: {
  id: StepId;
  snapshot?: Snapshot;
  /** The VMs of the tenant, instead of the fixture snapshot's. */
  vms?: Snapshot['vms'];
  initial?: AnswersInput;
  onAnswers?: (a: AnswersInput) => void;
  onAnswer?: (patch: Partial<AnswersInput>) => void;
  onNext?: () => void;
  onBack?: () => void;
  findings?: readonly FindingLike[];
  notice?: string;
  connection?: ConnectInfo;
  lookup?: (text: string) => Promise<PrincipalFacts[]>;
  height?: number;
}) {
  const [answers, setAnswers] = useState<AnswersInput>(p.initial ?? {});
  const { columns } = useWindowSize();
  const base = p.snapshot ?? SNAPSHOT;
  const snapshot = p.vms ? { ...base, vms: [...p.vms] } : base;
  const resolved = answersWithDefaults(answers);
  const render = STEP_SCREENS[p.id] ?? GENERIC_STEP_SCREEN;
  // Lookups go to the fake tenant's principals unless the test gives its own.
  const services = {
    lookupPrincipal: p.lookup ?? ((t: string) => FAKE_SERVICES.lookupPrincipal(t)),
  } as unknown as WizardServices;
  return render(
    {
      connection: p.connection,
      title: STEPS.title(p.id),
      step: STEPS.ids.indexOf(p.id) + 1,
      answers: resolved,
      view: stepView(p.id, snapshot, resolved),
      findings: p.findings ?? [],
      notice: p.notice,
      onAnswer: (patch) => {
        const next = { ...answers, ...patch };
        setAnswers(next);
        p.onAnswer?.(patch);
        p.onAnswers?.(next);
      },
      onNext: p.onNext ?? noop,
      onBack: p.onBack ?? noop,
      onQuit: noop,
    },
    { services, listHeight: p.height, width: columns },
  );
}

/** A step's view model as the wizard computes it: over the whole inventory on the selection step, else the chosen VMs. */
export function stepView(id: StepId, snapshot: Snapshot, answers: Answers): StepView {
  const chosen =
    id !== STEPS.ids[0] && answers.vms.length
      ? {
          ...snapshot,
          vms: snapshot.vms.filter((v) => answers.vms.some((s) => s.toLowerCase() === v.id.toLowerCase())),
        }
      : snapshot;
  return outcomeWhileAnswering(STEPS.byId(id), chosen, answers).view;
}
