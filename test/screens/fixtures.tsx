/** Screen props built from the fake tenant: the same data every run, so goldens are stable. */

import type { ReactNode } from 'react';
import { useState } from 'react';
import type { Verification } from '../../src/machine/services';
import type { ActionProgress } from '../../src/machine/state';
import type { AnswersInput } from '../../src/plan/answers';
import { parseAnswers } from '../../src/plan/answers';
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
export const VERIFICATION: Verification = await createFakeServices().verify(PLAN);
export { CONNECT_INFO, FIXED_NOW };

export const noop = () => {};
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
