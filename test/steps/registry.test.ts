/**
 * The registry and its assessor: one list of steps, each evaluated from its facts once, and re-evaluated only
 * when an answer it reads changes. The `reads` lists are checked against what the rules really read.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Answers } from '../../src/plan/answers';
import { BUILT_IN_STEPS, createAssessor, createRegistry, STEPS } from '../../steps/registry';
import type { AnyStep } from '../../steps/shared/contract';
import {
  alice,
  answers,
  baseSnapshot,
  bastionReady,
  bob,
  breakGlass,
  linuxVm,
  policy,
  vmUsersGroup,
  windowsVm,
} from './steps-4-6/fixtures';

/** One alternative value per answer field, each different from the fixtures' defaults. */
const CHANGES: { [K in keyof Answers]?: Answers[K] } = {
  admins: [bob.ref],
  users: [vmUsersGroup.ref],
  scope: 'subscription',
  connections: ['rdp-password', 'bastion-native', 'ssh'],
  ca: 'phishing-resistant',
  caState: 'on',
  exclude: [breakGlass.ref],
  breakGlassOk: true,
  disablePerUserMfa: false,
  disableSecurityDefaults: true,
  intune: true,
  whfbTrust: 'key',
  clientOsBuild: '10.0.19041.1',
};

function richSnapshot() {
  const bastion = bastionReady(windowsVm('vm1'));
  return baseSnapshot({
    ...bastion,
    vms: [
      ...bastion.vms!,
      linuxVm('lx1'),
      // A Windows 11 VM with no extension yet: identity, extension and Intune choices all show on it.
      windowsVm('client1', {
        osName: 'Windows 11 Enterprise',
        osVersion: '10.0.22631.1',
        image: { publisher: 'MicrosoftWindowsDesktop', offer: 'windows-11', sku: 'win11-23h2-ent', version: 'latest' },
        identity: { type: 'None', userAssignedIds: [] },
        extensions: [],
      }),
    ],
    securityDefaultsEnabled: true,
    perUserMfa: { [alice.id]: 'enforced' },
    caPolicies: [policy('existing', { state: 'enabledForReportingButNotEnforced' })],
  });
}

describe('step registry', () => {
  it('lists the six steps in wizard order, each action kind owned once', () => {
    expect(STEPS.ids).toEqual([
      'vm-selection',
      'identity-extension',
      'role-assignment',
      'service-principal',
      'conditional-access',
      'client-readiness',
    ]);
    const kinds = BUILT_IN_STEPS.flatMap((s) => s.actionKinds);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(Object.keys(STEPS.handlers()).sort()).toEqual([...kinds].sort());
  });

  it('refuses two steps claiming one action kind, and a kind without a handler', () => {
    const [first] = BUILT_IN_STEPS.filter((s) => s.actionKinds.length > 0) as [AnyStep];
    expect(() => createRegistry([first, { ...first, id: 'copy' }])).toThrow(/claimed by both/);
    expect(() => createRegistry([{ ...first, handlers: {} }])).toThrow(/no handler/);
  });

  it('runs discovery in phases: the VM selection first, then every other step together', () => {
    expect(STEPS.phases().map((phase) => phase.map((s) => s.id))).toEqual([
      ['vm-selection'],
      ['identity-extension', 'role-assignment', 'service-principal', 'conditional-access', 'client-readiness'],
    ]);
  });
});

describe('assessor', () => {
  it("each step's outcome changes only with the answers it says it reads", () => {
    const snapshot = richSnapshot();
    const before = answers({ admins: [alice.ref], connections: ['rdp-web-account'] });
    for (const step of STEPS.steps) {
      const base = JSON.stringify(STEPS.evaluate(step, snapshot, before));
      for (const [field, value] of Object.entries(CHANGES) as [keyof Answers, never][]) {
        if (step.reads.includes(field)) continue;
        const after = JSON.stringify(STEPS.evaluate(step, snapshot, { ...before, [field]: value }));
        expect(after, `${step.id} changed with ${field}, which it does not list in reads`).toBe(base);
      }
    }
  });

  it('evaluates again only the steps that read the changed answer', () => {
    // A step is evaluated when its facts are computed: count that per step.
    const spies = STEPS.steps.map((step) => vi.spyOn(step, 'facts'));
    const evaluated = () => STEPS.steps.filter((_, i) => spies[i]!.mock.calls.length > 0).map((s) => s.id);
    const clear = () => {
      for (const spy of spies) spy.mockClear();
    };
    const assess = createAssessor(STEPS);
    const snapshot = richSnapshot();
    const first = answers({ admins: [alice.ref] });
    assess(snapshot, first);
    expect(evaluated()).toEqual(STEPS.ids);
    clear();
    assess(snapshot, { ...first, intune: true });
    expect(evaluated()).toEqual(['identity-extension']);
    clear();
    assess(snapshot, { ...first, intune: true });
    expect(evaluated()).toEqual([]);
    for (const spy of spies) spy.mockRestore();
  });
});
