import { describe, expect, it } from 'vitest';
import { signInChain } from '../../../src/checks/signin-chain';
import { predictOutcome } from '../../../src/checks/signin-outcome';
import { renderChainLines } from '../../../src/output/chain';
import type { Snapshot } from '../../../src/plan/snapshot';
import type { ConnectionMethod } from '../../../src/plan/types';
import {
  alice,
  answers,
  baseSnapshot,
  bastionReady,
  methods,
  policy,
  WEB_APPS,
  windowsVm,
} from '../../steps/steps-4-6/fixtures';
import { expectGolden } from '../output/golden';

function chainFor(snapshot: Snapshot, method: ConnectionMethod) {
  const vm = snapshot.vms[0]!;
  const prediction = predictOutcome({ snapshot, answers: answers(), vm, user: alice, method });
  return signInChain({ snapshot, vm, user: alice, prediction });
}

const states = (c: ReturnType<typeof chainFor>) => c.links.map((l) => `${l.id}:${l.state}${l.decisive ? '!' : ''}`);

describe('signInChain: each link with its state, the deciding failure marked', () => {
  it('all links ok when a policy requires MFA and the VM is ready', () => {
    const c = chainFor(
      baseSnapshot({ caPolicies: [policy('p', { name: 'Web MFA', apps: WEB_APPS })] }),
      'rdp-web-account',
    );
    expect(states(c)).toEqual(['client:ok', 'token:ok', 'vm:ok']);
    expect(c.outcome).toBe('mfa-then-success');
    expect(c.links.find((l) => l.id === 'token')?.facts).toEqual(['MFA required', 'methods: Authenticator']);
    expect(c.links.find((l) => l.id === 'vm')?.facts).toEqual([
      'AADLoginForWindows succeeded',
      'Entra joined',
      'login role held',
    ]);
  });

  it('a report-only policy: the token link says no MFA and why, nothing fails', () => {
    const c = chainFor(
      baseSnapshot({
        caPolicies: [policy('p', { name: 'Web MFA', apps: WEB_APPS, state: 'enabledForReportingButNotEnforced' })],
      }),
      'rdp-web-account',
    );
    expect(states(c)).toEqual(['client:ok', 'token:no-mfa', 'vm:ok']);
    expect(c.links[1]!.facts[0]).toBe('no MFA: the policy is report-only');
  });

  it('no extension: the VM link fails and decides; the token link still says what MFA would do', () => {
    const c = chainFor(baseSnapshot({ vms: [windowsVm('vm1', { extensions: [] })] }), 'rdp-web-account');
    expect(states(c)).toEqual(['client:ok', 'token:no-mfa', 'vm:fail!']);
    expect(c.links[2]!.notes).toEqual([
      {
        link: 'vm',
        kind: 'fails',
        decisive: true,
        text: 'vm1 has no AADLoginForWindows extension, so it is not joined to Entra ID',
      },
    ]);
  });

  it('through Bastion: a Bastion link appears, and a Basic SKU fails there before the VM', () => {
    const vm = windowsVm('vm1', { extensions: [] });
    const c = chainFor(baseSnapshot(bastionReady(vm, 'Basic')), 'bastion-native');
    expect(states(c)).toEqual(['client:ok', 'token:no-mfa', 'bastion:fail!', 'vm:fail']);
    expect(c.links[2]!.title).toBe('Bastion bas1');
    expect(c.links[2]!.facts).toEqual(['Basic SKU']);
  });

  it('per-user MFA fails at the client link, which the picture marks', () => {
    const c = chainFor(
      baseSnapshot({
        perUserMfa: { [alice.id]: 'enforced' },
        authMethods: { [alice.id]: methods() },
        caPolicies: [policy('p', { apps: WEB_APPS })],
      }),
      'rdp-password',
    );
    expect(c.links.find((l) => l.id === 'client')?.state).toBe('fail');
    expect(c.links.find((l) => l.id === 'client')?.decisive).toBe(true);
  });
});

describe('renderChainLines', () => {
  const failing = chainFor(
    baseSnapshot(bastionReady(windowsVm('vm-reporting-prod-weu-01', { extensions: [] }), 'Basic')),
    'bastion-native',
  );

  it('fits the width, marks the failing link in words, and writes no escape codes without colour', () => {
    for (const width of [40, 60, 80, 120]) {
      const lines = renderChainLines(failing, { color: false, width });
      for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(width);
      expect(lines.join('\n')).toContain('FAILS HERE');
      expect(lines.join('\n')).not.toContain('\u001b');
    }
    // Wide enough for the boxes: drawn side by side; too narrow: one under another.
    expect(renderChainLines(failing, { color: false, width: 80 })[1]).toMatch(/^┌/);
    expect(renderChainLines(failing, { color: false, width: 40 })).toContain('  ↓');
  });

  it('colours only the glyphs, from the same states', () => {
    const text = renderChainLines(failing, { color: true, width: 80 }).join('\n');
    expect(text).toContain('\u001b[31m✖\u001b[39m FAILS HERE');
    expect(text).toContain('\u001b[32m✔\u001b[39m ok');
  });

  it('matches the golden pictures at 80 and 120 columns', async () => {
    const ok = chainFor(
      baseSnapshot({ caPolicies: [policy('p', { name: 'Web MFA', apps: WEB_APPS })] }),
      'rdp-web-account',
    );
    for (const width of [80, 120]) {
      const text = [failing, ok].map((c) => renderChainLines(c, { color: false, width }).join('\n')).join('\n\n');
      await expectGolden(`chain.${width}.txt`, `${text}\n`);
    }
  });
});
